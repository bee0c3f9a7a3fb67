import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Order, OrderLine, OrderStatus, Shipment, ShipmentStatus } from './orders.js';
import { rowToOrder, rowToOrderLine, rowToShipment } from './orders.mappers.js';
import type {
  OrderLinesTable,
  OrdersTable,
  ShipmentLinesTable,
  ShipmentsTable,
} from './orders.table.js';

/** The facts other modules need about an order, without its shipments. */
export interface OrderHeader {
  id: string;
  customerId: string;
  channel: string;
  externalId: string;
  shippingZone: string;
  currency: string;
  lines: {
    id: string;
    lineNo: number;
    productId: string;
    sku: string;
    qtyOrdered: number;
    unitPrice: number;
  }[];
}

export async function findOrderHeader(db: Executor, id: string): Promise<OrderHeader | undefined> {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!order) return undefined;
  const lines = await db
    .selectFrom('order_lines')
    .select(['id', 'line_no', 'product_id', 'sku', 'qty_ordered', 'unit_price'])
    .where('order_id', '=', id)
    .orderBy('line_no')
    .execute();
  return {
    id: order.id,
    customerId: order.customer_id,
    channel: order.channel,
    externalId: order.external_id,
    shippingZone: order.shipping_zone,
    currency: order.currency,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      productId: l.product_id,
      sku: l.sku,
      qtyOrdered: l.qty_ordered,
      unitPrice: l.unit_price,
    })),
  };
}

/**
 * Inserts the order unless one with its (channel, external id) exists, committed or being
 * committed by a concurrent transaction (PostgreSQL waits for that one to finish). Returns false
 * when the key was taken: `on conflict do nothing` instead of catching the violation, because a
 * failed statement aborts the whole PostgreSQL transaction and the caller still needs to read.
 */
