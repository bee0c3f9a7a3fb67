import type { Executor } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { insertJob, type NewJob } from './jobs.repository.js';

export { JobRunner, backoffMs, type Job, type JobHandler } from './runner.js';
export { listJobs } from './jobs.repository.js';
export type { JobsTable } from './jobs.table.js';

/** Writes a job in the caller's transaction: it exists if and only if the change commits. */
export async function enqueue(
  trx: Executor,
  clock: Clock,
  job: Omit<NewJob, 'runAt'> & { runAt?: string },
): Promise<void> {
  const now = clock.now().toISOString();
  await insertJob(trx, { ...job, runAt: job.runAt ?? now }, now);
}
