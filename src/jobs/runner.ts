import { hostname } from 'node:os';
import type { Db, DialectName } from '../db/database.js';
import { leaseDueJobs } from '../db/dialect.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { failJob, finishJob, retryJob } from './jobs.repository.js';
import type { JobsTable } from './jobs.table.js';

/**
 * Runs outbox jobs. Each job is leased (so several processes share the queue without running a
 * job twice at once), retried with exponential backoff, and marked failed after its last attempt.
 * A crash leaves the lease to expire, and the job runs again: every handler must be idempotent.
 */
export interface Job {
  id: string;
  type: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export type JobHandler = (job: Job) => Promise<void>;

export interface RunnerLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RunnerOptions {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  handlers: Record<string, JobHandler>;
  log: RunnerLog;
  leaseMs?: number;
  batchSize?: number;
  pollMs?: number;
}

export function backoffMs(attempt: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

export class JobRunner {
  readonly worker = `${hostname()}:${process.pid}:${newId('w').slice(-6)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;

  constructor(private readonly opts: RunnerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs every job that is due now, batch after batch; returns how many ran. */
  async runDue(): Promise<number> {
    // One drain at a time per process: a poll and an explicit call share the same pass.
    while (this.running) await this.running;
    this.running = this.drain();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runDue()
        .catch((err: unknown) => this.opts.log.error({ err }, 'job runner pass failed'))
        .finally(() => this.schedule(this.opts.pollMs ?? 500));
    }, ms);
    this.timer.unref();
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.lease();
      if (batch.length === 0) return total;
      for (const row of batch) await this.execute(row);
      total += batch.length;
    }
  }

  private async lease(): Promise<JobsTable[]> {
    const now = this.opts.clock.now();
    const rows = await this.opts.db.transaction().execute((trx) =>
      leaseDueJobs(trx, this.opts.dialect, {
        worker: this.worker,
        now: now.toISOString(),
        leaseUntil: new Date(now.getTime() + (this.opts.leaseMs ?? 60_000)).toISOString(),
        limit: this.opts.batchSize ?? 20,
        types: Object.keys(this.opts.handlers),
      }),
    );
    // `update … returning` gives no order: a batch runs in due order, oldest first.
    return rows.sort((a, b) => a.run_at.localeCompare(b.run_at) || a.id.localeCompare(b.id));
  }

  private async execute(row: JobsTable): Promise<void> {
    const { db, clock, handlers, log } = this.opts;
    const job: Job = {
      id: row.id,
      type: row.type,
      payload: JSON.parse(row.payload) as unknown,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
    };
    const handler = handlers[row.type];
    try {
      if (!handler) throw new Error(`no handler for job type ${row.type}`); // leased only if known
      await handler(job);
      await finishJob(db, row.id, this.worker, clock.now().toISOString());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const now = clock.now();
      if (row.attempts >= row.max_attempts) {
        log.error({ err, jobId: row.id, type: row.type }, 'job failed for good');
        await failJob(db, row.id, this.worker, now.toISOString(), message);
      } else {
        log.warn({ err, jobId: row.id, type: row.type, attempt: row.attempts }, 'job will retry');
        const at = new Date(now.getTime() + backoffMs(row.attempts)).toISOString();
        await retryJob(db, row.id, this.worker, at, message);
      }
    }
  }
}
