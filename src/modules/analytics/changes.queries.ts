import type { Executor } from '../../db/database.js';
import { addMs, DAY } from '../../shared/clock.js';
import { REPEAT_WINDOW_DAYS } from './analytics.js';
import { byChunks } from './context.queries.js';
import { dayOf } from './days.js';

/**
 * Analytics query file: which aggregate days a change since `since` can have touched. A change to
 * an order or an incident dirties every day where either is counted, and the days of whatever
 * takes a breakdown key from it: an order's incidents (carrier, packer), an incident's order
 * (perfect order, error lines), refunds, surveys and costs; a new order dirties the days whose
 * "ordered again within 30 days" it may turn true.
 */

export interface MemoryChange {
  kind: 'product_supplier' | 'customer_tier';
  id: string;
  value: string;
}

export interface DirtySet {
  days: Set<string>;
  /** Attribute values to remember once the days are recomputed. */
  memory: MemoryChange[];
}

export const memoryDefaults: Record<MemoryChange['kind'], string> = {
  product_supplier: '',
  customer_tier: 'b2c',
};

export async function dirtyDays(db: Executor, since: string): Promise<DirtySet> {
  const days = new Set<string>();
  const addDay = (iso: string | null | undefined) => {
    if (iso) days.add(dayOf(iso));
  };
  const orders = new Set<string>();
  const incidents = new Set<string>();

  for (const r of await db
    .selectFrom('orders')
    .select('id')
    .where('updated_at', '>=', since)
    .execute()) {
    orders.add(r.id);
  }
  for (const r of await db
    .selectFrom('incidents')
    .select('id')
    .where('updated_at', '>=', since)
    .execute()) {
    incidents.add(r.id);
  }
  for (const r of await db
    .selectFrom('incident_events')
    .select('incident_id')
    .where('kind', '=', 'customer_notified')
    .where('at', '>=', since)
    .execute()) {
    incidents.add(r.incident_id);
  }
  for (const r of await db
    .selectFrom('pack_sessions')
    .select(['order_id', 'incident_id'])
    .where('closed_at', '>=', since)
    .execute()) {
    orders.add(r.order_id);
    if (r.incident_id) incidents.add(r.incident_id);
  }
  const memory = await changedAttributes(db, since);
  await expandAttributeChanges(db, memory, orders, incidents);

  for (const r of await byChunks([...incidents], (ids) =>
    db.selectFrom('incidents').select('order_id').where('id', 'in', ids).execute(),
  )) {
    if (r.order_id) orders.add(r.order_id);
  }
  for (const r of await byChunks([...orders], (ids) =>
    db.selectFrom('incidents').select('id').where('order_id', 'in', ids).execute(),
  )) {
    incidents.add(r.id);
  }

  await orderDays(db, [...orders], addDay);
  await incidentDays(db, [...incidents], addDay);
  await directDays(db, since, addDay);
  return { days, memory };
}

/** Suppliers of products and tiers of customers that differ from what was last aggregated. */
async function changedAttributes(db: Executor, since: string): Promise<MemoryChange[]> {
  const products = await db
    .selectFrom('products')
    .select(['id', 'supplier_id'])
    .where('updated_at', '>=', since)
    .execute();
  const customers = await db
    .selectFrom('customers')
    .select(['id', 'tier'])
    .where('updated_at', '>=', since)
    .execute();
  const current: MemoryChange[] = [
    ...products.map((p) => ({
      kind: 'product_supplier' as const,
      id: p.id,
      value: p.supplier_id ?? '',
    })),
    ...customers.map((c) => ({ kind: 'customer_tier' as const, id: c.id, value: c.tier })),
  ];
  const remembered = await byChunks(
    current.map((c) => c.id),
    (ids) =>
      db
        .selectFrom('analytics_dim_memory')
        .select(['kind', 'id', 'value'])
        .where('id', 'in', ids)
        .execute(),
  );
  const seen = new Map(remembered.map((m) => [`${m.kind}:${m.id}`, m.value]));
  return current.filter(
    (c) => (seen.get(`${c.kind}:${c.id}`) ?? memoryDefaults[c.kind]) !== c.value,
  );
}

async function expandAttributeChanges(
  db: Executor,
  changes: MemoryChange[],
  orders: Set<string>,
  incidents: Set<string>,
): Promise<void> {
  const products = changes.filter((c) => c.kind === 'product_supplier').map((c) => c.id);
  const customers = changes.filter((c) => c.kind === 'customer_tier').map((c) => c.id);
  const lines = await byChunks(products, (ids) =>
    db
      .selectFrom('order_lines')
      .select(['id', 'order_id'])
      .where('product_id', 'in', ids)
      .execute(),
  );
  for (const l of lines) orders.add(l.order_id);
  const skus = await byChunks(products, (ids) =>
    db.selectFrom('products').select('sku').where('id', 'in', ids).execute(),
  );
  const lineIds = lines.map((l) => l.id);
  for (const r of [
    ...(await byChunks(lineIds, (ids) =>
      db
        .selectFrom('incident_lines')
        .select('incident_id')
        .where('order_line_id', 'in', ids)
        .execute(),
    )),
    ...(await byChunks(
      skus.map((s) => s.sku),
      (ids) =>
        db
          .selectFrom('incident_lines')
          .select('incident_id')
          .where('expected_sku', 'in', ids)
          .execute(),
    )),
  ]) {
    incidents.add(r.incident_id);
  }
  for (const r of await byChunks(customers, (ids) =>
    db.selectFrom('orders').select('id').where('customer_id', 'in', ids).execute(),
  )) {
    orders.add(r.id);
  }
  for (const r of await byChunks(customers, (ids) =>
    db.selectFrom('incidents').select('id').where('customer_id', 'in', ids).execute(),
  )) {
    incidents.add(r.id);
  }
}

