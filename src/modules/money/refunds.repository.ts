import type { Executor } from '../../db/database.js';
import { locksRows } from '../../db/dialect.js';
import type { Refund, RefundState } from './money.js';
import { rowToAlert, rowToRefund } from './money.mappers.js';
import type { MoneyAlertsTable, RefundsTable } from './money.table.js';

/** The order's money row, made on its first refund from what the order says was paid. */
export async function ensureOrderMoney(
  db: Executor,
  row: { orderId: string; currency: string; paid: number; now: string },
): Promise<void> {
  await db
    .insertInto('order_money')
    .values({
      order_id: row.orderId,
      currency: row.currency,
      paid: row.paid,
      refunded: 0,
      updated_at: row.now,
    })
    .onConflict((oc) => oc.column('order_id').doNothing())
    .execute();
}

/**
 * Holds `amount` of the order's refundable money in ONE conditional statement, so concurrent
 * refunds can never together exceed what was paid. Returns whether it fitted.
 */
export async function holdRefundable(
  db: Executor,
  orderId: string,
  amount: number,
  now: string,
): Promise<boolean> {
  const res = await db
    .updateTable('order_money')
    .set((eb) => ({ refunded: eb('refunded', '+', amount), updated_at: now }))
    .where('order_id', '=', orderId)
    .where((eb) => eb(eb('paid', '-', eb.ref('refunded')), '>=', amount))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function releaseRefundable(
  db: Executor,
  orderId: string,
  amount: number,
  now: string,
): Promise<void> {
  const res = await db
    .updateTable('order_money')
    .set((eb) => ({ refunded: eb('refunded', '-', amount), updated_at: now }))
    .where('order_id', '=', orderId)
    .where('refunded', '>=', amount)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    throw new Error(`order ${orderId} holds less than the ${amount} being released`);
  }
}

export async function refundableOf(
  db: Executor,
  orderId: string,
): Promise<{ paid: number; refunded: number; currency: string } | undefined> {
  const row = await db
    .selectFrom('order_money')
    .select(['paid', 'refunded', 'currency'])
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return row && { paid: Number(row.paid), refunded: Number(row.refunded), currency: row.currency };
}

export async function ensureLineRefunds(
  db: Executor,
  rows: { orderLineId: string; orderId: string; qtyLimit: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('order_line_refunds')
    .values(
      rows.map((r) => ({
        order_line_id: r.orderLineId,
        order_id: r.orderId,
        qty_limit: r.qtyLimit,
        qty_refunded: 0,
      })),
    )
    .onConflict((oc) => oc.column('order_line_id').doNothing())
    .execute();
}

/** Holds `qty` units of a line for a refund by line; false when fewer remain. */
export async function holdLineQty(db: Executor, lineId: string, qty: number): Promise<boolean> {
  const res = await db
    .updateTable('order_line_refunds')
    .set((eb) => ({ qty_refunded: eb('qty_refunded', '+', qty) }))
    .where('order_line_id', '=', lineId)
    .where((eb) => eb(eb('qty_limit', '-', eb.ref('qty_refunded')), '>=', qty))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function releaseLineQty(db: Executor, lineId: string, qty: number): Promise<void> {
  await db
    .updateTable('order_line_refunds')
    .set((eb) => ({ qty_refunded: eb('qty_refunded', '-', qty) }))
    .where('order_line_id', '=', lineId)
    .where('qty_refunded', '>=', qty)
    .execute();
}

export async function lineQtyLeft(db: Executor, lineId: string): Promise<number> {
  const row = await db
    .selectFrom('order_line_refunds')
    .select(['qty_limit', 'qty_refunded'])
    .where('order_line_id', '=', lineId)
    .executeTakeFirst();
  return row ? Number(row.qty_limit) - Number(row.qty_refunded) : 0;
}

export async function insertRefund(db: Executor, row: RefundsTable): Promise<Refund> {
  await db.insertInto('refunds').values(row).execute();
  return rowToRefund(row);
}

export async function findRefund(
  db: Executor,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<Refund | undefined> {
  let q = db.selectFrom('refunds').selectAll().where('id', '=', id);
  if (opts.lock && locksRows(db)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && rowToRefund(row);
}

export type RefundChanges = Partial<Omit<RefundsTable, 'id' | 'order_id'>>;

/**
 * Moves a refund on only if it is still in one of `from` (and, when given, not yet submitted to
 * its provider): the conditional update decides a race between, say, a cancel and the job that
 * pays it out. Returns the updated refund, or undefined when the condition did not hold.
 */
export async function changeRefund(
  db: Executor,
  id: string,
  cond: { from: readonly RefundState[]; unsubmitted?: boolean; unbreached?: boolean },
  changes: RefundChanges & { updated_at: string },
): Promise<Refund | undefined> {
  let q = db
    .updateTable('refunds')
    .set(changes)
    .where('id', '=', id)
    .where('state', 'in', [...cond.from]);
  if (cond.unsubmitted) q = q.where('submitted_at', 'is', null);
  if (cond.unbreached) q = q.where('breached_at', 'is', null);
  const row = await q.returningAll().executeTakeFirst();
  return row && rowToRefund(row);
}

export async function listRefundRows(
  db: Executor,
  filter: {
    orderId?: string;
    incidentId?: string;
    state?: RefundState;
    cursor?: string;
    limit?: number;
  },
): Promise<Refund[]> {
  let q = db.selectFrom('refunds').selectAll().orderBy('id');
  if (filter.orderId) q = q.where('order_id', '=', filter.orderId);
  if (filter.incidentId) q = q.where('incident_id', '=', filter.incidentId);
  if (filter.state) q = q.where('state', '=', filter.state);
  if (filter.cursor) q = q.where('id', '>', filter.cursor);
  if (filter.limit) q = q.limit(filter.limit);
  return (await q.execute()).map(rowToRefund);
}

/** What refunds of the incident hold (any not cancelled or failed), per currency. */
export async function incidentRefundTotal(
  db: Executor,
  incidentId: string,
  states: readonly RefundState[],
): Promise<number> {
  const row = await db
    .selectFrom('refunds')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
    .where('incident_id', '=', incidentId)
    .where('state', 'in', [...states])
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export async function insertAlert(db: Executor, row: MoneyAlertsTable): Promise<boolean> {
  const res = await db
    .insertInto('money_alerts')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'refund_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return res !== undefined;
}

export async function listAlerts(db: Executor, filter: { refundId?: string; limit: number }) {
  let q = db.selectFrom('money_alerts').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.refundId) q = q.where('refund_id', '=', filter.refundId);
  return (await q.execute()).map(rowToAlert);
}
