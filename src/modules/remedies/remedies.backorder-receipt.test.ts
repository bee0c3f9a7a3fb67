import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { Order } from '../orders/index.js';
import { addStock, levelOf } from '../orders/orders.factories.js';
import { orderAt, tag } from '../packing/packing.factories.js';
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
  stepOf,
  type RemedyStore,
} from './remedies.factories.js';

describe(`a purchase order receipt serves waiting backorders first (${dialect})`, () => {
  let t: TestApp;
  let packerKey: string;
  before(async () => {
    t = await createTestApp();
    packerKey = await t.keyFor('packer');
  });
  after(() => t.close());

  /** A purchase order at W1 for `qty` × LAMP-OAK, due in 6 days. */
  async function lampPurchaseOrder(s: RemedyStore, qty: number) {
    const reference = `PO-${tag()}`;
    const po = await t.call<{ id: string }>('POST', '/api/inventory/purchase-orders', {
      reference,
      locationId: s.w1.id,
      expectedAt: new Date(t.clock.now().getTime() + 6 * 86_400_000).toISOString(),
      lines: [{ sku: s.lamp.sku, qty }],
    });
    assert.equal(po.status, 201, JSON.stringify(po.body));
    return { id: po.body.id, reference };
  }

  /** An order of LAMP-OAK and MUG at W1, whose shelf has no lamp: packed short and planned. */
  async function shortOrder(s: RemedyStore): Promise<{ order: Order; incidentId: string }> {
    await addStock(t.ctx.db, s.lamp.id, s.w1.id, 1); // the record says 1; the shelf has none
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    const { order, shipment } = await orderAt(t, s, s.w1.id, [
      { sku: s.lamp.sku, qty: 1 },
      { sku: s.mug.sku, qty: 1 },
    ]);
    const incidentId = await packShort(t, packerKey, shipment.id, [s.mug.sku]);
    await advance(t, 'PT1M');
    return { order, incidentId };
  }

  /** The customer takes the partial delivery; its backorder then waits for the restock. */
  async function choosePartialDelivery(incidentId: string): Promise<void> {
    await choose(t, incidentId, { optionId: 'partial_refund', channel: 'email' });
    await advance(t, 'PT1M');
    const backorder = stepOf(await planOf(t, incidentId), 'backorder');
    assert.equal(backorder.awaiting, 'restock');
    assert.deepEqual(backorder.detail.shipmentIds, []);
  }

  async function receive(poId: string, s: RemedyStore, qty: number) {
    return t.call('POST', `/api/inventory/purchase-orders/${poId}/receipts`, {
      lines: [{ sku: s.lamp.sku, qty }],
    });
  }

  /** The backorder's one shipment: allocated where the lamp arrived, with the plan's priority. */
  async function backorderShipment(s: RemedyStore, incidentId: string, orderId: string) {
    const step = stepOf(await planOf(t, incidentId), 'backorder');
    const ids = step.detail.shipmentIds as string[];
    assert.equal(ids.length, 1, JSON.stringify(step.detail));
    const shipment = (await getOrder(t, orderId)).shipments.find((x) => x.id === ids[0]);
    assert.deepEqual(
      [shipment?.locationId, shipment?.status, shipment?.priority],
      [s.w1.id, 'pending', 10],
    );
    assert.equal(step.awaiting, 'delivery');
    return step;
  }

  it('allocates the backorder on the receipt, so an order placed right after finds no lamp', async () => {
    const s = await makeRemedyStore(t);
    const po = await lampPurchaseOrder(s, 1);
    const { order, incidentId } = await shortOrder(s);
    await choosePartialDelivery(incidentId);

    const receipt = await receive(po.id, s, 1);
    assert.equal(receipt.status, 200, JSON.stringify(receipt.body));
    // No watch pass runs in between: the clock stands still.
    const newer = await createOrder(t, s, { lines: [{ sku: s.lamp.sku, qty: 1 }] });

    assert.equal(newer.lines[0]?.qtyAllocated, 0, 'the newer order does not get the lamp');
    assert.equal((await incidentsOfOrder(t, newer.id, 'stockout')).length, 1);
    const step = await backorderShipment(s, incidentId, order.id);
    assert.equal(step.detail.purchaseOrderId, po.id);
    assert.deepEqual(await levelOf(t.ctx.db, s.lamp.id, s.w1.id), { onHand: 1, reserved: 1 });
    const timeline = (await incidentOf(t, incidentId)).timeline.map((e) => e.message);
    assert.ok(
      timeline.some((m) => m.includes('Backorder allocated') && m.includes(po.reference)),
      timeline.join('\n'),
    );
  });

  it('gives a receipt that covers one backorder to the older plan', async () => {
    const s = await makeRemedyStore(t);
    const po = await lampPurchaseOrder(s, 2);
    const older = await shortOrder(s);
    const newer = await shortOrder(s);
    assert.ok(
      (await planOf(t, older.incidentId)).id < (await planOf(t, newer.incidentId)).id,
      'planned in this order',
    );
    // The newer plan's backorder starts waiting first.
    await choosePartialDelivery(newer.incidentId);
    await choosePartialDelivery(older.incidentId);

    const receipt = await receive(po.id, s, 1);
    assert.equal(receipt.status, 200, JSON.stringify(receipt.body));

    await backorderShipment(s, older.incidentId, older.order.id);
    const waiting = stepOf(await planOf(t, newer.incidentId), 'backorder');
    assert.deepEqual([waiting.awaiting, waiting.detail.shipmentIds], ['restock', []]);
    assert.deepEqual(await levelOf(t.ctx.db, s.lamp.id, s.w1.id), { onHand: 1, reserved: 1 });

    // The second lamp arrives: the newer backorder's turn.
    assert.equal((await receive(po.id, s, 1)).status, 200);
    await backorderShipment(s, newer.incidentId, newer.order.id);
    assert.deepEqual(await levelOf(t.ctx.db, s.lamp.id, s.w1.id), { onHand: 2, reserved: 2 });
  });

  it('still books the receipt when the older backorder can no longer be allocated', async () => {
    const s = await makeRemedyStore(t);
    const po = await lampPurchaseOrder(s, 1);
    const older = await shortOrder(s);
    const newer = await shortOrder(s);
    await choosePartialDelivery(older.incidentId);
    await choosePartialDelivery(newer.incidentId);
    // An agent cancels the older order's missing lamp; its backorder is left with nothing to ship.
    const lamp = older.order.lines.find((l) => l.sku === s.lamp.sku);
    assert.ok(lamp);
    const cancelled = await t.call(
      'POST',
      `/api/orders/${older.order.id}/lines/${lamp.id}/cancel`,
      {
        qty: 1,
      },
    );
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));

    const receipt = await receive(po.id, s, 1);
    assert.equal(receipt.status, 200, JSON.stringify(receipt.body));
    const stuck = stepOf(await planOf(t, older.incidentId), 'backorder');
    assert.deepEqual([stuck.awaiting, stuck.detail.shipmentIds], ['restock', []]);
    assert.equal((await getOrder(t, older.order.id)).shipments.length, 1, 'nothing half-made');
    await backorderShipment(s, newer.incidentId, newer.order.id);
    assert.deepEqual(await levelOf(t.ctx.db, s.lamp.id, s.w1.id), { onHand: 1, reserved: 1 });
  });

  it('never lets orders placed during the receipt take the backordered lamp', async () => {
    const s = await makeRemedyStore(t);
    const po = await lampPurchaseOrder(s, 1);
    const { order, incidentId } = await shortOrder(s);
    await choosePartialDelivery(incidentId);

    const place = () => createOrder(t, s, { lines: [{ sku: s.lamp.sku, qty: 1 }] });
    const [receipt, ...orders] = await Promise.all([
      receive(po.id, s, 1),
      place(),
      place(),
      place(),
    ]);
    assert.equal(receipt.status, 200, JSON.stringify(receipt.body));
    for (const o of orders) {
      assert.equal((await getOrder(t, o.id)).lines[0]?.qtyAllocated, 0, o.id);
    }
    await backorderShipment(s, incidentId, order.id);
    assert.deepEqual(await levelOf(t.ctx.db, s.lamp.id, s.w1.id), { onHand: 1, reserved: 1 });
  });

  it('lets the watch pass serve a backorder behind one that can no longer be allocated', async () => {
    const s = await makeRemedyStore(t);
    await lampPurchaseOrder(s, 2); // on its way, never received here
    const older = await shortOrder(s);
    const newer = await shortOrder(s);
    await choosePartialDelivery(older.incidentId);
    await choosePartialDelivery(newer.incidentId);
    const lamp = older.order.lines.find((l) => l.sku === s.lamp.sku);
    assert.ok(lamp);
    const cancelled = await t.call(
      'POST',
      `/api/orders/${older.order.id}/lines/${lamp.id}/cancel`,
      { qty: 1 },
    );
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));

    // The lamp comes back by a stock adjustment, not a receipt: only the watch pass sees it.
    await addStock(t.ctx.db, s.lamp.id, s.w1.id, 1);
    await advance(t, 'PT2H');

    await backorderShipment(s, newer.incidentId, newer.order.id);
    const stuck = stepOf(await planOf(t, older.incidentId), 'backorder');
    assert.deepEqual([stuck.awaiting, stuck.detail.shipmentIds], ['restock', []]);
  });

  it(
    'leaves a backorder whose plan another transaction holds to the watch pass, without waiting',
    { skip: dialect === 'sqlite' && 'sqlite: one writer at a time, no row locks to wait for' },
    async () => {
      const s = await makeRemedyStore(t);
      const po = await lampPurchaseOrder(s, 1);
      const { order, incidentId } = await shortOrder(s);
      await choosePartialDelivery(incidentId);
      const planId = (await planOf(t, incidentId)).id;

      // An agent's request (or a watch pass) holds the plan: it locks plan first, then levels.
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding = () => {};
      const held = new Promise<void>((resolve) => (holding = resolve));
      const holder = t.ctx.db.transaction().execute(async (trx) => {
        await sql`select id from remedy_plans where id = ${planId} for update`.execute(trx);
        holding();
        await released;
      });
      await held;
      // Were the receipt to wait for the plan, it would be served only once this lets go.
      const letGo = setTimeout(release, 5_000);
      const receipt = await receive(po.id, s, 1);
      clearTimeout(letGo);
      release();
      await holder;
      assert.equal(receipt.status, 200, JSON.stringify(receipt.body));
      const waiting = stepOf(await planOf(t, incidentId), 'backorder');
      assert.deepEqual([waiting.awaiting, waiting.detail.shipmentIds], ['restock', []]);

      // The receipt scheduled the next watch pass, which allocates it.
      await advance(t, 'PT2H');
      await backorderShipment(s, incidentId, order.id);
      assert.deepEqual(await levelOf(t.ctx.db, s.lamp.id, s.w1.id), { onHand: 1, reserved: 1 });
    },
  );
});
