import type { Executor } from '../../../db/database.js';
import { ALL, type CostRow, type DailyRow, type Dim } from '../analytics.js';
import { getState, readCosts, readDaily, readTotalsByKey } from '../aggregates.repository.js';
import { addDays, bucketOf, daysBetween, type Granularity } from '../days.js';
import {
  BASELINE_DAYS,
  kpiDefinitions,
  targetMet,
  type Detail,
  type KpiDefinition,
  type KpiId,
  type Target,
} from '../kpi-definitions.js';
import { sumRows, type Totals } from '../kpi-math.js';

export interface KpiQuery {
  /** First and last day of the period, both included (`YYYY-MM-DD`, UTC). */
  from: string;
  to: string;
  granularity: Granularity;
  breakdown?: Dim | undefined;
  kpis?: KpiId[] | undefined;
}

export interface KpiPoint {
  value: number | null;
  met: boolean | null;
  detail: Detail;
}

export interface KpiResult extends KpiPoint {
  id: KpiId;
  name: string;
  unit: KpiDefinition['unit'];
  definition: string;
  target: Target | null;
  trend: (KpiPoint & { bucket: string })[];
  /** Per key of the asked breakdown; null when the breakdown means nothing for this KPI. */
  breakdown: (KpiPoint & { key: string })[] | null;
}

export interface KpiReport {
  from: string;
  to: string;
  granularity: Granularity;
  breakdown: Dim | null;
  /** The aggregates include every change up to this time (the fold's watermark). */
  asOf: string | null;
  kpis: KpiResult[];
}

/** Every asked KPI over the period: value, target, trend and breakdown, from the aggregates. */
export async function computeKpis(db: Executor, q: KpiQuery): Promise<KpiReport> {
  const wanted = kpiDefinitions.filter((d) => !q.kpis || q.kpis.includes(d.id));
  const before = { from: addDays(q.from, -BASELINE_DAYS), to: addDays(q.from, -1) };
  const dims = [ALL, ...(q.breakdown ? [q.breakdown] : [])];
  const [period, baselineTotals, costs, asOf] = await Promise.all([
    readDaily(db, { dims: [ALL], from: q.from, to: q.to }),
    readTotalsByKey(db, { dim: ALL, ...before, durations: false }),
    readCosts(db, { dims, from: q.from, to: q.to }),
    getState(db, 'watermark'),
  ]);
  const allCosts = costs.filter((c) => c.dim === ALL);
  const totals = sumRows(period, allCosts);
  const baseline = sumRows(baselineTotals);
  const trend = trendTotals(q, period, allCosts);
  const byKey = q.breakdown
    ? await breakdownTotals(
        db,
        q,
        q.breakdown,
        before,
        costs.filter((c) => c.dim === q.breakdown),
      )
    : null;
  return {
    from: q.from,
    to: q.to,
    granularity: q.granularity,
    breakdown: q.breakdown ?? null,
    asOf: asOf ?? null,
    kpis: wanted.map((def) => ({
      id: def.id,
      name: def.name,
      unit: def.unit,
      definition: def.definition,
      target: def.target,
      ...point(def, totals, baseline),
      trend: trend.map((b) => ({ bucket: b.bucket, ...point(def, b.totals, null) })),
      breakdown:
        byKey && q.breakdown && def.breakdowns.includes(q.breakdown)
          ? byKey.map((k) => ({ key: k.key, ...point(def, k.totals, k.baseline) }))
          : null,
    })),
  };
}

function point(def: KpiDefinition, t: Totals, baseline: Totals | null): KpiPoint {
  const { value, detail } = def.compute(t, baseline);
  return { value, met: targetMet(def.target, value), detail };
}

function trendTotals(
  q: KpiQuery,
  rows: DailyRow[],
  costs: CostRow[],
): { bucket: string; totals: Totals }[] {
  const buckets = [...new Set(daysBetween(q.from, q.to).map((d) => bucketOf(d, q.granularity)))];
  const rowsOf = groupBy(rows, (r) => bucketOf(r.day, q.granularity));
  const costsOf = groupBy(costs, (c) => bucketOf(c.day, q.granularity));
  return buckets.map((bucket) => ({
    bucket,
    totals: sumRows(rowsOf.get(bucket) ?? [], costsOf.get(bucket) ?? []),
  }));
}

async function breakdownTotals(
  db: Executor,
  q: KpiQuery,
  dim: Dim,
  before: { from: string; to: string },
  costRows: CostRow[],
): Promise<{ key: string; totals: Totals; baseline: Totals }[]> {
  const [period, earlier] = await Promise.all([
    readTotalsByKey(db, { dim, from: q.from, to: q.to, durations: true }),
    readTotalsByKey(db, { dim, ...before, durations: false }),
  ]);
  const periodOf = new Map(period.map((r) => [r.key, r]));
  const earlierOf = new Map(earlier.map((r) => [r.key, r]));
  const costs = groupBy(costRows, (c) => c.key);
  const keys = [...new Set([...periodOf.keys(), ...costs.keys()])].sort();
  const rowsOf = (m: Map<string, DailyRow>, key: string) => {
    const row = m.get(key);
    return row ? [row] : [];
  };
  return keys.map((key) => ({
    key,
    totals: sumRows(rowsOf(periodOf, key), costs.get(key) ?? []),
    baseline: sumRows(rowsOf(earlierOf, key)),
  }));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
