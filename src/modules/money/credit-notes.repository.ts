import type { Executor } from '../../db/database.js';
import type { CreditNote } from './money.js';
import { rowToCreditNote } from './money.mappers.js';
import type { CreditNotesTable } from './money.table.js';

/**
 * The next number of a series and year, taken in the caller's transaction: the counter row is
 * incremented in one statement (PostgreSQL holds its row lock until commit, so a concurrent issue
 * waits; SQLite's writer holds the database), and a rolled-back issue gives its number back.
 * Numbers are therefore gapless and never repeat.
 */
export async function nextNumber(db: Executor, series: string, year: number): Promise<number> {
  await db
    .insertInto('credit_note_counters')
    .values({ series, year, last: 0 })
    .onConflict((oc) => oc.columns(['series', 'year']).doNothing())
    .execute();
  const row = await db
    .updateTable('credit_note_counters')
    .set((eb) => ({ last: eb('last', '+', 1) }))
    .where('series', '=', series)
    .where('year', '=', year)
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(row.last);
}

export async function insertCreditNote(db: Executor, row: CreditNotesTable): Promise<CreditNote> {
  await db.insertInto('credit_notes').values(row).execute();
  return rowToCreditNote(row);
}

export async function findCreditNote(db: Executor, id: string): Promise<CreditNote | undefined> {
  const row = await db
    .selectFrom('credit_notes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && rowToCreditNote(row);
}

export async function findCreditNoteByNumber(
  db: Executor,
  number: string,
): Promise<CreditNote | undefined> {
  const row = await db
    .selectFrom('credit_notes')
    .selectAll()
    .where('number', '=', number)
    .executeTakeFirst();
  return row && rowToCreditNote(row);
}

export interface CreditNoteFilter {
  orderId?: string;
  incidentId?: string;
  customerId?: string;
  refundId?: string;
  series?: string;
  year?: number;
  cursor?: string;
  limit?: number;
}

export async function listCreditNoteRows(db: Executor, f: CreditNoteFilter): Promise<CreditNote[]> {
  let q = db.selectFrom('credit_notes').selectAll().orderBy('id');
  if (f.orderId) q = q.where('order_id', '=', f.orderId);
  if (f.incidentId) q = q.where('incident_id', '=', f.incidentId);
  if (f.customerId) q = q.where('customer_id', '=', f.customerId);
  if (f.refundId) q = q.where('refund_id', '=', f.refundId);
  if (f.series) q = q.where('series', '=', f.series);
  if (f.year) q = q.where('year', '=', f.year);
  if (f.cursor) q = q.where('id', '>', f.cursor);
  if (f.limit) q = q.limit(f.limit);
  return (await q.execute()).map(rowToCreditNote);
}
