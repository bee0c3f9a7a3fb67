import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { AllocationResult, Order, Shipment } from './orders.js';
import { addStock, levelOf, makeStore, orderBody, type TestStore } from './orders.factories.js';
import { blockShipment, shortShipment, unblockShipment } from './use-cases/shipment-holds.js';

type WithAllocation = Order & { allocation: AllocationResult };
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

describe(`shipment holds of pack verification (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const ref = () => ({ now: t.clock.now().toISOString(), actor: 'staff:packer' });
  const inTrx = <T>(fn: (trx: TestApp['ctx']['db']) => Promise<T>) =>
    t.ctx.db.transaction().execute(fn);
  async function orderWith(store: TestStore, lines: { sku: string; qty: number }[]) {
    const res = await t.call<WithAllocation>('POST', '/api/orders', orderBody(store, { lines }));
    assert.equal(res.status, 201);
    const shipment = res.body.shipments[0] as Shipment;
    return { order: res.body, shipment };
  }
  const step = <T = Order>(order: Order, shipment: Shipment, name: string, body?: unknown) =>
    t.call<T>('POST', `/api/orders/${order.id}/shipments/${shipment.id}/${name}`, body);

  it('refuses to pack or ship a blocked shipment until it is unblocked; cancelling stays open', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 2);
    const { order, shipment } = await orderWith(s, [{ sku: s.mug.sku, qty: 1 }]);
    const blocked = await inTrx((trx) =>
      blockShipment(trx, { shipmentId: shipment.id }, 'pack session pks_1: wrong_item', ref()),
    );
    assert.equal(blocked.blockedAt, ref().now);
    assert.equal(blocked.blockedReason, 'pack session pks_1: wrong_item');

    for (const name of ['pack', 'ship']) {
      const res = await step<ErrorBody>(order, shipment, name, { carrier: 'DHL' });
      assert.equal(res.status, 409, name);
      assert.equal(res.body.error.code, 'invalid_state');
      assert.match(res.body.error.message, /blocked by pack verification \(pack session pks_1/);
      assert.equal(res.body.error.details.step, name);
    }
    const unblocked = await inTrx((trx) =>
      unblockShipment(trx, { shipmentId: shipment.id }, ref()),
    );
    assert.deepEqual([unblocked.blockedAt, unblocked.blockedReason], [null, null]);
    assert.equal((await step(order, shipment, 'pack')).status, 200);

    const other = await orderWith(s, [{ sku: s.mug.sku, qty: 1 }]);
    await inTrx((trx) => blockShipment(trx, { shipmentId: other.shipment.id }, 'held', ref()));
    const cancelled = await step(other.order, other.shipment, 'cancel', {});
    assert.equal(cancelled.status, 200, 'a blocked shipment can still be cancelled');
  });

  it('cuts a pending shipment, releasing the units and leaving them unallocated', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 3);
    await addStock(t.ctx.db, s.blue.id, s.w1.id, 1);
    const { order, shipment } = await orderWith(s, [
      { sku: s.blue.sku, qty: 1 },
      { sku: s.mug.sku, qty: 3 },
    ]);
    const [blueLine, mugLine] = shipment.lines;
    assert.ok(blueLine && mugLine);
    const cut = await inTrx((trx) =>
      shortShipment(
        trx,
        { shipmentId: shipment.id },
        [
          { shipmentLineId: mugLine.id, qty: 1 },
          { shipmentLineId: blueLine.id, qty: 1 },
        ],
        'not on the shelf',
        ref(),
      ),
    );
    assert.deepEqual(
      cut.lines.map((l) => [l.sku, l.qty]),
      [[s.mug.sku, 2]],
      'a line cut to nothing is gone',
    );
    assert.deepEqual(await levelOf(t.ctx.db, s.mug.id, s.w1.id), { onHand: 3, reserved: 2 });
    assert.deepEqual(await levelOf(t.ctx.db, s.blue.id, s.w1.id), { onHand: 1, reserved: 0 });
    const after = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.deepEqual(
      after.body.lines.map((l) => [l.sku, l.qtyAllocated]),
      [
        [s.blue.sku, 0],
        [s.mug.sku, 2],
      ],
    );

    await assert.rejects(
      inTrx((trx) =>
        shortShipment(
          trx,
          { shipmentId: shipment.id },
          [{ shipmentLineId: mugLine.id, qty: 2 }],
          'x',
          ref(),
        ),
      ),
      /would be left empty/,
    );
    await assert.rejects(
      inTrx((trx) =>
        shortShipment(
          trx,
          { shipmentId: shipment.id },
          [{ shipmentLineId: mugLine.id, qty: 3 }],
          'x',
          ref(),
        ),
      ),
      /no line .* with 3 units/,
    );
  });
});
