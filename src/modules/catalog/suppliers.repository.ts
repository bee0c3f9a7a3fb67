import type { Executor } from '../../db/database.js';
import type { PageQuery } from '../../shared/pagination.js';
import type { Supplier } from './catalog.js';
import { rowToSupplier } from './catalog.mappers.js';
import type { SuppliersTable } from './catalog.table.js';

export async function insertSupplier(db: Executor, row: SuppliersTable): Promise<Supplier> {
  await db.insertInto('suppliers').values(row).execute();
  return rowToSupplier(row);
}

export async function updateSupplierRow(
  db: Executor,
  id: string,
  set: Partial<Omit<SuppliersTable, 'id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('suppliers').set(set).where('id', '=', id).execute();
}

export async function findSupplierById(db: Executor, id: string): Promise<Supplier | undefined> {
  const row = await db.selectFrom('suppliers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToSupplier(row);
}

export async function findSupplierByCode(
  db: Executor,
  code: string,
): Promise<Supplier | undefined> {
  const row = await db
    .selectFrom('suppliers')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst();
  return row && rowToSupplier(row);
}

/** Which of `ids` are suppliers. */
export async function findSupplierIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('suppliers').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Up to `limit + 1` suppliers after the cursor, in id order. */
export async function selectSuppliers(db: Executor, page: PageQuery): Promise<Supplier[]> {
  let query = db.selectFrom('suppliers').selectAll();
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return rows.map(rowToSupplier);
}
