import { sql, type Kysely } from 'kysely';

// Pack-station verification: sessions of scans against a shipment, what each mismatch found,
// and the hard stop on the shipment itself (a blocked shipment cannot be packed or shipped).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('shipments').addColumn('blocked_at', 'text').execute();
  await db.schema.alterTable('shipments').addColumn('blocked_reason', 'text').execute();

  await db.schema
    .createTable('pack_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shipment_id', 'text', (c) => c.notNull().references('shipments.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('packer', 'text', (c) => c.notNull())
    .addColumn('station', 'text', (c) => c.notNull())
    // JSON: the shipment's lines and their look-alikes when the session opened, so a scan
    // compares without reading the shipment and the catalog again (the close reads them anew).
    .addColumn('expected', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  // One open session per shipment, enforced by the database so two packers cannot both open one.
  await db.schema
    .createIndex('pack_sessions_one_open')
    .on('pack_sessions')
    .column('shipment_id')
    .unique()
    .where(sql<boolean>`status = 'open'`)
    .execute();
  await db.schema
    .createIndex('pack_sessions_shipment')
    .on('pack_sessions')
    .columns(['shipment_id', 'id'])
    .execute();
  await db.schema
    .createIndex('pack_sessions_closed')
    .on('pack_sessions')
    .column('closed_at')
    .execute();

  await db.schema
    .createTable('pack_scans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('pack_sessions.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('qty', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.references('products.id'))
    .addColumn('sku', 'text')
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pack_scans_session')
    .on('pack_scans')
    .columns(['session_id', 'id'])
    .execute();

  // What a mismatched session found, one row per discrepancy: the source of the per-SKU error
  // counts. `shelf_short` units were not at the location at all; `corrected` of them were taken
  // off its stock by this session (once per shipment and product).
  await db.schema
    .createTable('pack_discrepancies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('pack_sessions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('order_line_id', 'text', (c) => c.references('order_lines.id'))
    .addColumn('expected_sku', 'text')
    .addColumn('expected_qty', 'integer', (c) => c.notNull())
    .addColumn('scanned_sku', 'text')
    .addColumn('scanned_code', 'text')
    .addColumn('scanned_qty', 'integer', (c) => c.notNull())
    .addColumn('shelf_short', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('corrected', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('pack_discrepancies_session')
    .on('pack_discrepancies')
    .column('session_id')
    .execute();
}
