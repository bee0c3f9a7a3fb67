import { emptyRow } from './aggregate.js';
import { dailyCounters, durationSeries, type CostRow, type DailyRow } from './analytics.js';

/**
 * The arithmetic of an incremental fold: stored aggregate rows, plus what changed entities count
 * now, minus what they counted before. Counters and cost sums add; durations are multisets kept
 * sorted; a row left with nothing in it is deleted, so the result is exactly what a full
 * recomputation would write.
 */

export interface Contribution {
  daily: DailyRow[];
  costs: CostRow[];
}

/** The aggregates disagree with the facts they were built from (a row or sample is missing). */
export class AggregateDriftError extends Error {
  constructor(message: string) {
    super(`KPI aggregates out of step with their facts: ${message}`);
    this.name = 'AggregateDriftError';
  }
}

export function dailyKeyOf(r: { day: string; dim: string; key: string }): string {
  return `${r.day}\u0000${r.dim}\u0000${r.key}`;
}

export function costKeyOf(r: Omit<CostRow, 'amount' | 'entries'>): string {
  return [r.day, r.dim, r.key, r.party, r.kind, r.currency].join('\u0000');
}

export interface DeltaResult {
  /** Every daily row the change touches: its new content, or null to delete it. */
  daily: Map<string, DailyRow | null>;
  costs: Map<string, CostRow | null>;
  days: Set<string>;
}

export function applyContributions(
  stored: { daily: Map<string, DailyRow>; costs: Map<string, CostRow> },
  plus: Contribution,
  minus: Contribution,
): DeltaResult {
  const daily = new Map<string, DailyRow>();
  const rowOf = (r: DailyRow) => {
    const k = dailyKeyOf(r);
    let row = daily.get(k);
    if (!row) {
      row = structuredClone(stored.daily.get(k) ?? emptyRow(r.day, r.dim, r.key));
      daily.set(k, row);
    }
    return row;
  };
  for (const m of minus.daily) {
    const row = rowOf(m);
    for (const c of dailyCounters) row.counts[c] -= m.counts[c];
    for (const s of durationSeries) {
      for (const ms of m.durations[s]) removeSorted(row.durations[s], ms, `${s} of ${row.day}`);
    }
  }
  for (const p of plus.daily) {
    const row = rowOf(p);
    for (const c of dailyCounters) row.counts[c] += p.counts[c];
    for (const s of durationSeries) {
      if (p.durations[s].length === 0) continue;
      row.durations[s].push(...p.durations[s]);
      row.durations[s].sort((a, b) => a - b);
    }
  }
  const days = new Set<string>();
  const dailyOut = new Map<string, DailyRow | null>();
  for (const [k, row] of daily) {
    days.add(row.day);
    for (const c of dailyCounters) {
      if (row.counts[c] < 0) {
        throw new AggregateDriftError(`${c} of ${row.day} ${row.dim}=${row.key} below 0`);
      }
    }
    const empty =
      dailyCounters.every((c) => row.counts[c] === 0) &&
      durationSeries.every((s) => row.durations[s].length === 0);
    dailyOut.set(k, empty ? null : row);
  }

  const costs = new Map<string, CostRow>();
  const costOf = (r: CostRow) => {
    const k = costKeyOf(r);
    let row = costs.get(k);
    if (!row) {
      const seen = stored.costs.get(k);
      row = seen ? { ...seen } : { ...r, amount: 0, entries: 0 };
      costs.set(k, row);
    }
    return row;
  };
  for (const m of minus.costs) {
    const row = costOf(m);
    row.amount -= m.amount;
    row.entries -= m.entries;
  }
  for (const p of plus.costs) {
    const row = costOf(p);
    row.amount += p.amount;
    row.entries += p.entries;
  }
  const costsOut = new Map<string, CostRow | null>();
  for (const [k, row] of costs) {
    days.add(row.day);
    if (row.entries < 0 || (row.entries === 0 && row.amount !== 0)) {
      throw new AggregateDriftError(`cost ${k.replaceAll('\u0000', '/')} left ${row.entries}`);
    }
    costsOut.set(k, row.entries === 0 ? null : row);
  }
  return { daily: dailyOut, costs: costsOut, days };
}

/** The stored rows with the delta applied: what the touched (day, dim, key) triples hold now. */
export function rowsAfter(
  stored: { daily: Map<string, DailyRow>; costs: Map<string, CostRow> },
  delta: DeltaResult,
): Contribution {
  const merge = <T>(rows: Map<string, T>, changes: Map<string, T | null>): T[] => {
    const out = new Map(rows);
    for (const [k, row] of changes) {
      if (row) out.set(k, row);
      else out.delete(k);
    }
    return [...out.values()];
  };
  return { daily: merge(stored.daily, delta.daily), costs: merge(stored.costs, delta.costs) };
}

/** Removes one occurrence of `value` from a sorted list. */
function removeSorted(list: number[], value: number, what: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== value) throw new AggregateDriftError(`no sample ${value} in ${what}`);
  list.splice(lo, 1);
}
