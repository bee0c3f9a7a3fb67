import type { Kysely } from 'kysely';

// Normalised carrier tracking events. One row per (carrier, event id): the unique key is what
// makes a redelivered webhook a no-op. An event stays `unmatched` (shipment_id null) until a
// shipment carries its tracking number; `given_shipment_id` keeps what the carrier sent.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('carrier_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('tracking_number', 'text')
    .addColumn('given_shipment_id', 'text')
    .addColumn('shipment_id', 'text', (c) => c.references('shipments.id'))
    .addColumn('new_eta', 'text')
    .addColumn('location', 'text')
    .addColumn('description', 'text')
    .addColumn('raw', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('effects', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    .addColumn('last_error', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text')
    .addUniqueConstraint('carrier_events_carrier_event', ['carrier', 'event_id'])
    .execute();
  await db.schema
    .createIndex('carrier_events_unmatched')
    .on('carrier_events')
    .columns(['status', 'tracking_number'])
    .execute();
  await db.schema
    .createIndex('carrier_events_tracking')
    .on('carrier_events')
    .column('tracking_number')
    .execute();
  await db.schema
    .createIndex('carrier_events_shipment')
    .on('carrier_events')
    .columns(['shipment_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('carrier_events_given_shipment')
    .on('carrier_events')
    .column('given_shipment_id')
    .execute();
  // Events find their shipment by tracking number, on ingest and in the `carrier.match` job.
  await db.schema
    .createIndex('shipments_tracking')
    .on('shipments')
    .column('tracking_number')
    .execute();
}
