import type { Executor } from '../../db/database.js';
import { AppError, notFound, validationError } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { toPage, type Page } from '../../shared/pagination.js';
import { findLocationById, findProductsByIds, findProductsBySku } from '../catalog/index.js';
import type {
  InboundSupply,
  LedgerEntry,
  Movement,
  OnStockReceived,
  PurchaseOrder,
  PurchaseOrderStatus,
} from './inventory.js';
import {
  atItem,
  lockOrder,
  lookupItems,
  repeatedSkus,
  withSkus,
  type WriteContext,
} from './inventory.service.js';
import {
  addReceivedQty,
  findNextInbound,
  findPurchaseOrderRows,
  insertPurchaseOrderHeader,
  insertPurchaseOrderLines,
  listPurchaseOrderRows,
  lockInboundPurchaseOrder,
  markCancelled,
  referenceExists,
  rowsToPurchaseOrder,
  setExpectedAt,
  settleReceivedStatus,
  type PurchaseOrderRows,
} from './purchase-orders.repository.js';
import { receiveStock } from './stock.service.js';
import { constraintViolation } from '../../db/dialect.js';
import { inTransaction } from '../../db/transaction.js';

/**
 * Inbound purchase orders: what is coming, where and when (the restock date remedies quote),
 * and receipts that turn them into stock. Open → partially received → received; open or
 * partially received → cancelled (the remainder is no longer expected).
 */

async function toPurchaseOrders(db: Executor, rows: PurchaseOrderRows[]): Promise<PurchaseOrder[]> {
  const ids = [...new Set(rows.flatMap((r) => r.lines.map((l) => l.product_id)))];
  const skuOf = new Map((await findProductsByIds(db, ids)).map((p) => [p.id, p.sku]));
  return rows.map((r) => rowsToPurchaseOrder(r, skuOf));
}

export async function getPurchaseOrder(db: Executor, id: string): Promise<PurchaseOrder> {
  const rows = await findPurchaseOrderRows(db, id);
  if (!rows) throw notFound('purchase_order_not_found', 'Purchase order', id);
  const [po] = await toPurchaseOrders(db, [rows]);
  return po as PurchaseOrder;
}

/** Explains why a write found no open order: 404 when missing, 409 when closed. */
async function notInbound(db: Executor, id: string, action: string): Promise<AppError> {
  const rows = await findPurchaseOrderRows(db, id);
  if (!rows) return notFound('purchase_order_not_found', 'Purchase order', id);
  return new AppError(
    'invalid_state',
    `Purchase order ${rows.header.reference} is ${rows.header.status} and cannot be ${action}`,
    { id, status: rows.header.status },
  );
}

export interface NewPurchaseOrder {
  reference: string;
  supplierId?: string | undefined;
  locationId: string;
  /** ISO-8601; stored in UTC. */
  expectedAt: string;
  lines: { sku: string; qty: number }[];
}

