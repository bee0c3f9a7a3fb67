import assert from 'node:assert/strict';
import type { TestApp } from '../../test/harness.js';
import type { IncidentDetail } from '../incidents/index.js';
import type { Order } from '../orders/index.js';
import type { CloseResult, SessionView } from '../packing/index.js';
import { makeProduct, orderBody, addStock } from '../orders/orders.factories.js';
import { makePackStore, orderAt, tag, type PackStore } from '../packing/packing.factories.js';
import type { RemedyPlan } from './remedies.js';

/**
 * The scenarios' store (W1 city, W2 national, S1 city store with pickup, S2; BLUE/NAVY, MUG,
 * LAMP-OAK with LAMP-WALNUT as its substitute) and the steps of the remedy scenarios, through
 * the HTTP API.
 */
export async function makeRemedyStore(t: TestApp) {
  const db = t.ctx.db;
  const store = await makePackStore(db);
  const walnut = await makeProduct(db, { sku: 'LAMP-WALNUT', price: 9_900 });
  await db
    .insertInto('product_substitutes')
    .values({ product_id: store.lamp.id, substitute_id: walnut.id, rank: 1 })
    .execute();
  return { ...store, walnut };
}

export type RemedyStore = PackStore & { walnut: { id: string; sku: string; price: number } };

export async function advance(t: TestApp, by: string): Promise<number> {
  const res = await t.call<{ jobsRun: number }>('POST', '/api/test/clock', { advance: by });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.jobsRun;
}

/** An order allocated at `locationId`, then packed, shipped and delivered. */
export async function deliveredOrder(
  t: TestApp,
  s: PackStore,
  locationId: string,
  lines: { sku: string; qty: number }[],
): Promise<Order> {
  const { order, shipment } = await orderAt(t, s, locationId, lines);
  await shipmentSteps(t, order.id, shipment.id, ['pack', 'ship', 'deliver']);
  return getOrder(t, order.id);
}

export async function shipmentSteps(
  t: TestApp,
  orderId: string,
  shipmentId: string,
  steps: ('pack' | 'ship' | 'deliver')[],
): Promise<void> {
  for (const step of steps) {
    const body = step === 'ship' ? { carrier: 'DHL', trackingNumber: `T${tag()}` } : {};
    const res = await t.call(
      'POST',
      `/api/orders/${orderId}/shipments/${shipmentId}/${step}`,
      body,
    );
    assert.equal(res.status, 200, `${step}: ${JSON.stringify(res.body)}`);
  }
}

export async function getOrder(t: TestApp, id: string): Promise<Order> {
  const res = await t.call<Order>('GET', `/api/orders/${id}`);
  assert.equal(res.status, 200);
  return res.body;
}

