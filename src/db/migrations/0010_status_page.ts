import type { Kysely } from 'kysely';

// The customer's status page: the link-signing secret (when not configured), idempotent customer
// actions, and pickup windows booked by the customer.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('status_page_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('status_page_requests')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('response', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_page_requests_pk', ['incident_id', 'idempotency_key'])
    .execute();

  await db.schema
    .createTable('status_page_pickup_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('window_from', 'text', (c) => c.notNull())
    .addColumn('window_to', 'text', (c) => c.notNull())
    .addColumn('booked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('status_page_pickup_windows_incident')
    .on('status_page_pickup_windows')
    .columns(['incident_id', 'id'])
    .execute();

  // The live poller's look-up (newest timeline entry per incident) uses incident_events_incident.
}
