import type { Kysely } from 'kysely';

// The change on hand that the last feed made to a level. A feed sets levels with one UPDATE and
// reads this column back (RETURNING), so the ledger gets each exact delta without reading the
// levels first: SET expressions see the row before the update, RETURNING only the row after.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inventory_levels').addColumn('feed_delta', 'integer').execute();
}
