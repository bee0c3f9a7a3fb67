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

describe(`cancelling lines and recording returns (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function orderWith(store: TestStore, o: Record<string, unknown>) {
    const res = await t.call<WithAllocation>('POST', '/api/orders', orderBody(store, o));
    assert.equal(res.status, 201);
    return res.body;
  }
  const cancel = <T = Order>(order: Order, lineNo: number, qty: number) =>
    t.call<T>('POST', `/api/orders/${order.id}/lines/${order.lines[lineNo - 1]?.id}/cancel`, {
      qty,
    });
  /** Packs, ships and delivers every pending shipment of the order. */
  async function deliverAll(order: Order): Promise<Order> {
    let last = order;
    for (const shipment of order.shipments) {
      const base = `/api/orders/${order.id}/shipments/${shipment.id}`;
      await t.call('POST', `${base}/pack`);
      await t.call('POST', `${base}/ship`, { carrier: 'UPS' });
      last = (await t.call<Order>('POST', `${base}/deliver`, {})).body;
    }
    return last;
  }

  it('cancels unallocated units and refuses more, saying how many can be cancelled', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.blue.id, s.w1.id, 1);
    const order = await orderWith(s, { lines: [{ sku: s.blue.sku, qty: 3 }] });
    const tooMany = await cancel<ErrorBody>(order, 1, 3);
    assert.equal(tooMany.status, 409);
    assert.equal(tooMany.body.error.code, 'quantity_exceeded');
    assert.equal(tooMany.body.error.details.available, 2);
    assert.equal(tooMany.body.error.details.requested, 3);

    const ok = await cancel(order, 1, 2);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.lines[0]?.qtyCancelled, 2);
    assert.equal(ok.body.lines[0]?.qtyAllocated, 1);
    assert.equal(ok.body.status, 'open');
    const nothingLeft = await cancel<ErrorBody>(order, 1, 1);
    assert.equal(nothingLeft.status, 409);
    assert.equal(nothingLeft.body.error.details.available, 0);
    assert.deepEqual(await levelOf(t.ctx.db, s.blue.id, s.w1.id), { onHand: 1, reserved: 1 });
  });

  it('cancels the order when every unit of every line is cancelled', async () => {
    const s = await makeStore(t.ctx.db);
    const order = await orderWith(s, {
      lines: [
        { sku: s.blue.sku, qty: 1 },
        { sku: s.mug.sku, qty: 2 },
      ],
      allocate: false,
    });
    const first = await cancel(order, 1, 1);
    assert.equal(first.body.status, 'open');
    const last = await cancel(order, 2, 2);
    assert.equal(last.body.status, 'cancelled');
    assert.equal(last.body.closedAt, t.clock.now().toISOString());
  });

  it('completes a partly delivered order when the rest is cancelled', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    const order = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 2 }] });
    const delivered = await deliverAll(order);
    assert.equal(delivered.status, 'open');
    const res = await cancel(order, 1, 1);
    assert.equal(res.body.status, 'completed');
  });

  it('answers 404 for a line that is not the order’s', async () => {
    const s = await makeStore(t.ctx.db);
    const a = await orderWith(s, { allocate: false });
    const b = await orderWith(s, { allocate: false });
    const res = await t.call<ErrorBody>(
      'POST',
      `/api/orders/${a.id}/lines/${b.lines[0]?.id}/cancel`,
      { qty: 1 },
    );
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'order_line_not_found');
  });

  it('records a return with restock: returned count and on hand at the return location', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.blue.id, s.w1.id, 2);
    const order = await orderWith(s, { lines: [{ sku: s.blue.sku, qty: 2 }] });
    const delivered = await deliverAll(order);
    assert.equal(delivered.status, 'completed');
    const lineId = order.lines[0]?.id ?? '';
    const res = await t.call<Order>('POST', `/api/orders/${order.id}/returns`, {
      locationId: s.w2.id,
      lines: [{ lineId, qty: 1 }],
      restock: true,
      reason: 'did not fit',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.lines[0]?.qtyReturned, 1);
    assert.equal(res.body.status, 'completed');
    assert.deepEqual(await levelOf(t.ctx.db, s.blue.id, s.w2.id), { onHand: 1, reserved: 0 });
    assert.deepEqual(await levelOf(t.ctx.db, s.blue.id, s.w1.id), { onHand: 0, reserved: 0 });
    const ledger = await movementsFor(t.ctx.db, order.id);
    assert.deepEqual(
      ledger.map((m) => [m.kind, m.locationId, m.onHandDelta, m.refType, m.reason]),
      [['return', s.w2.id, 1, 'order', 'did not fit']],
    );
  });

  it('records a return without restock and moves no stock', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    const order = await orderWith(s, { lines: [{ sku: s.mug.sku, qty: 1 }] });
    await deliverAll(order);
    const res = await t.call<Order>('POST', `/api/orders/${order.id}/returns`, {
      locationId: s.w1.id,
      lines: [{ lineId: order.lines[0]?.id, qty: 1 }],
      restock: false,
      reason: 'broken in transit',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.lines[0]?.qtyReturned, 1);
    assert.deepEqual(await levelOf(t.ctx.db, s.mug.id, s.w1.id), { onHand: 0, reserved: 0 });
    assert.deepEqual(await movementsFor(t.ctx.db, order.id), []);
  });

  it('refuses to return more than delivered minus already returned, changing nothing', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 2);
    const order = await orderWith(s, {
      lines: [
        { sku: s.mug.sku, qty: 2 },
        { sku: s.blue.sku, qty: 1 },
      ],
    });
    await deliverAll(order);
    const url = `/api/orders/${order.id}/returns`;
    const [mugLine, blueLine] = order.lines;
    const first = await t.call('POST', url, {
      locationId: s.w1.id,
      lines: [{ lineId: mugLine?.id, qty: 1 }],
      restock: true,
      reason: 'unwanted',
    });
    assert.equal(first.status, 200);
    const over = await t.call<ErrorBody>('POST', url, {
      locationId: s.w1.id,
      lines: [{ lineId: mugLine?.id, qty: 2 }],
      restock: true,
      reason: 'unwanted',
    });
    assert.equal(over.status, 409);
    assert.equal(over.body.error.code, 'quantity_exceeded');
    assert.equal(over.body.error.details.available, 1);
    const undelivered = await t.call<ErrorBody>('POST', url, {
      locationId: s.w1.id,
      lines: [
        { lineId: mugLine?.id, qty: 1 },
        { lineId: blueLine?.id, qty: 1 },
      ],
      restock: true,
      reason: 'unwanted',
    });
    assert.equal(undelivered.status, 409);
    assert.equal(undelivered.body.error.details.available, 0);
    const after = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.deepEqual(
      after.body.lines.map((l) => l.qtyReturned),
      [1, 0],
    );
    assert.deepEqual(await levelOf(t.ctx.db, s.mug.id, s.w1.id), { onHand: 1, reserved: 0 });
  });

  it('refuses a return to a location that does not take returns', async () => {
    const s = await makeStore(t.ctx.db);
    const noReturns = await makeLocation(t.ctx.db, { canReturn: false });
    const order = await orderWith(s, { allocate: false });
    const res = await t.call<ErrorBody>('POST', `/api/orders/${order.id}/returns`, {
      locationId: noReturns.id,
      lines: [{ lineId: 'oln_other', qty: 1 }],
      restock: true,
      reason: 'unwanted',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(
      (res.body.error.details.fields as { path: string }[]).map((f) => f.path),
      ['locationId', 'lines.0.lineId'],
    );
  });
});
