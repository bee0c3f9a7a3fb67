import type { Kysely } from 'kysely';

// Money. Amounts are bigint minor units beside a currency column. The counters that must never
// be exceeded (refundable per order and per line, store-credit balances, voucher redemptions,
// credit-note numbers) are single rows changed by conditional updates.
export async function up(db: Kysely<unknown>): Promise<void> {
  await refunds(db);
  await storeCredit(db);
  await vouchers(db);
  await creditNotes(db);
  await ledger(db);
}

async function refunds(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('order_money')
    .addColumn('order_id', 'text', (c) => c.primaryKey().references('orders.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('paid', 'bigint', (c) => c.notNull())
    .addColumn('refunded', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('order_line_refunds')
    .addColumn('order_line_id', 'text', (c) => c.primaryKey().references('order_lines.id'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('qty_limit', 'integer', (c) => c.notNull())
    .addColumn('qty_refunded', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('order_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addUniqueConstraint('order_payments_reference', ['provider', 'reference'])
    .execute();
  await db.schema
    .createIndex('order_payments_order')
    .on('order_payments')
    .column('order_id')
    .execute();
  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('payment_reference', 'text')
    .addColumn('payment_method', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('consent', 'text')
    .addColumn('party', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('issued_at', 'text')
    .addColumn('expected_on_statement_by', 'text')
    .addColumn('settled_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancelled_by', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('provider_ref', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('target_at', 'text', (c) => c.notNull())
    .addColumn('breached_at', 'text')
    .addColumn('credit_note_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refunds_order').on('refunds').column('order_id').execute();
  await db.schema.createIndex('refunds_incident').on('refunds').column('incident_id').execute();
  await db.schema.createIndex('refunds_state').on('refunds').columns(['state', 'id']).execute();
  await db.schema
    .createTable('money_idempotency')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('result_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('money_idempotency_pk', ['scope', 'key'])
    .execute();
  await db.schema
    .createTable('money_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('refund_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('money_alerts_once', ['kind', 'refund_id'])
    .execute();
}

async function storeCredit(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('store_credit_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('balance', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('store_credit_accounts_customer', ['customer_id', 'currency'])
    .execute();
  await db.schema
    .createTable('store_credit_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('store_credit_accounts.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('remaining', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('ref_type', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('store_credit_entries_account')
    .on('store_credit_entries')
    .columns(['account_id', 'id'])
    .execute();
  await db.schema
    .createIndex('store_credit_entries_incident')
    .on('store_credit_entries')
    .column('incident_id')
    .execute();
}

async function vouchers(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vouchers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint')
    .addColumn('percent_bp', 'integer')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('min_order_amount', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('max_redemptions', 'integer', (c) => c.notNull())
    .addColumn('redemptions', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('party', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('voided_at', 'text')
    .addColumn('voided_by', 'text')
    .addColumn('void_reason', 'text')
    .execute();
  await db.schema.createIndex('vouchers_customer').on('vouchers').column('customer_id').execute();
  await db.schema.createIndex('vouchers_incident').on('vouchers').column('incident_id').execute();
  await db.schema
    .createTable('voucher_redemptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('voucher_id', 'text', (c) => c.notNull().references('vouchers.id'))
    .addColumn('order_ref', 'text', (c) => c.notNull())
    .addColumn('order_amount', 'bigint', (c) => c.notNull())
    .addColumn('discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addUniqueConstraint('voucher_redemptions_key', ['voucher_id', 'idempotency_key'])
    .execute();
}

async function creditNotes(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credit_note_counters')
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('credit_note_counters_pk', ['series', 'year'])
    .execute();
  await db.schema
    .createTable('credit_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.references('orders.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    .addColumn('refund_id', 'text')
    .addColumn('store_credit_entry_id', 'text')
    .addColumn('corrects_id', 'text', (c) => c.references('credit_notes.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('net_amount', 'bigint', (c) => c.notNull())
    .addColumn('tax_amount', 'bigint', (c) => c.notNull())
    .addColumn('total_amount', 'bigint', (c) => c.notNull())
    .addColumn('seller', 'text', (c) => c.notNull())
    .addColumn('buyer', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('credit_notes_seq', ['series', 'year', 'seq'])
    .execute();
  await db.schema.createIndex('credit_notes_order').on('credit_notes').column('order_id').execute();
  await db.schema
    .createIndex('credit_notes_incident')
    .on('credit_notes')
    .column('incident_id')
    .execute();
  await db.schema
    .createIndex('credit_notes_customer')
    .on('credit_notes')
    .column('customer_id')
    .execute();
}

async function ledger(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_costs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('ref_type', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('note', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  // A cost caused by a document is recorded once, however often its job runs (NULL refs repeat).
  await db.schema
    .createIndex('incident_costs_ref')
    .on('incident_costs')
    .columns(['kind', 'ref_type', 'ref_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('incident_costs_incident')
    .on('incident_costs')
    .column('incident_id')
    .execute();
  await db.schema
    .createIndex('incident_costs_at')
    .on('incident_costs')
    .columns(['at', 'id'])
    .execute();
  await db.schema
    .createTable('contract_penalties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().unique().references('incidents.id'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('shortfall_amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('penalty_bp', 'integer', (c) => c.notNull())
    .addColumn('penalty_fixed', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('due_by', 'text', (c) => c.notNull())
    .addColumn('met_at', 'text')
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
}
