import type { Kysely } from 'kysely';

// Remedies: versioned policy documents, one plan per incident at a time (older ones superseded)
// and the persisted steps of a plan's execution, each with the ids of what it created.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('remedy_policies')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('remedy_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    // The incident's id while this is its current plan, null once superseded: unique, so an
    // incident never has two current plans, on either database.
    .addColumn('current_for', 'text', (c) => c.unique())
    .addColumn('policy_version', 'integer', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('explain', 'text', (c) => c.notNull())
    .addColumn('compensation', 'text')
    .addColumn('default_option_id', 'text')
    .addColumn('chosen_option_id', 'text')
    .addColumn('chosen_at', 'text')
    .addColumn('chosen_via', 'text')
    .addColumn('chosen_by', 'text')
    .addColumn('choice_reason', 'text')
    .addColumn('deadline_at', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('failure', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema
    .createIndex('remedy_plans_incident')
    .on('remedy_plans')
    .columns(['incident_id', 'created_at'])
    .execute();
  await db.schema.createIndex('remedy_plans_state').on('remedy_plans').column('state').execute();

  await db.schema
    .createTable('remedy_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('remedy_plans.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('option_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('refs', 'text')
    .addColumn('awaiting', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done_at', 'text')
    .addColumn('undone_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('remedy_steps_plan_seq', ['plan_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('remedy_steps_awaiting')
    .on('remedy_steps')
    .columns(['awaiting', 'state'])
    .execute();
}
