import { sql, type Kysely } from 'kysely';

// Forward-only. Timestamps are ISO-8601 UTC text, money is integer minor units, JSON is text,
// booleans are 0/1 integers: one representation on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

  await db.schema
    .createTable('suppliers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('can_ship', 'integer', (c) => c.notNull())
    .addColumn('can_pickup', 'integer', (c) => c.notNull())
    .addColumn('can_return', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sku', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price_amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('supplier_id', 'text', (c) => c.references('suppliers.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_supplier').on('products').column('supplier_id').execute();

  await db.schema
    .createTable('product_barcodes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .execute();
  await db.schema
    .createIndex('product_barcodes_product')
    .on('product_barcodes')
    .column('product_id')
    .execute();

  await db.schema
    .createTable('product_substitutes')
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('substitute_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_substitutes_pk', ['product_id', 'substitute_id'])
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('contract', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_email').on('customers').column('email').execute();

  await db.schema
    .createTable('inventory_levels')
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('on_hand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inventory_levels_pk', ['product_id', 'location_id'])
    .addCheckConstraint('inventory_levels_non_negative', sqlCheck('on_hand >= 0 and reserved >= 0'))
    .execute();
  await db.schema
    .createIndex('inventory_levels_location')
    .on('inventory_levels')
    .column('location_id')
    .execute();

  await db.schema
    .createTable('inventory_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('on_hand_delta', 'integer', (c) => c.notNull())
    .addColumn('reserved_delta', 'integer', (c) => c.notNull())
    .addColumn('on_hand_after', 'integer', (c) => c.notNull())
    .addColumn('reserved_after', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('ref_type', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inventory_movements_item')
    .on('inventory_movements')
    .columns(['product_id', 'location_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('inventory_movements_ref')
    .on('inventory_movements')
    .columns(['ref_type', 'ref_id'])
    .execute();

  await db.schema
    .createTable('purchase_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('supplier_id', 'text', (c) => c.references('suppliers.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('expected_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('purchase_order_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purchase_order_id', 'text', (c) => c.notNull().references('purchase_orders.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('qty_ordered', 'integer', (c) => c.notNull())
    .addColumn('qty_received', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('purchase_order_lines_product')
    .on('purchase_order_lines')
    .columns(['product_id', 'purchase_order_id'])
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('delivery_method', 'text', (c) => c.notNull())
    .addColumn('pickup_location_id', 'text', (c) => c.references('locations.id'))
    .addColumn('shipping_zone', 'text', (c) => c.notNull())
    .addColumn('ship_to', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total_amount', 'bigint', (c) => c.notNull())
    .addColumn('shipping_amount', 'bigint', (c) => c.notNull())
    .addColumn('paid_amount', 'bigint', (c) => c.notNull())
    .addColumn('payment_method', 'text', (c) => c.notNull())
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('promised_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('orders_channel_external', ['channel', 'external_id'])
    .execute();
  await db.schema
    .createIndex('orders_customer')
    .on('orders')
    .columns(['customer_id', 'placed_at'])
    .execute();
  await db.schema.createIndex('orders_status').on('orders').columns(['status', 'id']).execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('qty_ordered', 'integer', (c) => c.notNull())
    .addColumn('qty_allocated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('qty_packed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('qty_shipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('qty_delivered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('qty_cancelled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('qty_returned', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('order_lines_order_line_no', ['order_id', 'line_no'])
    .execute();
  await db.schema
    .createIndex('order_lines_product')
    .on('order_lines')
    .column('product_id')
    .execute();

  await db.schema
    .createTable('shipments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('carrier', 'text')
    .addColumn('service_level', 'text', (c) => c.notNull())
    .addColumn('tracking_number', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('promised_at', 'text')
    .addColumn('packed_at', 'text')
    .addColumn('shipped_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shipments_order').on('shipments').column('order_id').execute();
  await db.schema
    .createIndex('shipments_location_status')
    .on('shipments')
    .columns(['location_id', 'status'])
    .execute();

  await db.schema
    .createTable('shipment_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shipment_id', 'text', (c) => c.notNull().references('shipments.id'))
    .addColumn('order_line_id', 'text', (c) => c.notNull().references('order_lines.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('qty', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('shipment_lines_shipment')
    .on('shipment_lines')
    .column('shipment_id')
    .execute();
  await db.schema
    .createIndex('shipment_lines_order_line')
    .on('shipment_lines')
    .column('order_line_id')
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.references('orders.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('shipment_id', 'text', (c) => c.references('shipments.id'))
    .addColumn('location_id', 'text', (c) => c.references('locations.id'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated_at', 'text')
    .addColumn('root_cause', 'text')
    .addColumn('dismissed_reason', 'text')
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_state').on('incidents').columns(['state', 'id']).execute();
  await db.schema.createIndex('incidents_order').on('incidents').column('order_id').execute();
  await db.schema
    .createIndex('incidents_customer')
    .on('incidents')
    .columns(['customer_id', 'detected_at'])
    .execute();
  await db.schema.createIndex('incidents_detected').on('incidents').column('detected_at').execute();

  await db.schema
    .createTable('incident_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('order_line_id', 'text', (c) => c.references('order_lines.id'))
    .addColumn('discrepancy', 'text')
    .addColumn('expected_sku', 'text')
    .addColumn('expected_qty', 'integer', (c) => c.notNull())
    .addColumn('actual_sku', 'text')
    .addColumn('actual_qty', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('incident_lines_incident')
    .on('incident_lines')
    .column('incident_id')
    .execute();

  await db.schema
    .createTable('incident_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .execute();
  await db.schema
    .createIndex('incident_events_incident')
    .on('incident_events')
    .columns(['incident_id', 'id'])
    .execute();

  await db.schema
    .createTable('incident_clocks')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('clock', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('target_at', 'text')
    .addColumn('met_at', 'text')
    .addColumn('breached_at', 'text')
    .addPrimaryKeyConstraint('incident_clocks_pk', ['incident_id', 'clock'])
    .execute();
  await db.schema
    .createIndex('incident_clocks_due')
    .on('incident_clocks')
    .column('due_at')
    .execute();
}

function sqlCheck(expr: string) {
  return sql.raw(expr);
}
