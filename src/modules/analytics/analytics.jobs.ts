import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { enqueue, type JobHandler } from '../../jobs/index.js';
import type { Clock } from '../../shared/clock.js';
import { foldChanges } from './use-cases/fold.js';

export const FOLD_JOB = 'analytics.fold';
export const FOLD_INTERVAL_MS = 60_000;

/**
 * Queues the next fold at the next whole interval. One job per slot (its dedupe key), so every
 * process may call this at start and every fold may call it again: the chain never doubles.
 */
export async function scheduleAnalyticsFold(db: Executor, clock: Clock): Promise<void> {
  const now = clock.now().getTime();
  const slot = new Date((Math.floor(now / FOLD_INTERVAL_MS) + 1) * FOLD_INTERVAL_MS).toISOString();
  await enqueue(db, clock, {
    type: FOLD_JOB,
    payload: {},
    runAt: slot,
    dedupeKey: `${FOLD_JOB}:${slot}`,
  });
}

/** Job handlers of this module, by job type; each is idempotent. */
export function analyticsJobHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    // The next run is queued first, so a fold that fails for good does not end the chain.
    [FOLD_JOB]: async () => {
      await scheduleAnalyticsFold(ctx.db, ctx.clock);
      await foldChanges(ctx.db, ctx.clock.now().toISOString());
    },
  };
}
