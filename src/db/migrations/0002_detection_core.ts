import type { Kysely } from 'kysely';

// Facts a detection hands to the remedy engine (stock elsewhere, substitutes, next inbound, …),
// as JSON text on the incident.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('incidents').addColumn('facts', 'text').execute();
}
