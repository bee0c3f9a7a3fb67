import {
  dailyCounters,
  durationSeries,
  type CostRow,
  type DailyCounter,
  type DailyRow,
  type DurationSeries,
} from './analytics.js';

/** Counters summed and durations merged over any set of daily rows: what every KPI reads. */
export interface Totals {
  counts: Record<DailyCounter, number>;
  durations: Record<DurationSeries, number[]>;
  costs: CostRow[];
}

export function emptyTotals(): Totals {
  return {
    counts: Object.fromEntries(dailyCounters.map((c) => [c, 0])) as Record<DailyCounter, number>,
    durations: { resolution_ms: [], notify_ms: [], refund_ms: [] },
    costs: [],
  };
}

export function sumRows(rows: readonly DailyRow[], costs: readonly CostRow[] = []): Totals {
  const t = emptyTotals();
  for (const row of rows) {
    for (const c of dailyCounters) t.counts[c] += row.counts[c];
    for (const s of durationSeries) t.durations[s].push(...row.durations[s]);
  }
  for (const s of durationSeries) t.durations[s].sort((a, b) => a - b);
  t.costs = [...costs];
  return t;
}

/** numerator ÷ denominator; null ("empty") when there is no denominator, never 0. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Nearest-rank percentile of sorted values: the smallest value with at least p% of the values
 * at or below it. Always one of the values, so a period's p90 equals a full recomputation's.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export interface DurationStats {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
}

export function durationStats(sorted: readonly number[]): DurationStats {
  return {
    count: sorted.length,
    mean: mean(sorted),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
  };
}

export interface CostSum {
  /** The party or kind summed over; null for the grand total. */
  group: string | null;
  currency: string;
  amount: number;
  entries: number;
}

/** Sums of cost rows per currency, and per party or kind when asked; minor units. */
export function sumCosts(costs: readonly CostRow[], by: 'party' | 'kind' | null): CostSum[] {
  const out = new Map<string, CostSum>();
  for (const c of costs) {
    const group = by ? c[by] : null;
    const id = `${group ?? ''}\u0000${c.currency}`;
    const row = out.get(id) ?? { group, currency: c.currency, amount: 0, entries: 0 };
    row.amount += c.amount;
    row.entries += c.entries;
    out.set(id, row);
  }
  return [...out.values()].sort(
    (a, b) => (a.group ?? '').localeCompare(b.group ?? '') || a.currency.localeCompare(b.currency),
  );
}
