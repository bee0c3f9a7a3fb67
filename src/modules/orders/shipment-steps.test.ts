import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { AllocationResult, Order, Shipment } from './orders.js';
import {
  addStock,
  levelOf,
  makeStore,
  movementsFor,
  orderBody,
  type TestStore,
} from './orders.factories.js';
import { markShipmentPacked } from './use-cases/shipment-steps.js';

type WithAllocation = Order & { allocation: AllocationResult };
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

describe(`shipment steps (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const level = (productId: string, locationId: string) => levelOf(t.ctx.db, productId, locationId);
  async function orderWith(store: TestStore, o: Record<string, unknown>) {
    const res = await t.call<WithAllocation>('POST', '/api/orders', orderBody(store, o));
    assert.equal(res.status, 201);
    return res.body;
  }
  const step = <T = Order>(order: Order, shipment: Shipment, name: string, body?: unknown) =>
    t.call<T>('POST', `/api/orders/${order.id}/shipments/${shipment.id}/${name}`, body);
  const only = (order: Order): Shipment => {
    assert.equal(order.shipments.length, 1);
    return order.shipments[0] as Shipment;
  };
  const counters = (order: Order) =>
    order.lines.map((l) => ({
      allocated: l.qtyAllocated,
      packed: l.qtyPacked,
      shipped: l.qtyShipped,
      delivered: l.qtyDelivered,
    }));

  it('packs, ships and delivers, moving counters and stock at the shipment’s location', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.blue.id, s.w1.id, 3);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 2);
    const order = await orderWith(s, {
      lines: [
        { sku: s.blue.sku, qty: 1 },
        { sku: s.mug.sku, qty: 2 },
      ],
    });
    const shipment = only(order);

    const packed = await step(order, shipment, 'pack');
    assert.equal(packed.status, 200);
    assert.equal(only(packed.body).status, 'packed');
    assert.equal(only(packed.body).packedAt, t.clock.now().toISOString());
    assert.deepEqual(counters(packed.body), [
      { allocated: 1, packed: 1, shipped: 0, delivered: 0 },
      { allocated: 2, packed: 2, shipped: 0, delivered: 0 },
    ]);
    assert.deepEqual(await level(s.blue.id, s.w1.id), { onHand: 3, reserved: 1 });

    t.clock.advance(3_600_000);
    const shipped = await step(order, shipment, 'ship', {
      carrier: 'DHL',
      trackingNumber: 'JD0001',
      serviceLevel: 'express',
    });
    assert.equal(shipped.status, 200);
    const out = only(shipped.body);
    assert.deepEqual(
      [out.status, out.carrier, out.trackingNumber, out.serviceLevel],
      ['shipped', 'DHL', 'JD0001', 'express'],
    );
    assert.deepEqual(
      counters(shipped.body).map((c) => c.shipped),
      [1, 2],
    );
    assert.deepEqual(await level(s.blue.id, s.w1.id), { onHand: 2, reserved: 0 });
    assert.deepEqual(await level(s.mug.id, s.w1.id), { onHand: 0, reserved: 0 });
    const ledger = await movementsFor(t.ctx.db, shipment.id);
    assert.deepEqual(
      ledger
        .map((m) => [m.kind, m.productId, m.locationId, m.onHandDelta, m.reservedDelta, m.refType])
        .sort(),
      [
        ['pick', s.blue.id, s.w1.id, -1, -1, 'shipment'],
        ['pick', s.mug.id, s.w1.id, -2, -2, 'shipment'],
        ['reservation', s.blue.id, s.w1.id, 0, 1, 'shipment'],
        ['reservation', s.mug.id, s.w1.id, 0, 2, 'shipment'],
      ].sort(),
    );

    t.clock.advance(3_600_000);
    const delivered = await step(order, shipment, 'deliver', {});
    assert.equal(delivered.status, 200);
    assert.equal(only(delivered.body).status, 'delivered');
    assert.deepEqual(
      counters(delivered.body).map((c) => c.delivered),
      [1, 2],
    );
    assert.equal(delivered.body.status, 'completed');
    assert.equal(delivered.body.closedAt, t.clock.now().toISOString());
  });

  it('closes the order on its last delivery only, at the delivery time given', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    await addStock(t.ctx.db, s.mug.id, s.w2.id, 1);
    const order = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 2 }] });
    assert.equal(order.shipments.length, 2);
    const shippedAt = t.clock.now().toISOString();
    for (const shipment of order.shipments) {
      await step(order, shipment, 'pack');
      await step(order, shipment, 'ship', { carrier: 'UPS' });
    }
    t.clock.advance(86_400_000);
    const [first, second] = order.shipments as [Shipment, Shipment];
    const one = await step(order, first, 'deliver', {});
    assert.equal(one.body.status, 'open');
    assert.equal(one.body.closedAt, null);
    assert.equal(one.body.lines[0]?.qtyDelivered, 1);

    const deliveredAt = new Date(Date.parse(shippedAt) + 7_200_000).toISOString();
    const two = await step(order, second, 'deliver', { deliveredAt });
    assert.equal(two.status, 200);
    assert.equal(two.body.status, 'completed');
    assert.equal(two.body.closedAt, deliveredAt);
  });

  it('refuses a delivery time before the shipping time or in the future', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    const order = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 1 }] });
    const shipment = only(order);
    await step(order, shipment, 'pack');
    await step(order, shipment, 'ship', { carrier: 'UPS' });
    for (const offset of [-60_000, 60_000]) {
      const deliveredAt = new Date(t.clock.now().getTime() + offset).toISOString();
      const res = await step<ErrorBody>(order, shipment, 'deliver', { deliveredAt });
      assert.equal(res.status, 400);
      assert.equal((res.body.error.details.fields as { path: string }[])[0]?.path, 'deliveredAt');
    }
    const after = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.equal(only(after.body).status, 'shipped');
  });

  it('cancelling a packed shipment releases its stock, allocation and packing', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.blue.id, s.w1.id, 2);
    const order = await orderWith(s, { lines: [{ sku: s.blue.sku, qty: 2 }] });
    const shipment = only(order);
    await step(order, shipment, 'pack');
    const res = await step(order, shipment, 'cancel', { reason: 'customer changed address' });
    assert.equal(res.status, 200);
    assert.equal(only(res.body).status, 'cancelled');
    assert.deepEqual(counters(res.body), [{ allocated: 0, packed: 0, shipped: 0, delivered: 0 }]);
    assert.equal(res.body.status, 'open');
    assert.deepEqual(await level(s.blue.id, s.w1.id), { onHand: 2, reserved: 0 });
    const release = (await movementsFor(t.ctx.db, shipment.id)).find((m) => m.kind === 'release');
    assert.deepEqual(
      release && [release.locationId, release.reservedDelta, release.refType, release.reason],
      [s.w1.id, -2, 'shipment', 'customer changed address'],
    );
    const again = await t.call<WithAllocation>('POST', `/api/orders/${order.id}/allocations`, {});
    assert.equal(again.body.lines[0]?.qtyAllocated, 2);
    assert.deepEqual(await level(s.blue.id, s.w1.id), { onHand: 2, reserved: 2 });
  });

  it('cancelling a pending shipment needs no body and keeps the packed count', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    const order = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 1 }] });
    const res = await step(order, only(order), 'cancel');
    assert.equal(res.status, 200);
    assert.deepEqual(counters(res.body), [{ allocated: 0, packed: 0, shipped: 0, delivered: 0 }]);
    assert.deepEqual(await level(s.mug.id, s.w1.id), { onHand: 1, reserved: 0 });
  });

  it('refuses an illegal step with 409 and the shipment’s current status, changing nothing', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    const order = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 1 }] });
    const shipment = only(order);
    const expectRefused = async (name: string, status: string, body?: unknown) => {
      const res = await step<ErrorBody>(order, shipment, name, body);
      assert.equal(res.status, 409, `${name} from ${status}`);
      assert.equal(res.body.error.code, 'invalid_transition');
      assert.equal(res.body.error.details.status, status);
      assert.match(res.body.error.message, new RegExp(`is ${status}`));
    };
    await expectRefused('deliver', 'pending', {});
    await expectRefused('ship', 'pending', { carrier: 'UPS' });
    await step(order, shipment, 'pack');
    await expectRefused('pack', 'packed');
    await step(order, shipment, 'ship', { carrier: 'UPS' });
    await expectRefused('cancel', 'shipped', {});
    await expectRefused('pack', 'shipped');
    const after = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.deepEqual(counters(after.body), [{ allocated: 1, packed: 1, shipped: 1, delivered: 0 }]);
    assert.deepEqual(await level(s.mug.id, s.w1.id), { onHand: 0, reserved: 0 });
  });

  it('ships a shipment once when the same step is sent twice at the same moment', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 4);
    const order = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 2 }] });
    const shipment = only(order);
    await step(order, shipment, 'pack');
    const results = await Promise.all([
      step(order, shipment, 'ship', { carrier: 'UPS' }),
      step(order, shipment, 'ship', { carrier: 'UPS' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    assert.deepEqual(await level(s.mug.id, s.w1.id), { onHand: 2, reserved: 0 });
    const after = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.equal(after.body.lines[0]?.qtyShipped, 2);
  });

  it('hands a store pickup over without packing or a carrier', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.lamp.id, s.s1.id, 1);
    const order = await orderWith(s, {
      deliveryMethod: 'pickup',
      pickupLocationId: s.s1.id,
      lines: [{ sku: s.lamp.sku, qty: 1 }],
    });
    const shipment = only(order);
    const handed = await step(order, shipment, 'ship', {});
    assert.equal(handed.status, 200);
    assert.deepEqual([only(handed.body).status, only(handed.body).carrier], ['shipped', null]);
    assert.deepEqual(counters(handed.body), [
      { allocated: 1, packed: 0, shipped: 1, delivered: 0 },
    ]);
    assert.deepEqual(await level(s.lamp.id, s.s1.id), { onHand: 0, reserved: 0 });
    const done = await step(order, shipment, 'deliver', {});
    assert.equal(done.body.status, 'completed');
  });

  it('requires a carrier to ship an outbound shipment', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    const order = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 1 }] });
    const shipment = only(order);
    await step(order, shipment, 'pack');
    const res = await step<ErrorBody>(order, shipment, 'ship', {});
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.error.details.fields, [
      { path: 'carrier', message: 'is required unless it is a store pickup' },
    ]);
    assert.deepEqual(await level(s.mug.id, s.w1.id), { onHand: 1, reserved: 1 });
  });

  it('answers 404 for a shipment that is not the order’s', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 2);
    const a = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 1 }] });
    const b = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 1 }] });
    const res = await step<ErrorBody>(a, only(b), 'pack');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'shipment_not_found');
    const none = await t.call<ErrorBody>('POST', `/api/orders/${a.id}/shipments/shp_none/pack`);
    assert.equal(none.status, 404);
  });

  it('packs inside the caller’s transaction, so a later failure undoes the packing', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    const order = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 1 }] });
    const shipment = only(order);
    const ref = { now: t.clock.now().toISOString(), actor: 'station:1' };
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        const packed = await markShipmentPacked(trx, { shipmentId: shipment.id }, ref);
        assert.equal(packed.status, 'packed');
        throw new Error('scan verification failed after packing');
      }),
      /scan verification failed/,
    );
    const after = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.equal(only(after.body).status, 'pending');
    assert.equal(after.body.lines[0]?.qtyPacked, 0);
  });
});
