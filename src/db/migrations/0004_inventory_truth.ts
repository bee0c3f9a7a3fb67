import type { Kysely } from 'kysely';

// Inventory truth: the source version each level was last set from, the feed batches received
// (freshness and audit), and per-location freshness settings (absent = the kind's default).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inventory_levels').addColumn('feed_version', 'bigint').execute();
  await db.schema.alterTable('inventory_levels').addColumn('feed_at', 'text').execute();

  // No foreign key on location_id: a batch for an unknown location is still kept for audit.
  await db.schema
    .createTable('feed_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull())
    .addColumn('applied', 'integer', (c) => c.notNull())
    .addColumn('ignored_stale', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feed_batches_location')
    .on('feed_batches')
    .columns(['location_id', 'received_at'])
    .execute();

  await db.schema
    .createTable('inventory_freshness_settings')
    .addColumn('location_id', 'text', (c) => c.primaryKey().references('locations.id'))
    .addColumn('tolerance_minutes', 'integer', (c) => c.notNull())
    .addColumn('safety_buffer', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The drift report reads count movements over a period.
  await db.schema
    .createIndex('inventory_movements_kind_time')
    .on('inventory_movements')
    .columns(['kind', 'created_at'])
    .execute();
}
