import type { Executor } from '../../db/database.js';
import { addMs, DAY } from '../../shared/clock.js';
import { REPEAT_WINDOW_DAYS } from './analytics.js';
import { byChunks } from './context.queries.js';

/**
 * Analytics query file: which orders and incidents may count differently because of a change
 * since `since`. A change to an order or an incident reaches the other side (an incident takes
 * breakdown keys from its order; an order is perfect or in error because of its incidents);
 * refunds, surveys and costs count under their incident; a product's supplier and a customer's
 * tier reach every order and incident that carries them; and a new order may turn "ordered again
 * within 30 days" true for the customer's deliveries and resolutions of the 30 days before it.
 */

export interface MemoryChange {
  kind: 'product_supplier' | 'customer_tier';
  id: string;
  value: string;
}

export interface ChangedEntities {
  orders: Set<string>;
  incidents: Set<string>;
  /** Attribute values to remember once the entities are folded. */
  memory: MemoryChange[];
}

export const memoryDefaults: Record<MemoryChange['kind'], string> = {
  product_supplier: '',
  customer_tier: 'b2c',
};

export async function changedEntities(db: Executor, since: string): Promise<ChangedEntities> {
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

  await repeatDependents(db, [...orders], orders, incidents);
  await directChanges(db, since, incidents);
  return { orders, incidents, memory };
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
 * The customer's deliveries and resolutions in the 30 days before one of these orders was
 * placed: the order may make them "ordered again within 30 days".
 */
async function repeatDependents(
  db: Executor,
  orderIds: string[],
  orders: Set<string>,
  incidents: Set<string>,
): Promise<void> {
  const rows = await byChunks(orderIds, (ids) =>
    db.selectFrom('orders').select(['customer_id', 'placed_at']).where('id', 'in', ids).execute(),
  );
  const earliest = new Map<string, string>();
  for (const r of rows) {
    const seen = earliest.get(r.customer_id);
    if (seen === undefined || r.placed_at < seen) earliest.set(r.customer_id, r.placed_at);
  }
  const window = REPEAT_WINDOW_DAYS * DAY;
  const after = (customerId: string) => addMs(earliest.get(customerId) ?? '', -window);
  const since = [...earliest.values()].sort()[0];
  if (since === undefined) return;
  const from = addMs(since, -window);
  const customers = [...earliest.keys()];
  for (const o of await byChunks(customers, (ids) =>
    db
      .selectFrom('orders')
      .select(['id', 'customer_id', 'closed_at'])
      .where('customer_id', 'in', ids)
      .where('closed_at', '>=', from)
      .execute(),
  )) {
    if (o.closed_at && o.closed_at >= after(o.customer_id)) orders.add(o.id);
  }
  for (const i of await byChunks(customers, (ids) =>
    db
      .selectFrom('incidents')
      .select(['id', 'customer_id', 'resolved_at'])
      .where('customer_id', 'in', ids)
      .where('resolved_at', '>=', from)
      .execute(),
  )) {
    if (i.customer_id && i.resolved_at && i.resolved_at >= after(i.customer_id)) {
      incidents.add(i.id);
    }
  }
}

/** Refunds, surveys and costs that changed by themselves count under their incident. */
async function directChanges(db: Executor, since: string, incidents: Set<string>): Promise<void> {
  for (const r of await db
    .selectFrom('refunds')
    .select('incident_id')
    .where('updated_at', '>=', since)
    .execute()) {
    if (r.incident_id) incidents.add(r.incident_id);
  }
  for (const column of ['sent_at', 'answered_at'] as const) {
    for (const r of await db
      .selectFrom('surveys')
      .select('incident_id')
      .where(column, '>=', since)
      .execute()) {
      incidents.add(r.incident_id);
    }
  }
  for (const r of await db
    .selectFrom('incident_costs')
    .select('incident_id')
    .where('at', '>=', since)
    .execute()) {
    incidents.add(r.incident_id);
  }
}
