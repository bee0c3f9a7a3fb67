import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { AllocationResult, Order } from './orders.js';
import {
  addStock,
  levelOf,
  makeLocation,
  makeStore,
  movementsFor,
  orderBody,
  type TestStore,
} from './orders.factories.js';

type WithAllocation = Order & { allocation: AllocationResult };
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

describe(`allocating stock to orders (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const post = (store: TestStore, o: Record<string, unknown>) =>
    t.call<WithAllocation>('POST', '/api/orders', orderBody(store, o));
  const level = (productId: string, locationId: string) => levelOf(t.ctx.db, productId, locationId);

  it('reserves at one location of the order zone that can fill every line, even if another has more', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.blue.id, s.w1.id, 1);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 2);
    await addStock(t.ctx.db, s.blue.id, s.w2.id, 50);
    await addStock(t.ctx.db, s.mug.id, s.w2.id, 50);
    const res = await post(s, {
      lines: [
        { sku: s.blue.sku, qty: 1 },
        { sku: s.mug.sku, qty: 2 },
      ],
    });
    assert.equal(res.status, 201);
    const [shipment, ...others] = res.body.shipments;
    assert.ok(shipment);
    assert.equal(others.length, 0);
    assert.equal(shipment.locationId, s.w1.id);
    assert.equal(shipment.status, 'pending');
    assert.equal(shipment.kind, 'outbound');
    assert.deepEqual(
      shipment.lines.map((l) => [l.sku, l.qty]),
      [
        [s.blue.sku, 1],
        [s.mug.sku, 2],
      ],
    );
    assert.deepEqual(
      res.body.lines.map((l) => l.qtyAllocated),
      [1, 2],
    );
    assert.deepEqual(res.body.allocation.unallocated, []);
    assert.deepEqual(await level(s.blue.id, s.w1.id), { onHand: 1, reserved: 1 });
    assert.deepEqual(await level(s.mug.id, s.w1.id), { onHand: 2, reserved: 2 });
    assert.deepEqual(await level(s.blue.id, s.w2.id), { onHand: 50, reserved: 0 });
    const ledger = await movementsFor(t.ctx.db, shipment.id);
    assert.deepEqual(
      ledger.map((m) => [m.kind, m.locationId, m.reservedDelta, m.refType, m.actor]).sort(),
      [
        ['reservation', s.w1.id, 1, 'shipment', 'test admin'],
        ['reservation', s.w1.id, 2, 'shipment', 'test admin'],
      ],
    );
  });

  it('takes the whole order from the other zone rather than splitting it', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.blue.id, s.w1.id, 5);
    await addStock(t.ctx.db, s.blue.id, s.w2.id, 5);
    await addStock(t.ctx.db, s.mug.id, s.w2.id, 5);
    const res = await post(s, {
      lines: [
        { sku: s.blue.sku, qty: 1 },
        { sku: s.mug.sku, qty: 1 },
      ],
    });
    assert.deepEqual(
      res.body.shipments.map((x) => x.locationId),
      [s.w2.id],
    );
    assert.deepEqual(await level(s.blue.id, s.w1.id), { onHand: 5, reserved: 0 });
  });

  it('splits across locations only when none can fill, and reserves each part where it ships from', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.blue.id, s.w1.id, 1);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    await addStock(t.ctx.db, s.blue.id, s.w2.id, 3);
    const res = await post(s, {
      lines: [
        { sku: s.blue.sku, qty: 3 },
        { sku: s.mug.sku, qty: 1 },
      ],
    });
    const parts = res.body.shipments
      .map((x) => [x.locationId, x.lines.map((l) => [l.sku, l.qty])] as const)
      .sort();
    assert.deepEqual(
      parts,
      [
        [s.w1.id, [[s.mug.sku, 1]]],
        [s.w2.id, [[s.blue.sku, 3]]],
      ].sort(),
    );
    assert.deepEqual(await level(s.blue.id, s.w2.id), { onHand: 3, reserved: 3 });
    assert.deepEqual(await level(s.mug.id, s.w1.id), { onHand: 1, reserved: 1 });
    assert.deepEqual(await level(s.blue.id, s.w1.id), { onHand: 1, reserved: 0 });
    for (const shipment of res.body.shipments) {
      const ledger = await movementsFor(t.ctx.db, shipment.id);
      assert.ok(ledger.length > 0);
      assert.ok(ledger.every((m) => m.locationId === shipment.locationId));
    }
  });

  it('creates a short order, reports the unallocated rest, and allocates it when stock arrives', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.blue.id, s.w1.id, 2);
    await addStock(t.ctx.db, s.blue.id, s.w2.id, 1);
    const res = await post(s, { lines: [{ sku: s.blue.sku, qty: 5 }] });
    assert.equal(res.status, 201);
    const line = res.body.lines[0];
    assert.ok(line);
    assert.equal(line.qtyAllocated, 3);
    assert.deepEqual(res.body.allocation.unallocated, [
      { lineId: line.id, sku: s.blue.sku, qty: 2 },
    ]);
    assert.equal(res.body.shipments.length, 2);
    assert.deepEqual(await level(s.blue.id, s.w1.id), { onHand: 2, reserved: 2 });
    assert.deepEqual(await level(s.blue.id, s.w2.id), { onHand: 1, reserved: 1 });

    await addStock(t.ctx.db, s.blue.id, s.w2.id, 4);
    const later = await t.call<WithAllocation>(
      'POST',
      `/api/orders/${res.body.id}/allocations`,
      {},
    );
    assert.equal(later.status, 200);
    assert.deepEqual(
      later.body.allocation.shipments.map((x) => [x.locationId, x.lines[0]?.qty]),
      [[s.w2.id, 2]],
    );
    assert.deepEqual(later.body.allocation.unallocated, []);
    assert.equal(later.body.lines[0]?.qtyAllocated, 5);
    assert.deepEqual(await level(s.blue.id, s.w2.id), { onHand: 5, reserved: 3 });
  });

  it('allocates a pickup order at its store only, as a pickup shipment', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.lamp.id, s.s1.id, 1);
    await addStock(t.ctx.db, s.lamp.id, s.w1.id, 5);
    const res = await post(s, {
      deliveryMethod: 'pickup',
      pickupLocationId: s.s1.id,
      lines: [{ sku: s.lamp.sku, qty: 2 }],
    });
    assert.equal(res.status, 201);
    assert.deepEqual(
      res.body.shipments.map((x) => [x.locationId, x.kind, x.serviceLevel, x.lines[0]?.qty]),
      [[s.s1.id, 'pickup', 'pickup', 1]],
    );
    assert.equal(res.body.allocation.unallocated[0]?.qty, 1);
    assert.deepEqual(await level(s.lamp.id, s.s1.id), { onHand: 1, reserved: 1 });
    assert.deepEqual(await level(s.lamp.id, s.w1.id), { onHand: 5, reserved: 0 });
  });

  it('never reserves at locations that are inactive or cannot ship', async () => {
    const s = await makeStore(t.ctx.db);
    const closed = await makeLocation(t.ctx.db, { zone: 'city', active: false });
    await addStock(t.ctx.db, s.mug.id, closed.id, 9);
    await addStock(t.ctx.db, s.mug.id, s.s2.id, 9);
    const res = await post(s, { lines: [{ sku: s.mug.sku, qty: 1 }] });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.shipments, []);
    assert.equal(res.body.allocation.unallocated[0]?.qty, 1);
    assert.deepEqual(await level(s.mug.id, closed.id), { onHand: 9, reserved: 0 });
    assert.deepEqual(await level(s.mug.id, s.s2.id), { onHand: 9, reserved: 0 });
  });

  it('refuses a given location that cannot fill the lines, with details, reserving nothing', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.blue.id, s.w1.id, 1);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 5);
    const order = await post(s, {
      lines: [
        { sku: s.blue.sku, qty: 2 },
        { sku: s.mug.sku, qty: 1 },
      ],
      allocate: false,
    });
    const res = await t.call<ErrorBody>('POST', `/api/orders/${order.body.id}/allocations`, {
      locationId: s.w1.id,
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'insufficient_stock');
    assert.deepEqual(res.body.error.details, {
      locationId: s.w1.id,
      short: [{ sku: s.blue.sku, productId: s.blue.id, requested: 2, available: 1 }],
    });
    assert.deepEqual(await level(s.mug.id, s.w1.id), { onHand: 5, reserved: 0 });
    const after = await t.call<Order>('GET', `/api/orders/${order.body.id}`);
    assert.deepEqual(after.body.shipments, []);
  });

  it('allocates given lines and quantities from a given location, and no more than is left', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.blue.id, s.w2.id, 9);
    const order = await post(s, { lines: [{ sku: s.blue.sku, qty: 3 }], allocate: false });
    const lineId = order.body.lines[0]?.id ?? '';
    const url = `/api/orders/${order.body.id}/allocations`;
    const one = await t.call<WithAllocation>('POST', url, {
      locationId: s.w2.id,
      lines: [{ lineId, qty: 1 }],
    });
    assert.equal(one.status, 200);
    assert.equal(one.body.lines[0]?.qtyAllocated, 1);
    assert.deepEqual(await level(s.blue.id, s.w2.id), { onHand: 9, reserved: 1 });

    const tooMany = await t.call<ErrorBody>('POST', url, { lines: [{ lineId, qty: 3 }] });
    assert.equal(tooMany.status, 409);
    assert.equal(tooMany.body.error.code, 'quantity_exceeded');
    assert.equal(tooMany.body.error.details.available, 2);

    const unknown = await t.call<ErrorBody>('POST', url, { lines: [{ lineId: 'oln_x', qty: 1 }] });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.error.details.fields, [
      { path: 'lines.0.lineId', message: 'is not a line of this order' },
    ]);
    assert.deepEqual(await level(s.blue.id, s.w2.id), { onHand: 9, reserved: 1 });
  });

  it('reserves once when two allocations of the same order race', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 10);
    const order = await post(s, { lines: [{ sku: s.mug.sku, qty: 2 }], allocate: false });
    const url = `/api/orders/${order.body.id}/allocations`;
    const results = await Promise.all([t.call('POST', url, {}), t.call('POST', url, {})]);
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200],
    );
    const after = await t.call<Order>('GET', `/api/orders/${order.body.id}`);
    assert.equal(after.body.lines[0]?.qtyAllocated, 2);
    assert.equal(after.body.shipments.length, 1);
    assert.deepEqual(await level(s.mug.id, s.w1.id), { onHand: 10, reserved: 2 });
  });

  it('gives the last unit to one of two orders racing for it and never over-reserves', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.lamp.id, s.w1.id, 1);
    const [a, b] = await Promise.all([
      post(s, { lines: [{ sku: s.lamp.sku, qty: 1 }] }),
      post(s, { lines: [{ sku: s.lamp.sku, qty: 1 }] }),
    ]);
    assert.deepEqual([a.status, b.status], [201, 201]);
    const allocated = [a, b].map((r) => r.body.lines[0]?.qtyAllocated).sort();
    assert.deepEqual(allocated, [0, 1]);
    assert.deepEqual(await level(s.lamp.id, s.w1.id), { onHand: 1, reserved: 1 });
  });

  it('refuses to allocate an order that is closed', async () => {
    const s = await makeStore(t.ctx.db);
    const order = await post(s, { lines: [{ sku: s.mug.sku, qty: 1 }], allocate: false });
    const lineId = order.body.lines[0]?.id ?? '';
    await t.call('POST', `/api/orders/${order.body.id}/lines/${lineId}/cancel`, { qty: 1 });
    const res = await t.call<ErrorBody>('POST', `/api/orders/${order.body.id}/allocations`, {});
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'invalid_state');
    assert.equal(res.body.error.details.status, 'cancelled');
  });
});
