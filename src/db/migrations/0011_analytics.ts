import type { Kysely } from 'kysely';

// Analytics: daily KPI aggregates keyed by (day, dimension, key), the fold's watermark, and
// corrective actions. The indexes on other modules' tables serve the fold: it finds what changed
// since its watermark, and reloads one day's facts, by range scans instead of full scans.
export async function up(db: Kysely<unknown>): Promise<void> {
  await aggregates(db);
  await correctiveActions(db);
  await foldIndexes(db);
}

async function aggregates(db: Kysely<unknown>): Promise<void> {
  const counter = (name: string) => (t: CreateTable) =>
    t.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
  let daily = db.schema
    .createTable('analytics_daily')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull());
  for (const name of dailyCounters) daily = counter(name)(daily);
  await daily
    // JSON arrays of durations in milliseconds, sorted: exact percentiles over any period.
    .addColumn('resolution_ms', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('notify_ms', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('refund_ms', 'text', (c) => c.notNull().defaultTo('[]'))
    .addPrimaryKeyConstraint('analytics_daily_pk', ['day', 'dim', 'key'])
    .execute();
  await db.schema
    .createIndex('analytics_daily_dim_day')
    .on('analytics_daily')
    .columns(['dim', 'day'])
    .execute();

  await db.schema
    .createTable('analytics_daily_costs')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_daily_costs_pk', [
      'day',
      'dim',
      'key',
      'party',
      'kind',
      'currency',
    ])
    .execute();
  await db.schema
    .createIndex('analytics_daily_costs_dim_day')
    .on('analytics_daily_costs')
    .columns(['dim', 'day'])
    .execute();

  await db.schema
    .createTable('analytics_state')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  // The attribute values the aggregates were last computed with, for attributes whose owner row
  // changes for other reasons too (a product's supplier, a customer's tier).
  await db.schema
    .createTable('analytics_dim_memory')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_dim_memory_pk', ['kind', 'id'])
    .execute();
}

type CreateTable = ReturnType<Kysely<unknown>['schema']['createTable']>;

const dailyCounters = [
  'orders_closed',
  'orders_delivered',
  'orders_full',
  'orders_perfect',
  'orders_error_return',
  'lines_shipped',
  'lines_error',
  'control_orders',
  'control_repeat',
  'incidents',
  'incidents_caught',
  'incidents_escalated',
  'repeat_base',
  'repeat_hits',
  'surveys_sent',
  'surveys_answered',
  'score_count',
  'score_sum',
  'score_top',
] as const;

async function correctiveActions(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('corrective_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('root_cause', 'text')
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('done_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('corrective_actions_target')
    .on('corrective_actions')
    .columns(['target_kind', 'target_id'])
    .execute();
  await db.schema
    .createIndex('corrective_actions_status')
    .on('corrective_actions')
    .columns(['status', 'id'])
    .execute();
}

const foldIndexList: [string, string, string[]][] = [
  ['analytics_orders_updated', 'orders', ['updated_at']],
  ['analytics_orders_closed', 'orders', ['closed_at']],
  ['analytics_incidents_updated', 'incidents', ['updated_at']],
  ['analytics_incidents_resolved', 'incidents', ['resolved_at']],
  ['analytics_incident_events_kind_at', 'incident_events', ['kind', 'at']],
  ['analytics_incident_lines_order_line', 'incident_lines', ['order_line_id']],
  ['analytics_incident_lines_expected_sku', 'incident_lines', ['expected_sku']],
  ['analytics_customers_updated', 'customers', ['updated_at']],
  ['analytics_products_updated', 'products', ['updated_at']],
  ['analytics_pack_sessions_incident', 'pack_sessions', ['incident_id']],
  ['analytics_refunds_updated', 'refunds', ['updated_at']],
  ['analytics_refunds_issued', 'refunds', ['issued_at']],
  ['analytics_surveys_sent', 'surveys', ['sent_at']],
];

async function foldIndexes(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, columns] of foldIndexList) {
    await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
  }
}
