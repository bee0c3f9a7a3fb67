import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import {
  inboundStatuses,
  type InboundSupply,
  type PurchaseOrder,
  type PurchaseOrderStatus,
} from './inventory.js';
import type { PurchaseOrderLinesTable, PurchaseOrdersTable } from './inventory.table.js';

export interface PurchaseOrderRows {
  header: PurchaseOrdersTable;
  lines: PurchaseOrderLinesTable[];
}

export function rowsToPurchaseOrder(
  { header, lines }: PurchaseOrderRows,
  skuOf: ReadonlyMap<string, string>,
): PurchaseOrder {
  const status = header.status as PurchaseOrderStatus;
  return {
    id: header.id,
    reference: header.reference,
    supplierId: header.supplier_id,
    locationId: header.location_id,
    status,
    expectedAt: header.expected_at,
    receivedAt: header.received_at,
    createdAt: header.created_at,
    updatedAt: header.updated_at,
    lines: lines.map((l) => ({
      id: l.id,
      productId: l.product_id,
      sku: skuOf.get(l.product_id) ?? '',
      qtyOrdered: l.qty_ordered,
      qtyReceived: l.qty_received,
      qtyOutstanding: status === 'cancelled' ? 0 : Math.max(0, l.qty_ordered - l.qty_received),
    })),
  };
}

export async function insertPurchaseOrderHeader(
  db: Executor,
  header: PurchaseOrdersTable,
): Promise<void> {
  await db.insertInto('purchase_orders').values(header).execute();
}

export async function insertPurchaseOrderLines(
  db: Executor,
  lines: PurchaseOrderLinesTable[],
): Promise<void> {
  await db.insertInto('purchase_order_lines').values(lines).execute();
}

export async function referenceExists(db: Executor, reference: string): Promise<boolean> {
  const row = await db
    .selectFrom('purchase_orders')
    .select('id')
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row !== undefined;
}

async function withLines(
  db: Executor,
  headers: PurchaseOrdersTable[],
): Promise<PurchaseOrderRows[]> {
  if (headers.length === 0) return [];
  const lines = await db
    .selectFrom('purchase_order_lines')
    .selectAll()
    .where(
      'purchase_order_id',
      'in',
      headers.map((h) => h.id),
    )
    .orderBy('id')
    .execute();
  return headers.map((header) => ({
    header,
    lines: lines.filter((l) => l.purchase_order_id === header.id),
  }));
}

export async function findPurchaseOrderRows(
  db: Executor,
  id: string,
): Promise<PurchaseOrderRows | undefined> {
  const header = await db
    .selectFrom('purchase_orders')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!header) return undefined;
  const [rows] = await withLines(db, [header]);
  return rows;
}

/** One page in id order after `after`; fetches `limit` orders with their lines. */
export async function listPurchaseOrderRows(
  db: Executor,
  filter: {
    status?: PurchaseOrderStatus;
    productIds?: string[];
    locationId?: string;
    after?: string;
    limit: number;
  },
): Promise<PurchaseOrderRows[]> {
  let q = db.selectFrom('purchase_orders as po').selectAll('po');
  if (filter.status !== undefined) q = q.where('po.status', '=', filter.status);
  if (filter.locationId !== undefined) q = q.where('po.location_id', '=', filter.locationId);
  const productIds = filter.productIds;
  if (productIds) {
    if (productIds.length === 0) return [];
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('purchase_order_lines as pl')
          .select('pl.id')
          .whereRef('pl.purchase_order_id', '=', 'po.id')
          .where('pl.product_id', 'in', productIds),
      ),
    );
  }
  if (filter.after !== undefined) q = q.where('po.id', '>', filter.after);
  const headers = await q.orderBy('po.id').limit(filter.limit).execute();
  return withLines(db, headers);
}

/**
 * Touches an order that still expects stock and returns it, or undefined when it is missing or
 * closed. On PostgreSQL the update holds the row lock to the end of the transaction, so two
 * receipts (or a receipt and a cancel) of one order run one after the other.
 */
export async function lockInboundPurchaseOrder(
  db: Executor,
  id: string,
  now: string,
): Promise<PurchaseOrdersTable | undefined> {
  return db
    .updateTable('purchase_orders')
    .set({ updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', inboundStatuses)
    .returningAll()
    .executeTakeFirst();
}

/** Adds received units to a line, atomically; never above ordered unless `allowOver`. */
export async function addReceivedQty(
  db: Executor,
  lineId: string,
  qty: number,
  allowOver: boolean,
): Promise<{ qty_ordered: number; qty_received: number } | undefined> {
  let q = db
    .updateTable('purchase_order_lines')
    .set((eb) => ({ qty_received: eb('qty_received', '+', qty) }))
    .where('id', '=', lineId);
  if (!allowOver) {
    q = q.where((eb) => eb(eb('qty_received', '+', qty), '<=', eb.ref('qty_ordered')));
  }
  return q.returning(['qty_ordered', 'qty_received']).executeTakeFirst();
}

/** Sets received or partially received from the lines, in the same statement that reads them. */
export async function settleReceivedStatus(db: Executor, id: string, now: string): Promise<void> {
  await db
    .updateTable('purchase_orders')
    .set({
      status: sql<string>`case when exists (
        select 1 from purchase_order_lines pl
        where pl.purchase_order_id = ${id} and pl.qty_received < pl.qty_ordered
      ) then 'partially_received' else 'received' end`,
      received_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function setExpectedAt(
  db: Executor,
  id: string,
  expectedAt: string,
  now: string,
): Promise<boolean> {
  const res = await db
    .updateTable('purchase_orders')
    .set({ expected_at: expectedAt, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', inboundStatuses)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function markCancelled(db: Executor, id: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable('purchase_orders')
    .set({ status: 'cancelled', updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', inboundStatuses)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The earliest-expected open order with units of the product still to come. */
export async function findNextInbound(
  db: Executor,
  productId: string,
  locationId: string | undefined,
): Promise<InboundSupply | null> {
  let q = db
    .selectFrom('purchase_order_lines as pl')
    .innerJoin('purchase_orders as po', 'po.id', 'pl.purchase_order_id')
    .select(['po.id', 'po.reference', 'po.location_id', 'po.expected_at'])
    .select((eb) => eb('pl.qty_ordered', '-', eb.ref('pl.qty_received')).as('outstanding'))
    .where('pl.product_id', '=', productId)
    .where('po.status', 'in', inboundStatuses)
    .whereRef('pl.qty_received', '<', 'pl.qty_ordered');
  if (locationId !== undefined) q = q.where('po.location_id', '=', locationId);
  const row = await q.orderBy('po.expected_at').orderBy('po.id').limit(1).executeTakeFirst();
  if (!row) return null;
  return {
    purchaseOrderId: row.id,
    reference: row.reference,
    locationId: row.location_id,
    expectedAt: row.expected_at,
    qtyOutstanding: Number(row.outstanding),
  };
}
