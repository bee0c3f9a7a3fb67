import type { Kysely } from 'kysely';

// Customer and agent reports: the triage flag on incidents, photos attached to an incident, and
// one lock row per order that serialises the reports of that order (see report-incident.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('incidents')
    .addColumn('needs_triage', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('incident_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_attachments_incident')
    .on('incident_attachments')
    .columns(['incident_id', 'id'])
    .execute();

  await db.schema
    .createTable('incident_report_locks')
    .addColumn('order_id', 'text', (c) => c.primaryKey().references('orders.id'))
    .addColumn('locked_at', 'text', (c) => c.notNull())
    .execute();

  // The dedupe look-up: open incidents of one order and type, newest first.
  await db.schema
    .createIndex('incidents_order_type')
    .on('incidents')
    .columns(['order_id', 'type', 'detected_at'])
    .execute();
}