export async function insertOrderIfNew(db: Executor, row: OrdersTable): Promise<boolean> {
  const inserted = await db
    .insertInto('orders')
    .values(row)
    .onConflict((oc) => oc.columns(['channel', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function insertOrderLines(db: Executor, rows: OrderLinesTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('order_lines').values(rows).execute();
}

export async function findOrderIdByExternal(
  db: Executor,
  channel: string,
  externalId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('orders')
    .select('id')
    .where('channel', '=', channel)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Touches the order row so that its writer holds the row lock until commit: concurrent changes
 * to one order (two deliveries that might each close it) run one after the other on PostgreSQL.
 * SQLite already runs one writer at a time. Portable, unlike `select … for update`.
 */
export async function lockOrder(
  db: Executor,
  id: string,
  now: string,
): Promise<OrdersTable | undefined> {
  return db
    .updateTable('orders')
    .set({ updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function findOrderLines(db: Executor, orderIds: string[]): Promise<OrderLine[]> {
  if (orderIds.length === 0) return [];
  const rows = await db
    .selectFrom('order_lines')
    .selectAll()
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
  return rows.map(rowToOrderLine);
}

async function hydrateShipments(db: Executor, rows: ShipmentsTable[]): Promise<Shipment[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom('shipment_lines as sl')
    .innerJoin('order_lines as ol', 'ol.id', 'sl.order_line_id')
    // The product that travels: a substitute shipped for a line carries its own SKU.
    .innerJoin('products as p', 'p.id', 'sl.product_id')
    .select(['sl.id', 'sl.shipment_id', 'sl.order_line_id', 'sl.product_id', 'p.sku', 'sl.qty'])
    .where(
      'sl.shipment_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('ol.line_no')
    .orderBy('sl.id')
    .execute();
  return rows.map((r) =>
    rowToShipment(
      r,
      lines
        .filter((l) => l.shipment_id === r.id)
        .map((l) => ({
          id: l.id,
          orderLineId: l.order_line_id,
          productId: l.product_id,
          sku: l.sku,
          qty: l.qty,
        })),
    ),
  );
}

export async function findShipmentsOfOrder(db: Executor, orderId: string): Promise<Shipment[]> {
  const rows = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return hydrateShipments(db, rows);
}

export async function findShipment(db: Executor, id: string): Promise<Shipment | undefined> {
  const row = await db.selectFrom('shipments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [shipment] = await hydrateShipments(db, [row]);
  return shipment;
}

export async function findShipmentOrderId(db: Executor, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('shipments')
    .select('order_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.order_id;
}

/** Shipments carrying one of these tracking numbers, newest first (carrier events match by it). */
export async function findShipmentsByTracking(
  db: Executor,
  trackingNumbers: string[],
): Promise<{ id: string; orderId: string; carrier: string | null; trackingNumber: string }[]> {
  if (trackingNumbers.length === 0) return [];
  const rows = await db
    .selectFrom('shipments')
    .select(['id', 'order_id', 'carrier', 'tracking_number'])
    .where('tracking_number', 'in', trackingNumbers)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    carrier: r.carrier,
    trackingNumber: r.tracking_number ?? '',
  }));
}

export async function findOrder(db: Executor, id: string): Promise<Order | undefined> {
  const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [lines, shipments] = await Promise.all([
    findOrderLines(db, [id]),
    findShipmentsOfOrder(db, id),
  ]);
  return rowToOrder(row, lines, shipments);
}

export async function insertShipment(
  db: Executor,
  row: ShipmentsTable,
  lines: ShipmentLinesTable[],
): Promise<void> {
  await db.insertInto('shipments').values(row).execute();
  if (lines.length > 0) await db.insertInto('shipment_lines').values(lines).execute();
}

/** Priority and service of a shipment that has not left yet; false once it has. */
export async function updateShipmentPriority(
  db: Executor,
  id: string,
  p: { priority: number; serviceLevel?: string; promisedAt?: string | null; now: string },
): Promise<boolean> {
  const res = await db
    .updateTable('shipments')
    .set({
      priority: p.priority,
      ...(p.serviceLevel !== undefined && { service_level: p.serviceLevel }),
      ...(p.promisedAt !== undefined && { promised_at: p.promisedAt }),
      updated_at: p.now,
    })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'packed'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** What a step may change on a shipment: never its order, location or kind. */
export type ShipmentPatch = Partial<
  Omit<ShipmentsTable, 'id' | 'order_id' | 'location_id' | 'kind' | 'created_at'>
> & { status: ShipmentStatus; updated_at: string };

/** Moves a shipment from `from` to another status; false when it was no longer in `from`. */
export async function setShipmentStatus(
  db: Executor,
  id: string,
  from: ShipmentStatus,
  patch: ShipmentPatch,
): Promise<boolean> {
  const res = await db
    .updateTable('shipments')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Takes `qty` units off one shipment line (never below 0); a line left empty is removed, the
 * ledger keeps its history. False when the line no longer holds that many.
 */
export async function shrinkShipmentLine(
  db: Executor,
  shipmentLineId: string,
  qty: number,
): Promise<boolean> {
  const row = await db
    .updateTable('shipment_lines')
    .set({ qty: sql`qty - ${qty}` })
    .where('id', '=', shipmentLineId)
    .where('qty', '>=', qty)
    .returning('qty')
    .executeTakeFirst();
  if (!row) return false;
  if (row.qty === 0) {
    await db.deleteFrom('shipment_lines').where('id', '=', shipmentLineId).execute();
  }
  return true;
}

type Counter = 'qty_allocated' | 'qty_packed' | 'qty_shipped' | 'qty_delivered' | 'qty_cancelled';

/**
 * Every change of a line counter, with the room it may use: `room` is how many units the change
 * can still move, evaluated inside the UPDATE so that concurrent changes cannot overshoot.
 */
const lineChanges = {
  allocate: {
    column: 'qty_allocated',
    sign: 1,
    room: sql`qty_ordered - qty_cancelled - qty_allocated`,
  },
  deallocate: { column: 'qty_allocated', sign: -1, room: sql`qty_allocated - qty_shipped` },
  pack: { column: 'qty_packed', sign: 1, room: sql`qty_allocated - qty_packed` },
  unpack: { column: 'qty_packed', sign: -1, room: sql`qty_packed` },
  ship: { column: 'qty_shipped', sign: 1, room: sql`qty_allocated - qty_shipped` },
  deliver: { column: 'qty_delivered', sign: 1, room: sql`qty_shipped - qty_delivered` },
  cancel: {
    column: 'qty_cancelled',
    sign: 1,
    room: sql`qty_ordered - qty_cancelled - qty_allocated`,
  },
  return: { column: 'qty_returned', sign: 1, room: sql`qty_delivered - qty_returned` },
} as const satisfies Record<
  string,
  { column: Counter | 'qty_returned'; sign: 1 | -1; room: RawBuilder<unknown> }
>;

export type LineChange = keyof typeof lineChanges;

/** Applies one counter change atomically; returns the line after it, or undefined (no room). */
export async function changeLineQty(
  db: Executor,
  lineId: string,
  change: LineChange,
  qty: number,
): Promise<OrderLine | undefined> {
  const { column, sign, room } = lineChanges[change];
  const row = await db
    .updateTable('order_lines')
    .set({ [column]: sql`${sql.ref(column)} + ${sign * qty}` })
    .where('id', '=', lineId)
    .where(sql<boolean>`${room} >= ${qty}`)
    .returningAll()
    .executeTakeFirst();
  return row && rowToOrderLine(row);
}

/** Closes an open order; false when it was already closed. */
export async function closeOrder(
  db: Executor,
  id: string,
  status: Exclude<OrderStatus, 'open'>,
  closedAt: string,
  now: string,
): Promise<boolean> {
  const res = await db
    .updateTable('orders')
    .set({ status, closed_at: closedAt, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface OrderFilter {
  status?: OrderStatus;
  customerId?: string;
  channel?: string;
  externalId?: string;
  placedFrom?: string;
  placedTo?: string;
}

/** Newest first by id; `limit + 1` rows so the caller can tell whether a next page exists. */
export async function listOrderRows(
  db: Executor,
  filter: OrderFilter,
  page: { limit: number; cursor?: string },
): Promise<OrdersTable[]> {
  let q = db.selectFrom('orders').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
  if (filter.channel) q = q.where('channel', '=', filter.channel);
  if (filter.externalId) q = q.where('external_id', '=', filter.externalId);
  if (filter.placedFrom) q = q.where('placed_at', '>=', filter.placedFrom);
  if (filter.placedTo) q = q.where('placed_at', '<', filter.placedTo);
  if (page.cursor) q = q.where('id', '<', page.cursor);
  return q
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
}
