import { sql, type Kysely } from 'kysely';

// Analytics: the facts each order and incident last contributed to the daily aggregates, so a
// fold subtracts what an entity counted before and adds what it counts now instead of
// recomputing whole days. Aggregates built before this table existed are rebuilt by the next
// fold (forgetting the watermark makes it start from scratch).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('analytics_facts')
    .addColumn('entity', 'text', (c) => c.primaryKey())
    .addColumn('facts', 'text', (c) => c.notNull())
    .execute();
  await sql`delete from analytics_state where name = 'watermark'`.execute(db);
  await db.schema
    .createIndex('analytics_orders_customer_closed')
    .ifNotExists()
    .on('orders')
    .columns(['customer_id', 'closed_at'])
    .execute();
  await db.schema
    .createIndex('analytics_incidents_customer_resolved')
    .ifNotExists()
    .on('incidents')
    .columns(['customer_id', 'resolved_at'])
    .execute();
}