/** The customer reports the wrong item (NAVY instead of BLUE); an agent verifies it. */
export async function reportWrongItem(t: TestApp, s: PackStore, order: Order): Promise<string> {
  const blueLine = order.lines.find((l) => l.sku === s.blue.sku);
  assert.ok(blueLine);
  const res = await t.call<{ id: string }>('POST', '/api/incidents', {
    type: 'wrong_item',
    source: 'customer',
    orderId: order.id,
    summary: 'I received a navy shirt instead of the blue one',
    lines: [
      {
        orderLineId: blueLine.id,
        expectedQty: 1,
        actualSku: s.navy.sku,
        actualQty: 1,
        discrepancy: 'wrong_item',
      },
    ],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const id = res.body.id;
  const verified = await t.call('POST', `/api/incidents/${id}/transitions`, { to: 'verified' });
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  return id;
}

/**
 * A packer scans `codes` into a new session for the shipment and closes it twice: mismatch,
 * then short accepted. The incident that opens.
 */
export async function packShort(
  t: TestApp,
  packerKey: string,
  shipmentId: string,
  codes: string[],
): Promise<string> {
  const opened = await t.call<SessionView>(
    'POST',
    '/api/pack-sessions',
    { shipmentId, station: 'W1-P1', packer: 'Rui' },
    packerKey,
  );
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  for (const code of codes) {
    const res = await t.call(
      'POST',
      `/api/pack-sessions/${opened.body.id}/scans`,
      { code },
      packerKey,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const close = (body?: unknown) =>
    t.call<CloseResult>('POST', `/api/pack-sessions/${opened.body.id}/close`, body, packerKey);
  const mismatch = await close();
  assert.equal(mismatch.body.result, 'mismatch', JSON.stringify(mismatch.body));
  const short = await close({ acceptShort: true });
  assert.equal(short.body.result, 'short_accepted', JSON.stringify(short.body));
  const id = short.body.incident?.id;
  assert.ok(id);
  return id;
}

export async function planOf(t: TestApp, incidentId: string, explain = false): Promise<RemedyPlan> {
  const res = await t.call<RemedyPlan>(
    'GET',
    `/api/incidents/${incidentId}/plan${explain ? '?explain=1' : ''}`,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export async function incidentOf(t: TestApp, id: string): Promise<IncidentDetail> {
  const res = await t.call<IncidentDetail>('GET', `/api/incidents/${id}`);
  assert.equal(res.status, 200);
  return res.body;
}

export async function choose(
  t: TestApp,
  incidentId: string,
  body: Record<string, unknown>,
  as?: string,
): Promise<RemedyPlan> {
  const res = await t.call<RemedyPlan>(
    'POST',
    `/api/incidents/${incidentId}/plan/choose`,
    body,
    as,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export function stepOf(plan: RemedyPlan, kind: string) {
  const step = plan.steps.find(
    (x) => x.kind === kind && x.state !== 'skipped' && x.state !== 'undone',
  );
  assert.ok(step, `${kind} in ${plan.steps.map((x) => `${x.kind}:${x.state}`).join(', ')}`);
  return step;
}

/** The S2 order: 1 × BLUE and 2 × MUG delivered from W1 in the city, NAVY in the box. */
export async function s2Order(t: TestApp, s: PackStore): Promise<Order> {
  await addStock(t.ctx.db, s.blue.id, s.w1.id, 2);
  await addStock(t.ctx.db, s.mug.id, s.w1.id, 2);
  await addStock(t.ctx.db, s.navy.id, s.w1.id, 3);
  return deliveredOrder(t, s, s.w1.id, [
    { sku: s.blue.sku, qty: 1 },
    { sku: s.mug.sku, qty: 2 },
  ]);
}

export async function createOrder(
  t: TestApp,
  s: PackStore,
  o: Record<string, unknown>,
): Promise<Order> {
  const res = await t.call<Order>('POST', '/api/orders', orderBody(s, o));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

export async function incidentsOfOrder(
  t: TestApp,
  orderId: string,
  type?: string,
): Promise<IncidentDetail[]> {
  const q = `/api/incidents?orderId=${orderId}${type ? `&type=${type}` : ''}`;
  const res = await t.call<{ data: IncidentDetail[] }>('GET', q);
  assert.equal(res.status, 200);
  return res.body.data;
}

export async function jobsOf(
  t: TestApp,
  type: string,
  id: string,
): Promise<Record<string, unknown>[]> {
  const rows = await t.ctx.db
    .selectFrom('jobs')
    .select('payload')
    .where('type', '=', type)
    .execute();
  return rows
    .map((r) => JSON.parse(r.payload) as Record<string, unknown>)
    .filter((p) => JSON.stringify(p).includes(id));
}

/** A purchase order at W1 for `qty` × LAMP-OAK, due in 6 days: a restock date to promise. */
export async function lampPurchaseOrder(
  t: TestApp,
  s: RemedyStore,
  qty: number,
): Promise<{ id: string; reference: string }> {
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

/**
 * An order of `lamps` × LAMP-OAK and a MUG at W1 whose shelf has no lamp (the record says it
 * has): packed short, and the incident planned. A partial delivery needs a purchase order
 * bringing the lamps (`lampPurchaseOrder`).
 */
export async function lampShortOrder(
  t: TestApp,
  s: RemedyStore,
  packerKey: string,
  lamps = 1,
): Promise<{ order: Order; incidentId: string }> {
  await addStock(t.ctx.db, s.lamp.id, s.w1.id, lamps);
  await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
  const { order, shipment } = await orderAt(t, s, s.w1.id, [
    { sku: s.lamp.sku, qty: lamps },
    { sku: s.mug.sku, qty: 1 },
  ]);
  const incidentId = await packShort(t, packerKey, shipment.id, [s.mug.sku]);
  await advance(t, 'PT1M');
  return { order, incidentId };
}

/** The customer takes the partial delivery: money back for the lamp now, the lamp when back. */
export async function choosePartialDelivery(t: TestApp, incidentId: string): Promise<void> {
  await choose(t, incidentId, { optionId: 'partial_refund', channel: 'email' });
  await advance(t, 'PT1M');
}
