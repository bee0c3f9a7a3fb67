import type { Executor } from '../db/database.js';
import { newId } from '../shared/ids.js';
import type { JobsTable } from './jobs.table.js';

export interface NewJob {
  type: string;
  payload: unknown;
  runAt: string;
  /** At most one job with this key ever exists: a second enqueue is ignored. */
  dedupeKey?: string;
  maxAttempts?: number;
}

export async function insertJob(db: Executor, job: NewJob, now: string): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      id: newId('job'),
      type: job.type,
      payload: JSON.stringify(job.payload ?? null),
      status: 'pending',
      run_at: job.runAt,
      attempts: 0,
      max_attempts: job.maxAttempts ?? 8,
      locked_by: null,
      locked_until: null,
      last_error: null,
      dedupe_key: job.dedupeKey ?? null,
      created_at: now,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export async function finishJob(db: Executor, id: string, worker: string, now: string) {
  await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .execute();
}

export async function retryJob(
  db: Executor,
  id: string,
  worker: string,
  runAt: string,
  error: string,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: 'pending',
      run_at: runAt,
      last_error: error,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .execute();
}

export async function failJob(
  db: Executor,
  id: string,
  worker: string,
  now: string,
  error: string,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: 'failed',
      finished_at: now,
      last_error: error,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .execute();
}

export async function listJobs(
  db: Executor,
  filter: { status?: string; type?: string; limit: number },
): Promise<JobsTable[]> {
  let q = db.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.type) q = q.where('type', '=', filter.type);
  return q.execute();
}

export async function nextDueAt(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('at'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.at ?? null;
}