/**
 * Close days, and the earlier days of the same customer this order may turn into a repeat: a
 * delivery or resolution at t whose (t, t + 30 days] holds one of these orders and no other
 * order of the customer (which would already have made it a repeat).
 */
async function orderDays(
  db: Executor,
  orderIds: string[],
  addDay: (iso: string | null) => void,
): Promise<void> {
  const rows = await byChunks(orderIds, (ids) =>
    db
      .selectFrom('orders')
      .select(['customer_id', 'placed_at', 'closed_at'])
      .where('id', 'in', ids)
      .execute(),
  );
  const window = REPEAT_WINDOW_DAYS * DAY;
  for (const r of rows) addDay(r.closed_at);
  const earliest = rows.reduce((m, r) => (r.placed_at < m ? r.placed_at : m), '9999');
  if (earliest === '9999') return;
  const after = addMs(earliest, -window);
  const customers = [...new Set(rows.map((r) => r.customer_id))];
  const changed = new Set(orderIds);
  const placed = new Map<string, { changed: boolean; at: string }[]>();
  for (const o of await byChunks(customers, (ids) =>
    db
      .selectFrom('orders')
      .select(['id', 'customer_id', 'placed_at'])
      .where('customer_id', 'in', ids)
      .where('placed_at', '>', after)
      .execute(),
  )) {
    const list = placed.get(o.customer_id) ?? [];
    list.push({ changed: changed.has(o.id), at: o.placed_at });
    placed.set(o.customer_id, list);
  }
  const mayFlip = (customerId: string | null, at: string | null) => {
    if (!customerId || !at) return false;
    const until = addMs(at, window);
    const within = (placed.get(customerId) ?? []).filter((p) => p.at > at && p.at <= until);
    return within.some((p) => p.changed) && within.every((p) => p.changed);
  };
  for (const o of await byChunks(customers, (ids) =>
    db
      .selectFrom('orders')
      .select(['customer_id', 'closed_at'])
      .where('customer_id', 'in', ids)
      .where('closed_at', '>=', after)
      .execute(),
  )) {
    if (mayFlip(o.customer_id, o.closed_at)) addDay(o.closed_at);
  }
  for (const i of await byChunks(customers, (ids) =>
    db
      .selectFrom('incidents')
      .select(['customer_id', 'resolved_at'])
      .where('customer_id', 'in', ids)
      .where('resolved_at', '>=', after)
      .execute(),
  )) {
    if (mayFlip(i.customer_id, i.resolved_at)) addDay(i.resolved_at);
  }
}

/** Detection and every resolution day, and the days of the incident's refunds, surveys, costs. */
async function incidentDays(
  db: Executor,
  incidentIds: string[],
  addDay: (iso: string | null) => void,
): Promise<void> {
  const each = async <T>(load: (ids: string[]) => Promise<T[]>, use: (row: T) => void) => {
    for (const row of await byChunks(incidentIds, load)) use(row);
  };
  await each(
    (ids) =>
      db
        .selectFrom('incidents')
        .select(['detected_at', 'resolved_at'])
        .where('id', 'in', ids)
        .execute(),
    (r) => {
      addDay(r.detected_at);
      addDay(r.resolved_at);
    },
  );
  // A resolution moved by a reopen leaves its earlier day on the timeline only.
  await each(
    (ids) =>
      db
        .selectFrom('incident_events')
        .select('at')
        .where('incident_id', 'in', ids)
        .where('to_state', '=', 'resolved')
        .execute(),
    (r) => addDay(r.at),
  );
  await each(
    (ids) => db.selectFrom('refunds').select('issued_at').where('incident_id', 'in', ids).execute(),
    (r) => addDay(r.issued_at),
  );
  await each(
    (ids) =>
      db
        .selectFrom('surveys')
        .select(['sent_at', 'answered_at'])
        .where('incident_id', 'in', ids)
        .execute(),
    (r) => {
      addDay(r.sent_at);
      addDay(r.answered_at);
    },
  );
  await each(
    (ids) => db.selectFrom('incident_costs').select('at').where('incident_id', 'in', ids).execute(),
    (r) => addDay(r.at),
  );
}

/** Refunds, surveys and costs that changed by themselves. */
async function directDays(
  db: Executor,
  since: string,
  addDay: (iso: string | null) => void,
): Promise<void> {
  for (const r of await db
    .selectFrom('refunds')
    .select('issued_at')
    .where('updated_at', '>=', since)
    .execute()) {
    addDay(r.issued_at);
  }
  for (const column of ['sent_at', 'answered_at'] as const) {
    for (const r of await db
      .selectFrom('surveys')
      .select(['sent_at', 'answered_at'])
      .where(column, '>=', since)
      .execute()) {
      addDay(r.sent_at);
      addDay(r.answered_at);
    }
  }
  for (const r of await db
    .selectFrom('incident_costs')
    .select('at')
    .where('at', '>=', since)
    .execute()) {
    addDay(r.at);
  }
}
