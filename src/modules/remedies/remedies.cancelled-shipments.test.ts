import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { Order } from '../orders/index.js';
import { addStock, levelOf } from '../orders/orders.factories.js';
import { orderAt } from '../packing/packing.factories.js';
import {
  advance,
  choose,
  choosePartialDelivery,
  createOrder,
  getOrder,
  incidentOf,
  lampPurchaseOrder,
  lampShortOrder,
  makeRemedyStore,
  packShort,
  planOf,
  reportWrongItem,
  s2Order,
  shipmentSteps,
  stepOf,
  type RemedyStore,
} from './remedies.factories.js';

describe(`a remedy's shipment cancelled by an agent (${dialect})`, () => {
  let t: TestApp;
  let packerKey: string;
  before(async () => {
    t = await createTestApp();
    packerKey = await t.keyFor('packer');
  });
  after(() => t.close());

  async function cancelShipment(orderId: string, shipmentId: string): Promise<void> {
    const res = await t.call('POST', `/api/orders/${orderId}/shipments/${shipmentId}/cancel`, {
      reason: 'agent',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }

  async function cancelLine(order: Order, sku: string, qty: number): Promise<void> {
    const line = order.lines.find((l) => l.sku === sku);
    assert.ok(line);
    const res = await t.call('POST', `/api/orders/${order.id}/lines/${line.id}/cancel`, { qty });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }

  /** Shipments of the order, not cancelled, that carry units of `sku`. */
  async function liveWith(orderId: string, sku: string): Promise<string[]> {
    return (await getOrder(t, orderId)).shipments
      .filter((x) => x.status !== 'cancelled' && x.lines.some((l) => l.sku === sku && l.qty > 0))
      .map((x) => x.id);
  }

  async function timeline(incidentId: string, visibility: string): Promise<string[]> {
    return (await incidentOf(t, incidentId)).timeline
      .filter((e) => e.visibility === visibility)
      .map((e) => e.message);
  }

  /** S3: 3 × MUG ordered at W1, whose shelf has 2; the missing one goes from W2. */
  async function shipMissing(s: RemedyStore) {
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 3);
    await addStock(t.ctx.db, s.mug.id, s.w2.id, 5);
    const { order, shipment } = await orderAt(t, s, s.w1.id, [{ sku: s.mug.sku, qty: 3 }]);
    const incidentId = await packShort(t, packerKey, shipment.id, [s.mug.sku, s.mug.sku]);
    await advance(t, 'PT1M');
    await choose(t, incidentId, { optionId: 'ship_missing', channel: 'sms' });
    await advance(t, 'PT1M');
    const [fromW2] = stepOf(await planOf(t, incidentId), 'ship_missing').detail
      .shipmentIds as string[];
    assert.ok(fromW2);
    return { order, first: shipment.id, fromW2, incidentId };
  }

  it('puts a backorder whose shipment was cancelled back to waiting for the restock, and allocates it again once stock is there', async () => {
    const s = await makeRemedyStore(t);
    await lampPurchaseOrder(t, s, 1); // on its way, never received here
    const { order, incidentId } = await lampShortOrder(t, s, packerKey);
    await choosePartialDelivery(t, incidentId);
    await addStock(t.ctx.db, s.lamp.id, s.w1.id, 1);
    await advance(t, 'PT15M');
    const [first] = stepOf(await planOf(t, incidentId), 'backorder').detail.shipmentIds as string[];
    assert.ok(first, 'the backorder is allocated');

    await cancelShipment(order.id, first);
    // The lamp it released goes to a newer order: the backorder has to wait for stock again.
    const newer = await createOrder(t, s, { lines: [{ sku: s.lamp.sku, qty: 1 }] });
    assert.equal(newer.lines[0]?.qtyAllocated, 1);
    await advance(t, 'PT15M');
    let step = stepOf(await planOf(t, incidentId), 'backorder');
    assert.deepEqual(
      [step.awaiting, step.detail.shipmentIds, step.completedAt],
      ['restock', [], null],
    );
    assert.ok(
      (await timeline(incidentId, 'internal')).includes(
        `Backorder shipment ${first} cancelled; 1 × ${s.lamp.sku} still owed: waiting for stock again`,
      ),
    );
    await advance(t, 'PT15M');
    assert.equal(stepOf(await planOf(t, incidentId), 'backorder').awaiting, 'restock');

    await addStock(t.ctx.db, s.lamp.id, s.w1.id, 1);
    await advance(t, 'PT15M');
    step = stepOf(await planOf(t, incidentId), 'backorder');
    const again = step.detail.shipmentIds as string[];
    assert.equal(step.awaiting, 'delivery');
    assert.equal(again.length, 1);
    assert.notEqual(again[0], first);
    assert.deepEqual(await liveWith(order.id, s.lamp.sku), again, 'one live lamp shipment');
    const lamp = (await getOrder(t, order.id)).lines.find((l) => l.sku === s.lamp.sku);
    assert.deepEqual([lamp?.qtyOrdered, lamp?.qtyAllocated, lamp?.qtyCancelled], [1, 1, 0]);

    await shipmentSteps(t, order.id, again[0] ?? '', ['pack', 'ship', 'deliver']);
    await advance(t, 'PT15M');
    assert.equal((await planOf(t, incidentId)).state, 'completed');
    assert.equal((await incidentOf(t, incidentId)).state, 'resolved');
  });

  it('completes ship_missing when its shipment was cancelled with its line, saying what was not shipped', async () => {
    const s = await makeRemedyStore(t);
    const { order, first, fromW2, incidentId } = await shipMissing(s);
    await cancelShipment(order.id, fromW2);
    await cancelLine(order, s.mug.sku, 1);
    await shipmentSteps(t, order.id, first, ['ship', 'deliver']);
    await advance(t, 'PT15M');

    const plan = await planOf(t, incidentId);
    const step = stepOf(plan, 'ship_missing');
    assert.ok(step.completedAt, 'the step no longer waits');
    assert.deepEqual(step.detail.shipmentIds, []);
    const line = order.lines[0]?.lineNo;
    assert.ok(
      (await timeline(incidentId, 'internal')).includes(
        `Step ${step.seq} ship_missing complete: Shipment ${fromW2} cancelled; not shipped: line ${line} (1 × ${s.mug.sku}) cancelled`,
      ),
    );
    assert.equal(plan.state, 'completed');
    assert.equal((await incidentOf(t, incidentId)).state, 'resolved');
    const done = await getOrder(t, order.id);
    assert.equal(done.status, 'completed');
    assert.deepEqual([done.lines[0]?.qtyDelivered, done.lines[0]?.qtyCancelled], [2, 1]);
  });

  it('allocates the units of a cancelled ship_missing shipment again while the order still owes them, once', async () => {
    const s = await makeRemedyStore(t);
    const { order, first, fromW2, incidentId } = await shipMissing(s);
    await cancelShipment(order.id, fromW2);
    await advance(t, 'PT15M');

    const step = stepOf(await planOf(t, incidentId), 'ship_missing');
    const again = step.detail.shipmentIds as string[];
    assert.equal(again.length, 1);
    assert.notEqual(again[0], fromW2);
    assert.deepEqual(step.detail.cancelledShipmentIds, [fromW2]);
    const o = await getOrder(t, order.id);
    const sent = o.shipments.find((x) => x.id === again[0]);
    assert.deepEqual(
      [sent?.locationId, sent?.status, sent?.priority, sent?.lines.map((l) => l.qty)],
      [s.w2.id, 'pending', 10, [1]],
    );
    assert.equal(o.lines[0]?.qtyAllocated, 3);
    assert.ok(
      (await timeline(incidentId, 'internal')).includes(
        `Shipment ${fromW2} cancelled; 1 × ${s.mug.sku} still owed, allocated again at ${s.w2.code}: ${again[0]}`,
      ),
    );

    await advance(t, 'PT15M');
    assert.deepEqual(
      stepOf(await planOf(t, incidentId), 'ship_missing').detail.shipmentIds,
      again,
      'allocated once',
    );
    assert.deepEqual(await liveWith(order.id, s.mug.sku), [first, ...again].sort());
    assert.deepEqual(await levelOf(t.ctx.db, s.mug.id, s.w2.id), { onHand: 5, reserved: 1 });

    await shipmentSteps(t, order.id, first, ['ship', 'deliver']);
    await shipmentSteps(t, order.id, again[0] ?? '', ['pack', 'ship', 'deliver']);
    await advance(t, 'PT15M');
    assert.equal((await incidentOf(t, incidentId)).state, 'resolved');
    assert.equal((await getOrder(t, order.id)).lines[0]?.qtyDelivered, 3);
  });

  it('completes a reship an agent cancelled, saying its units were not sent', async () => {
    const s = await makeRemedyStore(t);
    const order = await s2Order(t, s);
    const incidentId = await reportWrongItem(t, s, order);
    await advance(t, 'PT1M');
    await choose(t, incidentId, { optionId: 'reship', channel: 'status_page' });
    await advance(t, 'PT1M');
    const shipmentId = stepOf(await planOf(t, incidentId), 'reship').detail.shipmentId as string;
    await cancelShipment(order.id, shipmentId);
    await advance(t, 'PT15M');

    const step = stepOf(await planOf(t, incidentId), 'reship');
    assert.ok(step.completedAt, 'the reship no longer waits');
    assert.ok(
      (await timeline(incidentId, 'internal')).includes(
        `Step ${step.seq} reship complete: Reship ${shipmentId} was cancelled before it left: 1 × ${s.blue.sku} not sent`,
      ),
    );
    const reships = (await getOrder(t, order.id)).shipments.filter((x) => x.kind === 'reship');
    assert.deepEqual(
      reships.map((x) => [x.id, x.status]),
      [[shipmentId, 'cancelled']],
      'not sent again',
    );
  });
});
