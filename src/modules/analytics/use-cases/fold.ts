import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { addMs } from '../../../shared/clock.js';
import { aggregateFacts } from '../aggregate.js';
import type { CostRow, DailyRow, Facts } from '../analytics.js';
import {
  deleteAllAggregates,
  factDayRange,
  getState,
  lockFold,
  rememberAttributes,
  replaceDays,
  resetMemory,
  setState,
} from '../aggregates.repository.js';
import { dirtyDays } from '../changes.queries.js';
import { consecutiveRuns, daysBetween, rangeOfDays } from '../days.js';
import {
  loadCostFacts,
  loadIncidentFacts,
  loadRefundFacts,
  loadSurveyFacts,
} from '../incident-facts.queries.js';
import { loadOrderFacts } from '../order-facts.queries.js';

/**
 * Incremental maintenance of the daily KPI aggregates, and why it is built this way.
 *
 * The aggregates are a pure function of the facts of each day (`aggregateFacts`). The fold job
 * (`analytics.fold`, every minute, and before a KPI read that asks for fresh figures) finds the
 * rows that changed since its watermark — orders and incidents by `updated_at`, notifications on
 * the timeline, closed pack sessions, refunds, surveys, costs, and a changed supplier or tier —
 * works out every day those changes can touch (changes.queries.ts) and recomputes those days
 * whole from the source tables. Recomputing a whole day is exact by construction: there is no
 * running total to drift, percentiles stay exact, and running a fold twice changes nothing.
 *
 * Why not calls from the modules that change the facts: orders, incidents, packing, money and
 * notifications would each have to know which KPI days their change moves; reading their tables
 * keeps them unaware of analytics. The price is the watermark: a change is found by the time
 * stamped on it, so the scan starts `OVERLAP_MS` before the previous fold to catch transactions
 * that committed after that fold but stamped an earlier time. `redress kpis --verify` compares
 * the aggregates with a full recomputation and prints any difference.
 */
export const OVERLAP_MS = 10 * 60_000;

export interface FoldResult {
  mode: 'incremental' | 'rebuild';
  days: number;
  watermark: string;
}

export async function foldChanges(db: Executor, now: string): Promise<FoldResult> {
  const watermark = await getState(db, 'watermark');
  if (!watermark) return rebuildAggregates(db, now);
  // A clock set back (tests, a corrected server clock) must not skip what it stamps.
  const since = addMs(watermark < now ? watermark : now, -OVERLAP_MS);
  const dirty = await dirtyDays(db, since);
  const days = [...dirty.days].sort();
  for (const [first, last] of consecutiveRuns(days)) {
    await recomputeRun(
      db,
      daysBetween(first, last).filter((d) => dirty.days.has(d)),
      now,
    );
  }
  await inTransaction(db, async (trx) => {
    await rememberAttributes(trx, dirty.memory);
    await setState(trx, 'watermark', now);
  });
  return { mode: 'incremental', days: days.length, watermark: now };
}

/** Throws the aggregates away and computes every day again. */
export async function rebuildAggregates(db: Executor, now: string): Promise<FoldResult> {
  await inTransaction(db, async (trx) => {
    await lockFold(trx, now);
    await deleteAllAggregates(trx);
    await resetMemory(trx);
  });
  const range = await factDayRange(db);
  let count = 0;
  if (range) {
    for (const [first, last] of consecutiveRuns(daysBetween(range.first, range.last))) {
      const days = daysBetween(first, last);
      await recomputeRun(db, days, now);
      count += days.length;
    }
  }
  await setState(db, 'watermark', now);
  return { mode: 'rebuild', days: count, watermark: now };
}

/** Recomputes `days` (all within one run of at most a month) in one transaction. */
async function recomputeRun(db: Executor, days: string[], now: string): Promise<void> {
  if (days.length === 0) return;
  await inTransaction(db, async (trx) => {
    await lockFold(trx, now);
    const { daily, costs } = await computeDays(trx, days);
    await replaceDays(trx, days, daily, costs);
  });
}

/** The aggregate rows `days` should hold, computed from the source tables. */
export async function computeDays(
  db: Executor,
  days: readonly string[],
): Promise<{ daily: DailyRow[]; costs: CostRow[] }> {
  const sorted = [...days].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined) return { daily: [], costs: [] };
  const range = rangeOfDays(first, last);
  const facts: Facts = {
    orders: await loadOrderFacts(db, range),
    incidents: await loadIncidentFacts(db, range),
    refunds: await loadRefundFacts(db, range),
    surveys: await loadSurveyFacts(db, range),
    costs: await loadCostFacts(db, range),
  };
  return aggregateFacts(facts, new Set(days));
}
