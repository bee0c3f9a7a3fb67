import type { Kysely } from 'kysely';

// Customer messages (one row per incident event × channel × key, with the content as sent and its
// delivery status), each customer's contact preferences, and one survey per incident.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('body_json', 'text')
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('fallback_of', 'text')
    .addColumn('provider', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('scheduled_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('messages_once', ['incident_id', 'event', 'channel', 'key'])
    .execute();
  await db.schema
    .createIndex('messages_incident')
    .on('messages')
    .columns(['incident_id', 'id'])
    .execute();
  // Delivery callbacks find a message by the provider's id.
  await db.schema
    .createIndex('messages_provider_id')
    .on('messages')
    .columns(['provider', 'provider_message_id'])
    .execute();
  await db.schema
    .createIndex('messages_channel')
    .on('messages')
    .columns(['channel', 'id'])
    .execute();
  await db.schema.createIndex('messages_created').on('messages').columns(['created_at']).execute();

  await db.schema
    .createTable('contact_preferences')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().references('customers.id'))
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('sms_consent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sms_consent_at', 'text')
    .addColumn('quiet_start', 'text')
    .addColumn('quiet_end', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().unique().references('incidents.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('score', 'integer')
    .addColumn('comment', 'text')
    .addColumn('channel', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('surveys_answered').on('surveys').columns(['answered_at']).execute();
}
