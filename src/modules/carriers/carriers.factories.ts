import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestApp } from '../../test/harness.js';
import type { Incident, TimelineEntry } from '../incidents/index.js';
import { addStock, makeStore, orderBody, type TestStore } from '../orders/orders.factories.js';
import type { Order, Shipment } from '../orders/index.js';
import type { CarrierEvent } from './carriers.js';
import type { IngestedEvent } from './carriers.schemas.js';

/** Test data for the carriers tests, made through the HTTP API of orders and incidents. */
export function trackingNumber(): string {
  return `TRK${randomBytes(5).toString('hex').toUpperCase()}`;
}

export function eventId(): string {
  return `EV-${randomBytes(6).toString('hex')}`;
}

export interface ParcelOptions {
  /** Default: a fresh one; null ships without a tracking number. */
  trackingNumber?: string | null;
  /** Default: one day after the test clock's now. */
  promisedAt?: string;
  kind?: 'ship' | 'pack-only';
  qty?: number;
}

export interface Parcel {
  store: TestStore;
  order: Order;
  shipment: Shipment;
  trackingNumber: string | null;
}

/** An order of one mug, allocated from W1 and packed, then shipped by DHL unless `pack-only`. */
export async function makeParcel(t: TestApp, o: ParcelOptions = {}): Promise<Parcel> {
  const store = await makeStore(t.ctx.db);
  const qty = o.qty ?? 1;
  await addStock(t.ctx.db, store.mug.id, store.w1.id, qty);
  const promisedAt = o.promisedAt ?? new Date(t.clock.now().getTime() + 86_400_000).toISOString();
  const created = await t.call<Order>(
    'POST',
    '/api/orders',
    orderBody(store, { lines: [{ sku: store.mug.sku, qty }], promisedAt }),
  );
  assert.equal(created.status, 201);
  const [first] = created.body.shipments;
  assert.ok(first);
  const base = `/api/orders/${created.body.id}/shipments/${first.id}`;
  assert.equal((await t.call('POST', `${base}/pack`)).status, 200);
  const tracking = o.trackingNumber === undefined ? trackingNumber() : o.trackingNumber;
  if (o.kind !== 'pack-only') await ship(t, created.body.id, first.id, tracking);
  const order = await getOrder(t, created.body.id);
  return { store, order, shipment: shipmentOf(order, first.id), trackingNumber: tracking };
}

export async function ship(
  t: TestApp,
  orderId: string,
  shipmentId: string,
  tracking: string | null,
): Promise<void> {
  const res = await t.call('POST', `/api/orders/${orderId}/shipments/${shipmentId}/ship`, {
    carrier: 'DHL',
    trackingNumber: tracking,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

export async function getOrder(t: TestApp, id: string): Promise<Order> {
  const res = await t.call<Order>('GET', `/api/orders/${id}`);
  assert.equal(res.status, 200);
  return res.body;
}

export function shipmentOf(order: Order, id: string): Shipment {
  const s = order.shipments.find((x) => x.id === id);
  assert.ok(s, `shipment ${id} in order ${order.id}`);
  return s;
}

/** A valid event body; override what the test is about. */
export function event(o: Record<string, unknown> = {}): Record<string, unknown> {
  return { carrier: 'dhl', eventId: eventId(), type: 'in_transit', ...o };
}

export async function post(
  t: TestApp,
  body: unknown,
  as?: string,
): Promise<{ status: number; body: { results: IngestedEvent[] } }> {
  return t.call<{ results: IngestedEvent[] }>('POST', '/api/carrier-events', body, as);
}

/** Posts one event and returns its result, asserting the request succeeded. */
export async function postOne(t: TestApp, body: Record<string, unknown>): Promise<IngestedEvent> {
  const res = await post(t, body);
  assert.ok(res.status === 200 || res.status === 201, JSON.stringify(res.body));
  const [result] = res.body.results;
  assert.ok(result);
  return result;
}

export async function incidentsOf(t: TestApp, orderId: string): Promise<Incident[]> {
  const res = await t.call<{ data: Incident[] }>('GET', `/api/incidents?orderId=${orderId}`);
  assert.equal(res.status, 200);
  return res.body.data;
}

export async function timelineOf(t: TestApp, incidentId: string): Promise<TimelineEntry[]> {
  const res = await t.call<{ timeline: TimelineEntry[] }>('GET', `/api/incidents/${incidentId}`);
  assert.equal(res.status, 200);
  return res.body.timeline;
}

export async function eventsWhere(t: TestApp, query: string): Promise<CarrierEvent[]> {
  const res = await t.call<{ data: CarrierEvent[] }>('GET', `/api/carrier-events?${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
}

/** Payloads of the customer-notification jobs queued for an incident. */
export async function notifyJobsFor(t: TestApp, incidentId: string): Promise<unknown[]> {
  const rows = await t.ctx.db
    .selectFrom('jobs')
    .select('payload')
    .where('type', '=', 'incident.notify_customer')
    .execute();
  return rows
    .map((r) => JSON.parse(r.payload) as { incidentId?: string })
    .filter((p) => p.incidentId === incidentId);
}
