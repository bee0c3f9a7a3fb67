import type { Executor } from '../../db/database.js';
import { locksRows } from '../../db/dialect.js';
import { newId } from '../../shared/ids.js';
import type { StoreCreditEntry } from './money.js';
import { rowToStoreCreditEntry } from './money.mappers.js';
import type { StoreCreditAccountsTable, StoreCreditEntriesTable } from './money.table.js';

/**
 * The customer's account in the currency, made on first use. With `lock`, on PostgreSQL the row
 * is locked until commit: every change of one account's lots goes through this lock first, so
 * two spends of the same account run one after the other.
 */
export async function accountFor(
  db: Executor,
  customerId: string,
  currency: string,
  now: string,
  opts: { lock?: boolean } = {},
): Promise<StoreCreditAccountsTable> {
  await db
    .insertInto('store_credit_accounts')
    .values({
      id: newId('sca'),
      customer_id: customerId,
      currency,
      balance: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['customer_id', 'currency']).doNothing())
    .execute();
  let q = db
    .selectFrom('store_credit_accounts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency);
  if (opts.lock && locksRows(db)) q = q.forUpdate();
  return q.executeTakeFirstOrThrow();
}

export async function lockAccountById(db: Executor, id: string): Promise<void> {
  let q = db.selectFrom('store_credit_accounts').select('id').where('id', '=', id);
  if (locksRows(db)) q = q.forUpdate();
  await q.executeTakeFirstOrThrow();
}

export async function findAccounts(db: Executor, customerId: string, currency?: string) {
  let q = db
    .selectFrom('store_credit_accounts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('currency');
  if (currency) q = q.where('currency', '=', currency);
  return q.execute();
}

/** Changes the balance by `delta` unless that would take it below zero; returns whether it did. */
export async function changeBalance(
  db: Executor,
  accountId: string,
  delta: number,
  now: string,
): Promise<boolean> {
  const res = await db
    .updateTable('store_credit_accounts')
    .set((eb) => ({ balance: eb('balance', '+', delta), updated_at: now }))
    .where('id', '=', accountId)
    .where((eb) => eb(eb('balance', '+', delta), '>=', 0))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertEntry(
  db: Executor,
  row: StoreCreditEntriesTable,
): Promise<StoreCreditEntry> {
  await db.insertInto('store_credit_entries').values(row).execute();
  return rowToStoreCreditEntry(row);
}

export async function findEntry(db: Executor, id: string): Promise<StoreCreditEntry | undefined> {
  const row = await db
    .selectFrom('store_credit_entries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && rowToStoreCreditEntry(row);
}

export async function accountIdOfEntry(db: Executor, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('store_credit_entries')
    .select('account_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.account_id;
}

/** Credits with something left that can still be spent at `now`, soonest expiry first. */
export async function spendableLots(db: Executor, accountId: string, now: string) {
  const rows = await db
    .selectFrom('store_credit_entries')
    .select(['id', 'remaining', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('kind', '=', 'credit')
    .where('remaining', '>', 0)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy((eb) => eb.case().when('expires_at', 'is', null).then(1).else(0).end())
    .orderBy('expires_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, remaining: Number(r.remaining), expiresAt: r.expires_at }));
}

/** Takes `amount` from a credit's remainder only if that much is left. */
export async function takeFromLot(db: Executor, lotId: string, amount: number): Promise<boolean> {
  const res = await db
    .updateTable('store_credit_entries')
    .set((eb) => ({ remaining: eb('remaining', '-', amount) }))
    .where('id', '=', lotId)
    .where('remaining', '>=', amount)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function listEntries(db: Executor, accountId: string): Promise<StoreCreditEntry[]> {
  const rows = await db
    .selectFrom('store_credit_entries')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows.map(rowToStoreCreditEntry);
}

/** Unspent remainders of credits past their expiry that no sweep has taken yet. */
export async function unsweptExpired(db: Executor, accountId: string, now: string) {
  const row = await db
    .selectFrom('store_credit_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('remaining'), eb.lit(0)).as('total'))
    .where('account_id', '=', accountId)
    .where('kind', '=', 'credit')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