export async function createPurchaseOrder(
  db: Executor,
  input: NewPurchaseOrder,
  ctx: Pick<WriteContext, 'now'>,
): Promise<PurchaseOrder> {
  return inTransaction(db, async (trx) => {
    const { resolved, issues } = await lookupItems(trx, input.lines, 'lines');
    issues.push(...repeatedSkus(input.lines, 'lines'));
    if (!(await findLocationById(trx, input.locationId))) {
      issues.push({ path: 'locationId', message: `unknown location ${input.locationId}` });
    }
    if (issues.length > 0) throw validationError(issues);
    if (await referenceExists(trx, input.reference)) throw duplicateReference(input.reference);
    const id = newId('po');
    try {
      await insertPurchaseOrderHeader(trx, {
        id,
        reference: input.reference,
        supplier_id: input.supplierId ?? null,
        location_id: input.locationId,
        status: 'open',
        expected_at: new Date(input.expectedAt).toISOString(),
        received_at: null,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    } catch (err) {
      const violation = constraintViolation(err);
      // The location is checked above, so a broken reference can only be the supplier.
      if (violation === 'foreign_key') {
        throw validationError([
          { path: 'supplierId', message: `unknown supplier ${input.supplierId}` },
        ]);
      }
      throw violation === 'unique' ? duplicateReference(input.reference) : err;
    }
    await insertPurchaseOrderLines(
      trx,
      resolved.map((l) => ({
        id: newId('pol'),
        purchase_order_id: id,
        product_id: l.productId,
        qty_ordered: l.qty,
        qty_received: 0,
      })),
    );
    return getPurchaseOrder(trx, id);
  });
}

function duplicateReference(reference: string): AppError {
  return new AppError('duplicate', `A purchase order with reference ${reference} exists`, {
    field: 'reference',
    reference,
  });
}

export async function listPurchaseOrders(
  db: Executor,
  query: {
    status?: PurchaseOrderStatus;
    sku?: string;
    locationId?: string;
    cursor?: string;
    limit: number;
  },
): Promise<Page<PurchaseOrder>> {
  const productIds =
    query.sku === undefined
      ? undefined
      : (await findProductsBySku(db, [query.sku])).map((p) => p.id);
  const rows = await listPurchaseOrderRows(db, {
    status: query.status,
    locationId: query.locationId,
    productIds,
    after: query.cursor,
    limit: query.limit + 1,
  });
  return toPage(await toPurchaseOrders(db, rows), query.limit);
}

/** Moves the expected date of an order still to come (a delayed delivery moves the restock). */
export async function reschedulePurchaseOrder(
  db: Executor,
  id: string,
  input: { expectedAt: string },
  ctx: Pick<WriteContext, 'now'>,
): Promise<PurchaseOrder> {
  return inTransaction(db, async (trx) => {
    const expectedAt = new Date(input.expectedAt).toISOString();
    if (!(await setExpectedAt(trx, id, expectedAt, ctx.now))) {
      throw await notInbound(trx, id, 'rescheduled');
    }
    return getPurchaseOrder(trx, id);
  });
}

/** Stops expecting what is still outstanding; what was received stays received. */
export async function cancelPurchaseOrder(
  db: Executor,
  id: string,
  ctx: Pick<WriteContext, 'now'>,
): Promise<PurchaseOrder> {
  return inTransaction(db, async (trx) => {
    if (!(await markCancelled(trx, id, ctx.now))) throw await notInbound(trx, id, 'cancelled');
    return getPurchaseOrder(trx, id);
  });
}

export interface Receipt {
  lines: { sku: string; qty: number }[];
  /** Accept more than ordered (a supplier's overdelivery kept as stock). */
  allowOver?: boolean | undefined;
}

export interface ReceiptContext extends WriteContext {
  /**
   * Told what arrived before the transaction commits (the app wires remedies here, so waiting
   * backorders take their units first); null where nothing reacts.
   */
  onReceived: OnStockReceived | null;
}

/**
 * Books received units: each line's received quantity rises in one conditional update (never
 * above ordered unless `allowOver`), the stock arrives at the order's location with a receipt
 * movement referencing the order, and the status follows; then `onReceived` reacts, in the same
 * transaction. All or nothing.
 */
export async function receivePurchaseOrder(
  db: Executor,
  id: string,
  receipt: Receipt,
  ctx: ReceiptContext,
): Promise<{ purchaseOrder: PurchaseOrder; movements: LedgerEntry[] }> {
  return inTransaction(db, async (trx) => {
    const header = await lockInboundPurchaseOrder(trx, id, ctx.now);
    if (!header) throw await notInbound(trx, id, 'received');
    const rows = (await findPurchaseOrderRows(trx, id)) as PurchaseOrderRows;
    const lineOf = new Map(rows.lines.map((l) => [l.product_id, l]));
    const { resolved, issues } = await lookupItems(trx, receipt.lines, 'lines');
    issues.push(...repeatedSkus(receipt.lines, 'lines'));
    resolved.forEach((l, i) => {
      if (l.productId && !lineOf.has(l.productId)) {
        issues.push({ path: `lines.${i}.sku`, message: `SKU ${l.sku} is not on this order` });
      }
    });
    if (issues.length > 0) throw validationError(issues);

    const located = resolved.map((l) => ({ ...l, locationId: header.location_id }));
    const movements: Movement[] = [];
    const { onReceived, ...ref } = ctx;
    for (const i of lockOrder(located)) {
      const l = located[i];
      const line = l && lineOf.get(l.productId);
      if (!l || !line) continue;
      const after = await addReceivedQty(trx, line.id, l.qty, receipt.allowOver === true);
      if (!after) throw overReceipt(i, l, line.qty_ordered, line.qty_received);
      try {
        movements[i] = await receiveStock(trx, l, {
          ...ref,
          reason: `purchase order ${header.reference}`,
          refType: 'purchase_order',
          refId: id,
        });
      } catch (err) {
        throw atItem(err, `lines.${i}`, l.sku);
      }
    }
    await settleReceivedStatus(trx, id, ctx.now);
    await onReceived?.(trx, {
      purchaseOrderId: id,
      reference: header.reference,
      locationId: header.location_id,
      items: located.map((l) => ({ productId: l.productId, qty: l.qty })),
      now: ctx.now,
      actor: ctx.actor,
    });
    return {
      purchaseOrder: await getPurchaseOrder(trx, id),
      movements: await withSkus(trx, movements),
    };
  });
}

function overReceipt(
  i: number,
  l: { sku: string; qty: number },
  ordered: number,
  received: number,
): AppError {
  const outstanding = Math.max(0, ordered - received);
  return new AppError(
    'quantity_exceeded',
    `lines.${i} (${l.sku}): receiving ${l.qty} would exceed the ${ordered} ordered ` +
      `(${received} already received); send allowOver: true to accept it`,
    { item: `lines.${i}`, sku: l.sku, requested: l.qty, ordered, received, outstanding },
  );
}

/** The next restock of a product (optionally at one location), or null when none is due. */
export function nextInbound(
  db: Executor,
  productId: string,
  opts: { locationId?: string } = {},
): Promise<InboundSupply | null> {
  return findNextInbound(db, productId, opts.locationId);
}
