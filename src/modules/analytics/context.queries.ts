import type { Executor } from '../../db/database.js';
import { NONE, type DimKeys } from './analytics.js';

/**
 * Analytics query file: the attributes that place an order or an incident in a breakdown, read
 * straight from the owning modules' tables (the one exception to the module boundary).
 */

export const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows of `load` for every chunk of `ids`, concatenated. */
export async function byChunks<T>(
  ids: readonly string[],
  load: (chunk: string[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (const chunk of chunks([...new Set(ids)])) out.push(...(await load(chunk)));
  return out;
}

export interface ShipmentContext {
  location: string;
  carrier: string;
  packer: string;
  station: string;
}

/** Where an order shipped from, by which carrier, packed by whom: its first live shipment. */
export interface OrderContext extends ShipmentContext {
  channel: string;
  tier: string;
  customerId: string;
}

const unknownShipment: ShipmentContext = {
  location: NONE,
  carrier: NONE,
  packer: NONE,
  station: NONE,
};

export async function shipmentContexts(
  db: Executor,
  shipmentIds: readonly string[],
): Promise<Map<string, ShipmentContext>> {
  const shipments = await byChunks(shipmentIds, (ids) =>
    db
      .selectFrom('shipments')
      .select(['id', 'location_id', 'carrier'])
      .where('id', 'in', ids)
      .execute(),
  );
  const sessions = await byChunks(shipmentIds, (ids) =>
    db
      .selectFrom('pack_sessions')
      .select(['id', 'shipment_id', 'packer', 'station', 'closed_at'])
      .where('shipment_id', 'in', ids)
      .where('status', '=', 'closed')
      .execute(),
  );
  const lastSession = new Map<string, { packer: string; station: string; at: string }>();
  for (const s of sessions) {
    const at = `${s.closed_at ?? ''}\u0000${s.id}`;
    const seen = lastSession.get(s.shipment_id);
    if (!seen || seen.at < at) lastSession.set(s.shipment_id, { ...s, at });
  }
  const out = new Map<string, ShipmentContext>();
  for (const s of shipments) {
    const session = lastSession.get(s.id);
    out.set(s.id, {
      location: s.location_id,
      carrier: s.carrier ?? NONE,
      packer: session?.packer ?? NONE,
      station: session?.station ?? NONE,
    });
  }
  return out;
}

export async function orderContexts(
  db: Executor,
  orderIds: readonly string[],
): Promise<Map<string, OrderContext>> {
  const orders = await byChunks(orderIds, (ids) =>
    db
      .selectFrom('orders as o')
      .innerJoin('customers as c', 'c.id', 'o.customer_id')
      .select(['o.id', 'o.channel', 'o.customer_id', 'c.tier'])
      .where('o.id', 'in', ids)
      .execute(),
  );
  const shipments = await byChunks(orderIds, (ids) =>
    db
      .selectFrom('shipments')
      .select(['id', 'order_id', 'status'])
      .where('order_id', 'in', ids)
      .where('kind', 'in', ['outbound', 'pickup'])
      .orderBy('id')
      .execute(),
  );
  // The first shipment that was not cancelled, else the first one.
  const primary = new Map<string, { id: string; live: boolean }>();
  for (const s of shipments) {
    const live = s.status !== 'cancelled';
    const seen = primary.get(s.order_id);
    if (!seen || (!seen.live && live)) primary.set(s.order_id, { id: s.id, live });
  }
  const contexts = await shipmentContexts(
    db,
    [...primary.values()].map((p) => p.id),
  );
  const out = new Map<string, OrderContext>();
  for (const o of orders) {
    const shipmentId = primary.get(o.id)?.id;
    out.set(o.id, {
      ...((shipmentId && contexts.get(shipmentId)) || unknownShipment),
      channel: o.channel,
      tier: o.tier,
      customerId: o.customer_id,
    });
  }
  return out;
}

export function orderDims(c: OrderContext | undefined): DimKeys {
  return {
    location: c?.location ?? NONE,
    carrier: c?.carrier ?? NONE,
    packer: c?.packer ?? NONE,
    station: c?.station ?? NONE,
    channel: c?.channel ?? NONE,
    tier: c?.tier ?? NONE,
  };
}

/** Order times of the customers, for "ordered again within N days" checks. */
export async function placedTimesOf(
  db: Executor,
  customerIds: readonly string[],
  range: { after: string; until: string },
): Promise<Map<string, string[]>> {
  const rows = await byChunks(customerIds, (ids) =>
    db
      .selectFrom('orders')
      .select(['customer_id', 'placed_at'])
      .where('customer_id', 'in', ids)
      .where('placed_at', '>', range.after)
      .where('placed_at', '<=', range.until)
      .execute(),
  );
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.customer_id) ?? [];
    list.push(r.placed_at);
    out.set(r.customer_id, list);
  }
  return out;
}

/** Whether one of `times` is in (after, until]. */
export function orderedWithin(times: readonly string[] | undefined, after: string, until: string) {
  return (times ?? []).some((t) => t > after && t <= until);
}
