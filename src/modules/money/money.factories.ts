import assert from 'node:assert/strict';
import type { TestApp } from '../../test/harness.js';
import type { Incident } from '../incidents/index.js';
import { addStock, makeStore, orderBody, type TestStore } from '../orders/orders.factories.js';
import type { Order } from '../orders/index.js';
import type { CreditNote, Refund } from './money.js';

/** Test data for money's tests, made through the HTTP API of orders and incidents. */

export interface PaidOrder {
  store: TestStore;
  order: Order;
}

/**
 * An order paid in full: `lines` of the scenario store's products (default one T-shirt at 4,990),
 * allocated from W1. `paymentMethod` default card.
 */
export async function paidOrder(
  t: TestApp,
  o: {
    lines?: { sku: (s: TestStore) => string; qty: number }[];
    paymentMethod?: string;
    store?: TestStore;
    customerId?: string;
  } = {},
): Promise<PaidOrder> {
  const store = o.store ?? (await makeStore(t.ctx.db));
  const lines = (o.lines ?? [{ sku: (s: TestStore) => s.blue.sku, qty: 1 }]).map((l) => ({
    sku: l.sku(store),
    qty: l.qty,
  }));
  for (const p of [store.blue, store.mug, store.lamp])
    await addStock(t.ctx.db, p.id, store.w1.id, 500);
  const res = await t.call<Order>(
    'POST',
    '/api/orders',
    orderBody(store, {
      lines,
      paymentMethod: o.paymentMethod ?? 'card',
      ...(o.customerId ? { customerId: o.customerId } : {}),
    }),
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { store, order: res.body };
}

/** An incident of the order reported by an agent, verified now unless `verify` is false. */
export async function incidentOf(
  t: TestApp,
  order: Order,
  o: { type?: string; verify?: boolean } = {},
): Promise<Incident> {
  const res = await t.call<Incident>('POST', '/api/incidents', {
    type: o.type ?? 'damaged',
    source: 'agent',
    orderId: order.id,
    summary: 'Parcel arrived damaged',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  if (o.verify === false) return res.body;
  const verified = await t.call<Incident>('POST', `/api/incidents/${res.body.id}/transitions`, {
    to: 'verified',
  });
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  return verified.body;
}

export async function postRefund(
  t: TestApp,
  body: Record<string, unknown>,
  as?: string,
): Promise<{ status: number; body: Refund & ErrorBody }> {
  return t.call<Refund & ErrorBody>('POST', '/api/refunds', body, as);
}

export async function refundOk(t: TestApp, body: Record<string, unknown>): Promise<Refund> {
  const res = await postRefund(t, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

export async function getRefund(t: TestApp, id: string): Promise<Refund> {
  const res = await t.call<Refund>('GET', `/api/refunds/${id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export async function getCreditNote(t: TestApp, id: string): Promise<CreditNote> {
  const res = await t.call<CreditNote>('GET', `/api/credit-notes/${id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: Record<string, unknown> & { fields?: { path: string }[] };
  };
}

export function errorOf(body: unknown): ErrorBody['error'] {
  return (body as ErrorBody).error;
}

/** Moves the test clock (ISO duration) and runs the jobs that fall due, through the API. */
export async function advance(t: TestApp, duration: string): Promise<number> {
  const res = await t.call<{ jobsRun: number }>('POST', '/api/test/clock', { advance: duration });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.jobsRun;
}

export async function timelineOf(t: TestApp, incidentId: string) {
  const res = await t.call<{
    timeline: { kind: string; visibility: string; message: string; actor: string }[];
  }>('GET', `/api/incidents/${incidentId}`);
  assert.equal(res.status, 200);
  return res.body.timeline;
}

/** Payloads of the customer-message jobs queued for an incident. */
export async function customerMessages(t: TestApp, incidentId: string) {
  const rows = await t.ctx.db
    .selectFrom('jobs')
    .select('payload')
    .where('type', '=', 'incident.notify_customer')
    .execute();
  return rows
    .map(
      (r) =>
        JSON.parse(r.payload) as {
          incidentId: string;
          event: string;
          data?: Record<string, unknown>;
        },
    )
    .filter((p) => p.incidentId === incidentId);
}
