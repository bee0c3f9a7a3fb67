import { PostgresAdapter, sql } from 'kysely';
import type { DialectName, Executor } from './database.js';
import type { JobsTable } from '../jobs/jobs.table.js';

/**
 * The only SQL that differs between SQLite and PostgreSQL. Each function has both branches and
 * both are exercised by the same tests (`DB=postgres`).
 */

/**
 * Leases up to `limit` due jobs (pending and due, or running with an expired lease) of the given
 * types for `worker`: a job type this worker has no handler for waits for a worker that has one.
 * PostgreSQL: `FOR UPDATE SKIP LOCKED` lets several workers lease disjoint jobs at once.
 * SQLite: the statement runs under the database's single write lock, which gives the same
 * guarantee across processes.
 */
export async function leaseDueJobs(
  db: Executor,
  dialect: DialectName,
  args: { worker: string; now: string; leaseUntil: string; limit: number; types: string[] },
): Promise<JobsTable[]> {
  const { worker, now, leaseUntil, limit, types } = args;
  if (types.length === 0) return [];
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const result = await sql<JobsTable>`
    update jobs set status = 'running', locked_by = ${worker}, locked_until = ${leaseUntil},
      attempts = attempts + 1
    where id in (
      select id from jobs
      where ((status = 'pending' and run_at <= ${now})
         or (status = 'running' and locked_until < ${now}))
        and type in (${sql.join(types)})
      order by run_at, id
      limit ${limit}
      ${lock}
    )
    returning *`.execute(db);
  return result.rows;
}

/** The kind of constraint a database error violated, on either database. */
export function constraintViolation(err: unknown): 'unique' | 'foreign_key' | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') return 'unique';
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign_key';
  return null;
}

/**
 * Whether a database error only says another transaction held what this one needed: PostgreSQL's
 * deadlock, serialization failure or lock not available; SQLite's busy database.
 */
export function lockConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001' || code === '55P03' || code === 'SQLITE_BUSY';
}

/** `table.column` of a single-column unique violation, else undefined. */
export function uniqueViolationTarget(err: unknown): string | undefined {
  if (constraintViolation(err) !== 'unique') return undefined;
  const e = err as { message?: unknown; table?: unknown; detail?: unknown };
  if (typeof e.table === 'string') {
    // pg: detail "Key (sku)=(ABC-1) already exists."
    const column = /^Key \((\w+)\)=/.exec(String(e.detail))?.[1];
    return column ? `${e.table}.${column}` : undefined;
  }
  // SQLite: "UNIQUE constraint failed: products.sku"
  return /constraint failed: (\w+\.\w+)$/.exec(String(e.message))?.[1];
}

/**
 * Whether reads that precede a write must lock their rows (`for update`): on PostgreSQL, yes,
 * in a fixed order so that two transactions cannot deadlock; SQLite's writer already holds the
 * database's write lock (`begin immediate`), and SQLite has no `for update`.
 */
export function locksRows(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
