import type { Executor } from '../../../db/database.js';
import type { CostRow, DailyRow } from '../analytics.js';
import { factDayRange, readCosts, readDaily, storedDays } from '../aggregates.repository.js';
import { consecutiveRuns, daysBetween } from '../days.js';
import { computeDays, foldChanges } from './fold.js';
import { dims, ALL } from '../analytics.js';

export interface AggregateDifference {
  table: 'analytics_daily' | 'analytics_daily_costs';
  key: string;
  stored: unknown;
  expected: unknown;
}

/**
 * Folds what changed since the last fold, then compares every stored aggregate row with a full
 * recomputation from the source tables. An empty list means they are equal.
 */
export async function verifyAggregates(
  db: Executor,
  now: string,
): Promise<{ days: number; differences: AggregateDifference[] }> {
  await foldChanges(db, now);
  const range = await factDayRange(db);
  const all = new Set(await storedDays(db));
  if (range) for (const d of daysBetween(range.first, range.last)) all.add(d);
  const differences: AggregateDifference[] = [];
  for (const [first, last] of consecutiveRuns([...all])) {
    const days = daysBetween(first, last).filter((d) => all.has(d));
    const expected = await computeDays(db, days);
    const q = { dims: [ALL, ...dims], from: first, to: last };
    differences.push(
      ...diff('analytics_daily', await readDaily(db, q), expected.daily, dailyKey),
      ...diff('analytics_daily_costs', await readCosts(db, q), expected.costs, costKey),
    );
  }
  return { days: all.size, differences };
}

function dailyKey(r: DailyRow): string {
  return `${r.day}/${r.dim}/${r.key}`;
}

function costKey(r: CostRow): string {
  return `${r.day}/${r.dim}/${r.key}/${r.party}/${r.kind}/${r.currency}`;
}

function diff<T>(
  table: AggregateDifference['table'],
  stored: T[],
  expected: T[],
  keyOf: (row: T) => string,
): AggregateDifference[] {
  const want = new Map(expected.map((r) => [keyOf(r), r]));
  const have = new Map(stored.map((r) => [keyOf(r), r]));
  const out: AggregateDifference[] = [];
  for (const key of new Set([...want.keys(), ...have.keys()])) {
    const s = have.get(key) ?? null;
    const e = want.get(key) ?? null;
    if (JSON.stringify(s) !== JSON.stringify(e)) out.push({ table, key, stored: s, expected: e });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
