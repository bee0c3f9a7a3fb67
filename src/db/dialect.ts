import { sql } from 'kysely';
import type { DialectName, Executor } from './database.js';
import type { JobsTable } from '../jobs/jobs.table.js';

/**
 * The only SQL that differs between SQLite and PostgreSQL. Each function has both branches and
 * both are exercised by the same tests (`DB=postgres`).
 */

/**
 * Leases up to `limit` due jobs (pending and due, or running with an expired lease) for `worker`.
 * PostgreSQL: `FOR UPDATE SKIP LOCKED` lets several workers lease disjoint jobs at once.
 * SQLite: the statement runs under the database's single write lock, which gives the same
 * guarantee across processes.
 */
export async function leaseDueJobs(
  db: Executor,
  dialect: DialectName,
  args: { worker: string; now: string; leaseUntil: string; limit: number },
): Promise<JobsTable[]> {
  const { worker, now, leaseUntil, limit } = args;
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const result = await sql<JobsTable>`
    update jobs set status = 'running', locked_by = ${worker}, locked_until = ${leaseUntil},
      attempts = attempts + 1
    where id in (
      select id from jobs
      where (status = 'pending' and run_at <= ${now})
         or (status = 'running' and locked_until < ${now})
      order by run_at, id
      limit ${limit}
      ${lock}
    )
    returning *`.execute(db);
  return result.rows;
}
