import type { Kysely } from 'kysely';

// A public timeline entry written by the system keeps what it tells the customer as a text key
// and its facts (JSON), so the status page tells it in the customer's language; `message` stays
// the English sentence staff read. Null: an older entry, or someone's own words.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('incident_events').addColumn('public_text', 'text').execute();
}
