import type { Transaction } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { uniqueViolationTarget } from '../../db/dialect.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, type ErrorCode } from '../../shared/app-error.js';

/** The unique columns of the catalog, by `table.column`, and the conflict each one means. */
const conflictOf: Record<string, { code: ErrorCode; what: string }> = {
  'suppliers.code': { code: 'code_taken', what: 'supplier code' },
  'locations.code': { code: 'code_taken', what: 'location code' },
  'products.sku': { code: 'sku_taken', what: 'SKU' },
  'product_barcodes.code': { code: 'barcode_taken', what: 'barcode' },
  'customers.external_id': { code: 'duplicate', what: 'customer externalId' },
};

/**
 * Runs a catalog write in one transaction: the caller's when `db` already is one (the demo seeder,
 * another module's flow), a new one otherwise. Services check uniqueness before writing, with
 * messages that name the holder; this turns the unique violation of a writer that raced past
 * those checks (PostgreSQL, READ COMMITTED) into the same 409 instead of a 500.
 */
export async function writeTransaction<T>(
  db: Executor,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await inTransaction(db, fn);
  } catch (err) {
    throw conflictFromUniqueViolation(err) ?? err;
  }
}

export function conflictFromUniqueViolation(err: unknown): AppError | undefined {
  const target = uniqueViolationTarget(err);
  const conflict = target ? conflictOf[target] : undefined;
  if (!conflict) return undefined;
  return new AppError(conflict.code, `That ${conflict.what} is already taken`, { field: target });
}
