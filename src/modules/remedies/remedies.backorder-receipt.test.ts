import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { NOTIFY_CUSTOMER_JOB } from '../incidents/index.js';
import { makeContact, messagesOf, runJobs } from '../notifications/notifications.factories.js';
import type { Order } from '../orders/index.js';
import { addStock, levelOf } from '../orders/orders.factories.js';
import { linkFor, publicCall } from '../status-page/status-page.factories.js';
import type { PublicView } from '../status-page/status-page.schemas.js';
import { formatWhen } from '../status-page/status-page.texts.js';
import {
  advance,
  choosePartialDelivery,
  createOrder,
  getOrder,
  incidentOf,
  incidentsOfOrder,
  jobsOf,
  lampPurchaseOrder,
  lampShortOrder,
  makeRemedyStore,
  planOf,
  shipmentSteps,
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

  /** The customer takes the partial delivery; its backorder then waits for the restock. */
  async function waitForRestock(incidentId: string): Promise<void> {
    await choosePartialDelivery(t, incidentId);
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

  /** An agent cancels `qty` of the order's lamps, which no shipment holds. */
  async function cancelLamps(s: RemedyStore, order: Order, qty: number): Promise<void> {
    const lamp = order.lines.find((l) => l.sku === s.lamp.sku);
    assert.ok(lamp);
    const res = await t.call('POST', `/api/orders/${order.id}/lines/${lamp.id}/cancel`, { qty });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }

  const toldOf = async (incidentId: string, event: string) =>
    (await jobsOf(t, NOTIFY_CUSTOMER_JOB, incidentId)).filter(
      (p) => p.incidentId === incidentId && p.event === event,
    );

  /**
   * The backorder of a plan whose lamp line was cancelled: done with nothing to ship, so the plan
   * completes, the incident resolves and the customer hears so, and never of an allocation.
   */
  async function nothingLeftToShip(s: RemedyStore, incidentId: string, order: Order) {
    const plan = await planOf(t, incidentId);
    const step = stepOf(plan, 'backorder');
    assert.ok(step.completedAt, 'the backorder no longer waits');
    assert.deepEqual(step.detail.shipmentIds, []);
    assert.equal(plan.state, 'completed');
    const incident = await incidentOf(t, incidentId);
    assert.equal(incident.state, 'resolved');
    const said = (visibility: string, message: string) =>
      incident.timeline.some((e) => e.visibility === visibility && e.message === message);
    const line = order.lines.find((l) => l.sku === s.lamp.sku)?.lineNo;
    assert.ok(
      said(
        'internal',
        `Step 1 backorder complete: nothing left to ship: line ${line} (1 × ${s.lamp.sku}) cancelled`,
      ),
      incident.timeline.map((e) => e.message).join('\n'),
    );
    assert.ok(said('public', 'Everything we promised is done.'));
    assert.equal((await toldOf(incidentId, 'resolved')).length, 1);
    assert.deepEqual(await toldOf(incidentId, 'backorder_allocated'), []);
  }

  async function locationName(id: string): Promise<string> {
    const row = await t.ctx.db
      .selectFrom('locations')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.name;
  }

  /**
   * The customer is told once what is on its way, from where and by when (same-day in the city,
   * within the policy's 12 hours of the allocation): in the message queued, the message rendered
   * in their language, and the status page's public timeline.
   */
  async function toldOfAllocation(
    s: RemedyStore,
    incidentId: string,
    orderId: string,
    expect: {
      customerId: string;
      locale: string;
      subject: RegExp;
      body: (x: { product: string; from: string; date: string }) => string[];
      /** The status page's entry, in the customer's language. */
      page: (x: { product: string; from: string; when: string }) => string;
    },
  ): Promise<void> {
    const step = await backorderShipment(s, incidentId, orderId);
    const [shipmentId] = step.detail.shipmentIds as string[];
    const shipment = (await getOrder(t, orderId)).shipments.find((x) => x.id === shipmentId);
    const promisedAt = new Date(Date.parse(String(step.detail.allocatedAt)) + 12 * 3_600_000);
    assert.deepEqual(
      [shipment?.serviceLevel, shipment?.promisedAt, step.detail.promisedAt],
      ['same_day', promisedAt.toISOString(), promisedAt.toISOString()],
    );
    const from = await locationName(s.w1.id);
    const told = await toldOf(incidentId, 'backorder_allocated');
    assert.deepEqual(
      told.map((p) => p.data),
      [
        {
          shipmentIds: [shipmentId],
          skus: [s.lamp.sku],
          fromLocation: from,
          promisedAt: promisedAt.toISOString(),
          serviceLevel: 'same_day',
        },
      ],
    );

    await runJobs(t);
    const sent = (await messagesOf(t, incidentId)).filter((m) => m.event === 'backorder_allocated');
    assert.equal(sent.length, 1, JSON.stringify(sent));
    const [m] = sent;
    assert.match(m?.subject ?? '', expect.subject);
    const date = new Intl.DateTimeFormat(expect.locale, { dateStyle: 'long', timeZone: 'UTC' });
    for (const sentence of expect.body({
      product: `Product ${s.lamp.sku}`,
      from,
      date: date.format(promisedAt),
    })) {
      assert.ok(m?.text.includes(sentence), `${sentence}\n${m?.text}`);
    }

    const token = linkFor(t, incidentId, expect.customerId).split('/').pop() ?? '';
    const page = await publicCall<PublicView>(t, 'GET', `/api/public/incidents/${token}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    const publicTimeline =
      page.body.incidents[0]?.timeline.map((e) => e.message?.replace(/\s/g, ' ')) ?? [];
    const when = formatWhen(page.body.locale, promisedAt.toISOString());
    assert.ok(
      publicTimeline.includes(
        expect.page({ product: `Product ${s.lamp.sku}`, from, when }).replace(/\s/g, ' '),
      ),
      publicTimeline.join('\n'),
    );
  }

  it('allocates the backorder on the receipt, so an order placed right after finds no lamp', async () => {
    const s = await makeRemedyStore(t);
    const po = await lampPurchaseOrder(t, s, 1);
    const { order, incidentId } = await lampShortOrder(t, s, packerKey);
    await waitForRestock(incidentId);

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
    const po = await lampPurchaseOrder(t, s, 2);
    const older = await lampShortOrder(t, s, packerKey);
    const newer = await lampShortOrder(t, s, packerKey);
    assert.ok(
      (await planOf(t, older.incidentId)).id < (await planOf(t, newer.incidentId)).id,
      'planned in this order',
    );
    // The newer plan's backorder starts waiting first.
    await waitForRestock(newer.incidentId);
    await waitForRestock(older.incidentId);

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
    const po = await lampPurchaseOrder(t, s, 1);
    const older = await lampShortOrder(t, s, packerKey);
    const newer = await lampShortOrder(t, s, packerKey);
    await waitForRestock(older.incidentId);
    await waitForRestock(newer.incidentId);
    // An agent cancels the older order's missing lamp; its backorder is left with nothing to ship.
    await cancelLamps(s, older.order, 1);

    const receipt = await receive(po.id, s, 1);
    assert.equal(receipt.status, 200, JSON.stringify(receipt.body));
    assert.equal((await getOrder(t, older.order.id)).shipments.length, 1, 'nothing half-made');
    // The receipt itself closes the older backorder: no watch pass runs, the clock stands still.
    await nothingLeftToShip(s, older.incidentId, older.order);
    await backorderShipment(s, newer.incidentId, newer.order.id);
    assert.equal((await toldOf(newer.incidentId, 'backorder_allocated')).length, 1);
    assert.deepEqual(await levelOf(t.ctx.db, s.lamp.id, s.w1.id), { onHand: 1, reserved: 1 });
  });

  it('never lets orders placed during the receipt take the backordered lamp', async () => {
    const s = await makeRemedyStore(t);
    const po = await lampPurchaseOrder(t, s, 1);
    const { order, incidentId } = await lampShortOrder(t, s, packerKey);
    await waitForRestock(incidentId);

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
    await lampPurchaseOrder(t, s, 2); // on its way, never received here
    const older = await lampShortOrder(t, s, packerKey);
    const newer = await lampShortOrder(t, s, packerKey);
    await waitForRestock(older.incidentId);
    await waitForRestock(newer.incidentId);
    await cancelLamps(s, older.order, 1);

    // The lamp comes back by a stock adjustment, not a receipt: only the watch pass sees it.
    await addStock(t.ctx.db, s.lamp.id, s.w1.id, 1);
    await advance(t, 'PT2H');

    await backorderShipment(s, newer.incidentId, newer.order.id);
    assert.equal((await toldOf(newer.incidentId, 'backorder_allocated')).length, 1);
    await nothingLeftToShip(s, older.incidentId, older.order);
    const olderPlan = (await planOf(t, older.incidentId)).id;
    const failures = await t.ctx.db
      .selectFrom('jobs')
      .select('last_error')
      .where('type', '=', 'remedies.watch')
      .where('last_error', 'like', `%${olderPlan}%`)
      .execute();
    assert.deepEqual(failures, [], 'no watch pass failed on the older plan');
  });

  it('allocates what is left of a backorder whose line was partly cancelled, and ends when it arrives', async () => {
    const s = await makeRemedyStore(t);
    const po = await lampPurchaseOrder(t, s, 2);
    const { order, incidentId } = await lampShortOrder(t, s, packerKey, 2);
    await waitForRestock(incidentId);
    await cancelLamps(s, order, 1);

    // One lamp arrives: enough for what the order still owes.
    assert.equal((await receive(po.id, s, 1)).status, 200);
    const step = await backorderShipment(s, incidentId, order.id);
    const [shipmentId] = step.detail.shipmentIds as string[];
    const after = await getOrder(t, order.id);
    assert.deepEqual(
      after.shipments.find((x) => x.id === shipmentId)?.lines.map((l) => [l.sku, l.qty]),
      [[s.lamp.sku, 1]],
    );
    const lamp = after.lines.find((l) => l.sku === s.lamp.sku);
    assert.deepEqual([lamp?.qtyOrdered, lamp?.qtyCancelled, lamp?.qtyAllocated], [2, 1, 1]);
    assert.deepEqual(await levelOf(t.ctx.db, s.lamp.id, s.w1.id), { onHand: 1, reserved: 1 });
    const timeline = (await incidentOf(t, incidentId)).timeline.map((e) => e.message);
    const lampSent = `1 × ${s.lamp.sku}`;
    assert.ok(
      timeline.includes(
        `Backorder allocated at ${s.w1.code} on receipt of purchase order ${po.reference} with priority 10: ${lampSent} on ${shipmentId}; not sent: line ${lamp?.lineNo} (${lampSent}) cancelled`,
      ),
      timeline.join('\n'),
    );
    assert.ok(
      timeline.some((m) => m.startsWith(`${lampSent} is back in stock and on its way from `)),
      timeline.join('\n'),
    );
    const told = await toldOf(incidentId, 'backorder_allocated');
    assert.deepEqual(
      told.map((p) => (p.data as { skus?: unknown }).skus),
      [[s.lamp.sku]],
    );

    await shipmentSteps(t, order.id, shipmentId ?? '', ['pack', 'ship', 'deliver']);
    await advance(t, 'PT15M');
    assert.equal((await planOf(t, incidentId)).state, 'completed');
    assert.equal((await incidentOf(t, incidentId)).state, 'resolved');
  });

  it('tells the customer, in their language, what a receipt allocated, from where and by when', async () => {
    const s = {
      ...(await makeRemedyStore(t)),
      customerId: await makeContact(t.ctx.db, { locale: 'es' }),
    };
    const po = await lampPurchaseOrder(t, s, 1);
    const { order, incidentId } = await lampShortOrder(t, s, packerKey);
    await waitForRestock(incidentId);
    assert.deepEqual(await toldOf(incidentId, 'backorder_allocated'), [], 'not before the restock');

    assert.equal((await receive(po.id, s, 1)).status, 200);
    await toldOfAllocation(s, incidentId, order.id, {
      customerId: s.customerId,
      locale: 'es-ES',
      subject: /^Tu pedido EXT-\w+: el resto de tu pedido ya está en camino$/,
      body: (x) => [
        `Te enviamos ${x.product} desde ${x.from}, con prioridad.`,
        `Debería llegar antes del ${x.date}.`,
      ],
      page: (x) =>
        `1 × ${x.product} vuelve a estar disponible y va de camino desde ${x.from} (entrega en el día antes del ${x.when}).`,
    });
    await advance(t, 'PT2H');
    assert.equal((await toldOf(incidentId, 'backorder_allocated')).length, 1, 'told once');
  });

  it('tells the customer, in their language, what a watch pass allocated, from where and by when', async () => {
    const s = {
      ...(await makeRemedyStore(t)),
      customerId: await makeContact(t.ctx.db, { locale: 'pt' }),
    };
    await lampPurchaseOrder(t, s, 1); // on its way, never received here
    const { order, incidentId } = await lampShortOrder(t, s, packerKey);
    await waitForRestock(incidentId);

    await addStock(t.ctx.db, s.lamp.id, s.w1.id, 1);
    await advance(t, 'PT2H');
    await toldOfAllocation(s, incidentId, order.id, {
      customerId: s.customerId,
      locale: 'pt-BR',
      subject: /^Seu pedido EXT-\w+: o restante do seu pedido está a caminho$/,
      body: (x) => [
        `Estamos enviando ${x.product} a partir de ${x.from}, com prioridade.`,
        `A previsão de chegada é até ${x.date}.`,
      ],
      page: (x) =>
        `1 × ${x.product} voltou a estar disponível e está a caminho a partir de ${x.from} (entrega no próprio dia até ${x.when}).`,
    });
    await advance(t, 'PT2H');
    assert.equal((await toldOf(incidentId, 'backorder_allocated')).length, 1, 'told once');
  });

  it(
    'leaves a backorder whose plan another transaction holds to the watch pass, without waiting',
    { skip: dialect === 'sqlite' && 'sqlite: one writer at a time, no row locks to wait for' },
    async () => {
      const s = await makeRemedyStore(t);
      const po = await lampPurchaseOrder(t, s, 1);
      const { order, incidentId } = await lampShortOrder(t, s, packerKey);
      await waitForRestock(incidentId);
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
