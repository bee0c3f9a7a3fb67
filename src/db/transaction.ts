import type { Transaction } from 'kysely';
import type { Database, Executor } from './database.js';

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
