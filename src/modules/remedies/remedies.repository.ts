import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { locksRows } from '../../db/dialect.js';
import type { RemedyPlansTable, RemedyPoliciesTable, RemedyStepsTable } from './remedies.table.js';
import type { AwaitKind, StepState } from './remedies.js';

// Policies

export function findCurrentPolicy(db: Executor): Promise<RemedyPoliciesTable | undefined> {
  return db
    .selectFrom('remedy_policies')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findPolicyVersion(
  db: Executor,
  version: number,
): Promise<RemedyPoliciesTable | undefined> {
  return db
    .selectFrom('remedy_policies')
    .selectAll()
    .where('version', '=', version)
    .executeTakeFirst();
}

export function listPolicyVersions(db: Executor): Promise<RemedyPoliciesTable[]> {
  return db.selectFrom('remedy_policies').selectAll().orderBy('version', 'desc').execute();
}

/** Inserts the version; false when that version number exists already (a concurrent write). */
export async function insertPolicy(db: Executor, row: RemedyPoliciesTable): Promise<boolean> {
  const res = await db
    .insertInto('remedy_policies')
    .values(row)
    .onConflict((oc) => oc.column('version').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

// Plans

export async function insertPlan(db: Executor, row: RemedyPlansTable): Promise<void> {
  await db.insertInto('remedy_plans').values(row).execute();
}

export function findPlan(db: Executor, id: string): Promise<RemedyPlansTable | undefined> {
  return db.selectFrom('remedy_plans').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The incident's current plan; on PostgreSQL its row stays locked for the transaction. */
export function findCurrentPlan(
  db: Executor,
  incidentId: string,
  opts: { lock?: boolean } = {},
): Promise<RemedyPlansTable | undefined> {
  let q = db.selectFrom('remedy_plans').selectAll().where('current_for', '=', incidentId);
  if (opts.lock && locksRows(db)) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function lockPlan(db: Executor, id: string): Promise<RemedyPlansTable | undefined> {
  let q = db.selectFrom('remedy_plans').selectAll().where('id', '=', id);
  if (locksRows(db)) q = q.forUpdate();
  return q.executeTakeFirst();
}

export type PlanChanges = Partial<Omit<RemedyPlansTable, 'id' | 'incident_id'>> & {
  updated_at: string;
};

/** Changes a plan only while it is in one of `from`; false when it was not. */
export async function updatePlanIfState(
  db: Executor,
  id: string,
  from: readonly string[],
  changes: PlanChanges,
): Promise<boolean> {
  const res = await db
    .updateTable('remedy_plans')
    .set(changes)
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Plans of an incident, newest first. */
export function listPlans(db: Executor, incidentId: string): Promise<RemedyPlansTable[]> {
  return db
    .selectFrom('remedy_plans')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

// Steps

export async function insertSteps(db: Executor, rows: RemedyStepsTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('remedy_steps').values(rows).execute();
}

export function findSteps(db: Executor, planId: string): Promise<RemedyStepsTable[]> {
  return db
    .selectFrom('remedy_steps')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('seq')
    .execute();
}

export async function maxSeq(db: Executor, planId: string): Promise<number> {
  const row = await db
    .selectFrom('remedy_steps')
    .select((eb) => eb.fn.max('seq').as('n'))
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Claims a step for running: counts the attempt while it is still `pending`. The row stays
 * locked until the transaction ends (PostgreSQL; SQLite holds the write lock), so a second
 * runner waits and then finds it no longer pending.
 */
export async function claimStep(db: Executor, id: string): Promise<boolean> {
  const res = await db
    .updateTable('remedy_steps')
    .set({ attempts: sql`attempts + 1` })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface StepChanges {
  state?: StepState;
  refs?: string | null;
  awaiting?: AwaitKind | null;
  completed_at?: string | null;
  error?: string | null;
  done_at?: string | null;
  undone_at?: string | null;
  updated_at: string;
}

export async function updateStepIfState(
  db: Executor,
  id: string,
  from: readonly StepState[],
  changes: StepChanges,
): Promise<boolean> {
  const res = await db
    .updateTable('remedy_steps')
    .set(changes)
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Plans with a done step still waiting for something (delivery, pickup, restock…). */
export async function plansAwaiting(db: Executor, kinds: AwaitKind[]): Promise<string[]> {
  const rows = await db
    .selectFrom('remedy_steps')
    .innerJoin('remedy_plans', 'remedy_plans.id', 'remedy_steps.plan_id')
    .select('remedy_steps.plan_id')
    .distinct()
    .where('remedy_steps.state', '=', 'done')
    .where('remedy_steps.completed_at', 'is', null)
    .where('remedy_steps.awaiting', 'in', kinds)
    .where('remedy_plans.state', '=', 'executing')
    .orderBy('remedy_steps.plan_id')
    .execute();
  return rows.map((r) => r.plan_id);
}

/** Backorder steps still waiting for a restock in executing plans, oldest plan first. */
export function backordersAwaitingRestock(
  db: Executor,
): Promise<Pick<RemedyStepsTable, 'id' | 'plan_id' | 'spec'>[]> {
  return db
    .selectFrom('remedy_steps')
    .innerJoin('remedy_plans', 'remedy_plans.id', 'remedy_steps.plan_id')
    .select(['remedy_steps.id', 'remedy_steps.plan_id', 'remedy_steps.spec'])
    .where('remedy_steps.awaiting', '=', 'restock')
    .where('remedy_steps.state', '=', 'done')
    .where('remedy_steps.completed_at', 'is', null)
    .where('remedy_steps.kind', '=', 'backorder')
    .where('remedy_plans.state', '=', 'executing')
    .orderBy('remedy_steps.plan_id')
    .orderBy('remedy_steps.seq')
    .execute();
}
