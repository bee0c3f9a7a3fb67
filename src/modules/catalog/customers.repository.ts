import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { PageQuery } from '../../shared/pagination.js';
import type { Customer, Tier } from './catalog.js';
import { rowToCustomer } from './catalog.mappers.js';
import type { CustomersTable } from './catalog.table.js';

export interface CustomerFilter extends PageQuery {
  email?: string | undefined;
  tier?: Tier | undefined;
  externalId?: string | undefined;
  /** Substring of the name or the email, any case. */
  q?: string | undefined;
}

export async function insertCustomer(db: Executor, row: CustomersTable): Promise<Customer> {
  await db.insertInto('customers').values(row).execute();
  return rowToCustomer(row);
}

export async function updateCustomerRow(
  db: Executor,
  id: string,
  set: Partial<Omit<CustomersTable, 'id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('customers').set(set).where('id', '=', id).execute();
}

/** Up to `limit + 1` matching customers after the cursor, in id order. */
export async function selectCustomers(db: Executor, filter: CustomerFilter): Promise<Customer[]> {
  let query = db.selectFrom('customers').selectAll();
  if (filter.email) query = query.where('email', '=', filter.email);
  if (filter.tier) query = query.where('tier', '=', filter.tier);
  if (filter.externalId) query = query.where('external_id', '=', filter.externalId);
  if (filter.q) {
    // Literal substring: `%` and `_` typed by a person are characters, not wildcards.
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref('name')}) like ${pattern} escape '\\'`,
        sql<boolean>`${eb.ref('email')} like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (filter.cursor) query = query.where('id', '>', filter.cursor);
  const rows = await query
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  return rows.map(rowToCustomer);
}
