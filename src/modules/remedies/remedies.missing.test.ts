import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { addStock, levelOf } from '../orders/orders.factories.js';
import { orderAt } from '../packing/packing.factories.js';
import {
  advance,
  choose,
  createOrder,
  getOrder,
  incidentOf,
  incidentsOfOrder,
  makeRemedyStore,
  packShort,
  planOf,
  shipmentSteps,
  stepOf,
} from './remedies.factories.js';

describe(`S3, S4 — missing units (${dialect})`, () => {
  let t: TestApp;
  let packerKey: string;
  before(async () => {
    t = await createTestApp();
    packerKey = await t.keyFor('packer');
  });
  after(() => t.close());

  it('S3: ships the 2 here now and the missing one from W2; resolved when both arrive, order complete', async () => {
    const s = await makeRemedyStore(t);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 3); // the shelf has only 2
    await addStock(t.ctx.db, s.mug.id, s.w2.id, 5);
    const { order, shipment } = await orderAt(t, s, s.w1.id, [{ sku: s.mug.sku, qty: 3 }]);
    const incidentId = await packShort(t, packerKey, shipment.id, [s.mug.sku, s.mug.sku]);
    await advance(t, 'PT1M');

    const plan = await planOf(t, incidentId, true);
    assert.equal(plan.ruleId, 'missing-item');
    assert.equal(plan.defaultOptionId, 'ship_missing');
    const ship = plan.options.find((o) => o.id === 'ship_missing');
    assert.equal(ship?.details.fromLocation, s.w2.code);
    assert.equal(
      (await incidentOf(t, incidentId)).state,
      'awaiting_customer',
      'verified by the plan',
    );

    await choose(t, incidentId, { optionId: 'ship_missing', channel: 'sms' });
    await advance(t, 'PT1M');
    const running = await planOf(t, incidentId);
    const step = stepOf(running, 'ship_missing');
    const [fromW2] = step.detail.shipmentIds as string[];
    assert.ok(fromW2);
    const o = await getOrder(t, order.id);
    const second = o.shipments.find((x) => x.id === fromW2);
    assert.deepEqual(
      [second?.locationId, second?.kind, second?.priority],
      [s.w2.id, 'outbound', 10],
    );
    assert.deepEqual(
      second?.lines.map((l) => l.qty),
      [1],
    );
    assert.deepEqual(await levelOf(t.ctx.db, s.mug.id, s.w2.id), { onHand: 5, reserved: 1 });

    await shipmentSteps(t, order.id, shipment.id, ['ship', 'deliver']);
    await advance(t, 'PT15M');
    assert.equal(
      (await incidentOf(t, incidentId)).state,
      'resolving',
      'one shipment is still on its way',
    );
    await shipmentSteps(t, order.id, fromW2, ['pack', 'ship', 'deliver']);
    await advance(t, 'PT15M');
    assert.equal((await incidentOf(t, incidentId)).state, 'resolved');
    const done = await getOrder(t, order.id);
    assert.equal(done.status, 'completed');
    assert.equal(done.lines[0]?.qtyDelivered, 3, 'delivered in full');
  });

  it('S4: nothing in stock — partial delivery with the restock date, 8,900 back meanwhile, backorder served first', async () => {
    const s = await makeRemedyStore(t);
    await addStock(t.ctx.db, s.lamp.id, s.w1.id, 1); // the record says 1; the shelf has none
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    const expectedAt = new Date(t.clock.now().getTime() + 6 * 86_400_000).toISOString();
    const po = await t.call<{ id: string }>('POST', '/api/inventory/purchase-orders', {
      reference: `PO-${Date.now()}`,
      locationId: s.w1.id,
      expectedAt,
      lines: [{ sku: s.lamp.sku, qty: 1 }],
    });
    assert.equal(po.status, 201, JSON.stringify(po.body));
    const { order, shipment } = await orderAt(t, s, s.w1.id, [
      { sku: s.lamp.sku, qty: 1 },
      { sku: s.mug.sku, qty: 1 },
    ]);
    const incidentId = await packShort(t, packerKey, shipment.id, [s.mug.sku]);
    await advance(t, 'PT1M');

    const plan = await planOf(t, incidentId, true);
    assert.equal(plan.defaultOptionId, 'partial_refund');
    const byId = Object.fromEntries(plan.options.map((o) => [o.id, o]));
    assert.equal(byId.ship_missing?.available, false);
    assert.match(byId.ship_missing?.reason ?? '', /no location that ships has 1 × LAMP-OAK/);
    assert.deepEqual(byId.partial_refund?.value, { amount: 8900, currency: 'EUR' });
    assert.equal(byId.partial_refund?.when, expectedAt);
    assert.equal(
      byId.partial_store_credit?.available,
      true,
      'store credit only when the customer consents',
    );

    await choose(t, incidentId, { optionId: 'partial_refund', channel: 'email' });
    await advance(t, 'PT1M');
    const running = await planOf(t, incidentId);
    assert.equal(stepOf(running, 'backorder').awaiting, 'restock');
    const refundStep = stepOf(running, 'refund');
    const refunds = await t.ctx.db
      .selectFrom('refunds')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .execute();
    assert.deepEqual(
      refunds.map((r) => [r.id, Number(r.amount)]),
      [[refundStep.detail.refundId, 8900]],
    );
    await shipmentSteps(t, order.id, shipment.id, ['ship', 'deliver']);

    // A newer order for the same lamp arrives before the restock.
    const newer = await createOrder(t, s, { lines: [{ sku: s.lamp.sku, qty: 1 }] });
    const receipt = await t.call('POST', `/api/inventory/purchase-orders/${po.body.id}/receipts`, {
      lines: [{ sku: s.lamp.sku, qty: 1 }],
    });
    assert.equal(receipt.status, 200, JSON.stringify(receipt.body));
    await advance(t, 'PT15M');

    const served = stepOf(await planOf(t, incidentId), 'backorder');
    const [backorderShipment] = served.detail.shipmentIds as string[];
    assert.ok(backorderShipment, 'the backorder is allocated at the restock');
    const o = await getOrder(t, order.id);
    assert.equal(o.shipments.find((x) => x.id === backorderShipment)?.priority, 10);
    const newerNow = await getOrder(t, newer.id);
    assert.equal(newerNow.lines[0]?.qtyAllocated, 0, 'the newer order waits');
    assert.equal((await incidentsOfOrder(t, newer.id, 'stockout')).length, 1);

    await shipmentSteps(t, order.id, backorderShipment, ['pack', 'ship', 'deliver']);
    await advance(t, 'PT15M');
    assert.equal((await incidentOf(t, incidentId)).state, 'resolved');
  });
});
