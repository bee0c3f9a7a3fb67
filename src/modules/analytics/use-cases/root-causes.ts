import type { Executor } from '../../../db/database.js';
import { notFound } from '../../../shared/app-error.js';
import type { Dim } from '../analytics.js';
import { readCosts, readDaily, readTotalsByKey } from '../aggregates.repository.js';
import { rangeOfDays } from '../days.js';
import { rate, sumRows } from '../kpi-math.js';
import { suggestRootCause, type RootCauseSuggestion } from '../root-cause-rules.js';
import {
  catalogLookAlike,
  lookAlikePairs,
  namesOf,
  suggestionEvidence,
} from '../root-causes.queries.js';

export interface Period {
  from: string;
  to: string;
}

export async function rootCauseSuggestion(
  db: Executor,
  incidentId: string,
): Promise<RootCauseSuggestion> {
  const evidence = await suggestionEvidence(db, incidentId);
  if (!evidence) throw notFound('incident_not_found', 'Incident', incidentId);
  return suggestRootCause(evidence);
}

export interface ParetoEntry {
  cause: string;
  value: number;
  share: number;
  cumulativeShare: number;
}

function pareto(entries: { cause: string; value: number }[]): ParetoEntry[] {
  const sorted = entries
    .filter((e) => e.value > 0)
    .sort((a, b) => b.value - a.value || a.cause.localeCompare(b.cause));
  const total = sorted.reduce((s, e) => s + e.value, 0);
  let running = 0;
  return sorted.map((e) => {
    running += e.value;
    return { ...e, share: e.value / total, cumulativeShare: running / total };
  });
}

/** Causes by incidents detected (customer-facing and caught) and by cost, largest first. */
export async function rootCausePareto(db: Executor, p: Period) {
  const q = { dims: ['root_cause'], from: p.from, to: p.to };
  const [rows, costs] = await Promise.all([readDaily(db, q), readCosts(db, q)]);
  const counts = new Map<string, number>();
  for (const r of rows) {
    counts.set(r.key, (counts.get(r.key) ?? 0) + r.counts.incidents + r.counts.incidents_caught);
  }
  const byCurrency = new Map<string, Map<string, number>>();
  for (const c of costs) {
    const m = byCurrency.get(c.currency) ?? new Map<string, number>();
    m.set(c.key, (m.get(c.key) ?? 0) + c.amount);
    byCurrency.set(c.currency, m);
  }
  return {
    from: p.from,
    to: p.to,
    byCount: pareto([...counts].map(([cause, value]) => ({ cause, value }))),
    byCost: [...byCurrency]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, m]) => ({
        currency,
        causes: pareto([...m].map(([cause, value]) => ({ cause, value }))),
      })),
  };
}

export const scorecardDims = ['packer', 'station', 'supplier', 'carrier', 'location'] as const;
export type ScorecardDim = (typeof scorecardDims)[number] & Dim;
export const DEFAULT_MIN_VOLUME = 30;

export interface ScorecardEntry {
  key: string;
  name: string;
  /** Orders closed (lines shipped for a supplier) in the period. */
  volume: number;
  volumeUnit: 'orders' | 'lines';
  incidents: number;
  caught: number;
  errorLines: number;
  linesShipped: number;
  /** Null below the minimum volume: too little to mean anything. */
  incidentRate: number | null;
  lineErrorRate: number | null;
  belowMinimum: boolean;
}

/**
 * Rates per packer, station, supplier, carrier or store. incidentRate: incidents detected
 * (customer-facing and caught) ÷ orders closed (lines shipped for a supplier); lineErrorRate:
 * error lines ÷ lines shipped. Worst first; keys below the minimum volume last, without rates.
 */
export async function scorecards(
  db: Executor,
  q: Period & { by: ScorecardDim; minVolume: number },
): Promise<{
  by: ScorecardDim;
  from: string;
  to: string;
  minVolume: number;
  entries: ScorecardEntry[];
}> {
  const rows = await readTotalsByKey(db, { dim: q.by, from: q.from, to: q.to, durations: false });
  const keys = rows.map((r) => r.key);
  const names =
    q.by === 'location' || q.by === 'supplier' ? await namesOf(db, q.by, keys) : new Map();
  const entries = keys.map((key): ScorecardEntry => {
    const t = sumRows(rows.filter((r) => r.key === key)).counts;
    const volumeUnit = q.by === 'supplier' ? 'lines' : 'orders';
    const volume = volumeUnit === 'lines' ? t.lines_shipped : t.orders_closed;
    const below = volume < q.minVolume;
    const incidents = t.incidents + t.incidents_caught;
    return {
      key,
      name: names.get(key) ?? key,
      volume,
      volumeUnit,
      incidents: t.incidents,
      caught: t.incidents_caught,
      errorLines: t.lines_error,
      linesShipped: t.lines_shipped,
      incidentRate: below ? null : rate(incidents, volume),
      lineErrorRate: below ? null : rate(t.lines_error, t.lines_shipped),
      belowMinimum: below,
    };
  });
  entries.sort(
    (a, b) =>
      Number(a.belowMinimum) - Number(b.belowMinimum) ||
      (b.incidentRate ?? -1) - (a.incidentRate ?? -1) ||
      b.volume - a.volume ||
      a.key.localeCompare(b.key),
  );
  return { by: q.by, from: q.from, to: q.to, minVolume: q.minVolume, entries };
}

/** SKU pairs confused for each other, at the pack station and in reports, most often first. */
export async function lookAlikes(db: Executor, q: Period & { limit: number }) {
  const pairs = (await lookAlikePairs(db, rangeOfDays(q.from, q.to))).slice(0, q.limit);
  const out = [];
  for (const p of pairs) {
    out.push({
      skus: [p.a, p.b] as [string, string],
      confusions: p.count,
      lastAt: p.lastAt,
      listedAsLookAlikes: await catalogLookAlike(db, p.a, p.b),
    });
  }
  return { from: q.from, to: q.to, pairs: out };
}
