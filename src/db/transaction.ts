import { sql, type Transaction } from 'kysely';
import type { Database, Executor } from './database.js';
import { locksRows } from './dialect.js';

/**
 * Runs `fn` in the caller's transaction when given one, else in a new one, so a module's write
 * can be part of another module's flow (Kysely cannot nest `transaction()`).
 */
export function inTransaction<T>(
  db: Executor,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}

/**
 * Runs `fn` under a savepoint of the caller's transaction: when it throws, what it wrote is
 * rolled back and the transaction can carry on (on PostgreSQL, even after a failed statement,
 * whose locks are released too). `name` must be a plain identifier.
 */
export async function withSavepoint<T>(
  trx: Transaction<Database>,
  name: string,
  fn: () => Promise<T>,
): Promise<T> {
  const id = sql.id(name);
  await sql`savepoint ${id}`.execute(trx);
  try {
    const result = await fn();
    await sql`release savepoint ${id}`.execute(trx);
    return result;
  } catch (err) {
    await sql`rollback to savepoint ${id}`.execute(trx);
    await sql`release savepoint ${id}`.execute(trx);
    throw err;
  }
}

/**
 * Runs `fn` with every wait for a lock cut to `ms` on PostgreSQL (lock_timeout, for the rest of
 * `fn` only): a reaction that runs inside another module's transaction uses it so that it gives
 * up — error 55P03, see `lockConflict` — rather than wait on a transaction that may be waiting on
 * the locks the caller already holds. A deadlock there would otherwise be broken by PostgreSQL
 * after a second, possibly by failing the other transaction. SQLite has one writer: nothing to do.
 */
export async function withShortLockWaits<T>(
  trx: Transaction<Database>,
  ms: number,
  fn: () => Promise<T>,
): Promise<T> {
  if (!locksRows(trx)) return fn();
  const { rows } = await sql<{
    previous: string;
  }>`select current_setting('lock_timeout') as previous`.execute(trx);
  await sql`select set_config('lock_timeout', ${`${Math.max(1, Math.round(ms))}ms`}, true)`.execute(
    trx,
  );
  const result = await fn();
  // When `fn` throws, the caller's transaction fails and the setting goes with it.
  await sql`select set_config('lock_timeout', ${rows[0]?.previous ?? '0'}, true)`.execute(trx);
  return result;
}
