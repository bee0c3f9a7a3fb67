import type { Executor } from '../../db/database.js';
import type { Voucher, VoucherRedemption } from './money.js';
import { rowToRedemption, rowToVoucher } from './money.mappers.js';
import type { VoucherRedemptionsTable, VouchersTable } from './money.table.js';

/** Inserts unless the code is taken (then false, and the caller draws another code). */
export async function insertVoucherIfCodeFree(db: Executor, row: VouchersTable): Promise<boolean> {
  const res = await db
    .insertInto('vouchers')
    .values(row)
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  return res !== undefined;
}

export async function findVoucher(
  db: Executor,
  by: { id: string } | { code: string },
): Promise<Voucher | undefined> {
  const q = db.selectFrom('vouchers').selectAll();
  const row = await (
    'id' in by ? q.where('id', '=', by.id) : q.where('code', '=', by.code)
  ).executeTakeFirst();
  return row && rowToVoucher(row);
}

/**
 * Counts one redemption in ONE conditional statement: active, not expired, below its maximum.
 * Concurrent redemptions of a single-use voucher: exactly one passes.
 */
export async function countRedemption(db: Executor, id: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable('vouchers')
    .set((eb) => ({ redemptions: eb('redemptions', '+', 1) }))
    .where('id', '=', id)
    .where('state', '=', 'active')
    .where((eb) => eb('redemptions', '<', eb.ref('max_redemptions')))
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function voidVoucherRow(
  db: Executor,
  id: string,
  change: { voided_at: string; voided_by: string; void_reason: string },
): Promise<Voucher | undefined> {
  const row = await db
    .updateTable('vouchers')
    .set({ ...change, state: 'void' })
    .where('id', '=', id)
    .where('state', '=', 'active')
    .returningAll()
    .executeTakeFirst();
  return row && rowToVoucher(row);
}

export async function insertRedemption(
  db: Executor,
  row: VoucherRedemptionsTable,
  code: string,
): Promise<VoucherRedemption> {
  await db.insertInto('voucher_redemptions').values(row).execute();
  return rowToRedemption(row, code);
}

export async function findRedemption(
  db: Executor,
  id: string,
): Promise<VoucherRedemption | undefined> {
  const row = await db
    .selectFrom('voucher_redemptions')
    .innerJoin('vouchers', 'vouchers.id', 'voucher_redemptions.voucher_id')
    .selectAll('voucher_redemptions')
    .select('vouchers.code as code')
    .where('voucher_redemptions.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { code, ...rest } = row;
  return rowToRedemption(rest, code);
}

export async function listRedemptionRows(db: Executor, voucherId: string, code: string) {
  const rows = await db
    .selectFrom('voucher_redemptions')
    .selectAll()
    .where('voucher_id', '=', voucherId)
    .orderBy('id')
    .execute();
  return rows.map((r) => rowToRedemption(r, code));
}

export async function listVoucherRows(
  db: Executor,
  f: { customerId?: string; incidentId?: string; state?: string; cursor?: string; limit: number },
): Promise<Voucher[]> {
  let q = db.selectFrom('vouchers').selectAll().orderBy('id').limit(f.limit);
  if (f.customerId) q = q.where('customer_id', '=', f.customerId);
  if (f.incidentId) q = q.where('incident_id', '=', f.incidentId);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.cursor) q = q.where('id', '>', f.cursor);
  return (await q.execute()).map(rowToVoucher);
}

/** The incident's vouchers not voided, redeemed or not: the compensation already given. */
/** What the incident's voided vouchers took off orders before they were voided. */
export async function voidedIncidentVouchersRedeemed(
  db: Executor,
  incidentId: string,
): Promise<number> {
  const row = await db
    .selectFrom('voucher_redemptions as r')
    .innerJoin('vouchers as v', 'v.id', 'r.voucher_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('r.discount_amount'), eb.lit(0)).as('total'))
    .where('v.incident_id', '=', incidentId)
    .where('v.state', '=', 'void')
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export async function activeIncidentVouchers(db: Executor, incidentId: string): Promise<Voucher[]> {
  const rows = await db
    .selectFrom('vouchers')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('state', '=', 'active')
    .orderBy('id')
    .execute();
  return rows.map(rowToVoucher);
}
