import type { Executor } from '../../../db/database.js';
import { activeTargets } from '../corrective-actions.repository.js';
import {
  suggestionThresholds as limits,
  type ActionKind,
  type TargetKind,
} from '../corrective-actions.js';
import { addDays, rangeOfDays } from '../days.js';
import { causesAtLocation } from '../root-causes.queries.js';
import { lookAlikes, scorecards, type ScorecardDim, type ScorecardEntry } from './root-causes.js';

export interface ActionSuggestion {
  kind: ActionKind;
  target: { kind: TargetKind; id: string; name: string };
  title: string;
  reason: string;
  metric: { name: string; value: number; threshold: number; volume: number };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Corrective actions worth opening: every packer, station, supplier, store or carrier whose rate
 * over the last 30 days crossed its threshold with enough volume, and every SKU pair confused
 * often, unless its target already has an action open or in progress.
 */
export async function suggestActions(
  db: Executor,
  q: { today: string; minVolume: number },
): Promise<{ from: string; to: string; suggestions: ActionSuggestion[] }> {
  const to = q.today;
  const from = addDays(to, -(limits.windowDays - 1));
  const active = await activeTargets(db);
  const out: ActionSuggestion[] = [];
  const card = async (by: ScorecardDim) =>
    (await scorecards(db, { by, from, to, minVolume: q.minVolume })).entries.filter(
      (e) => !e.belowMinimum && e.key !== 'none',
    );
  const over = (e: ScorecardEntry, field: 'incidentRate' | 'lineErrorRate', limit: number) =>
    (e[field] ?? 0) >= limit;

  for (const e of await card('packer')) {
    if (!over(e, 'incidentRate', limits.packerIncidentRate)) continue;
    out.push(
      suggestion(
        'training',
        'packer',
        e,
        'incidentRate',
        limits.packerIncidentRate,
        `Refresher training for packer ${e.name}`,
      ),
    );
  }
  for (const e of await card('station')) {
    if (!over(e, 'incidentRate', limits.stationIncidentRate)) continue;
    out.push(
      suggestion(
        'automated_control',
        'station',
        e,
        'incidentRate',
        limits.stationIncidentRate,
        `Mandatory scan of every unit at station ${e.name}`,
      ),
    );
  }
  for (const e of await card('supplier')) {
    if (!over(e, 'lineErrorRate', limits.supplierLineErrorRate)) continue;
    out.push(
      suggestion(
        'supplier_audit',
        'supplier',
        e,
        'lineErrorRate',
        limits.supplierLineErrorRate,
        `Quality audit of supplier ${e.name}`,
      ),
    );
  }
  for (const e of await card('location')) {
    if (!over(e, 'incidentRate', limits.locationIncidentRate)) continue;
    const top = (await causesAtLocation(db, e.key, rangeOfDays(from, to)))[0]?.cause;
    const kind: ActionKind =
      top === 'inventory_desync'
        ? 'stock_buffer'
        : top === 'bin_location_error'
          ? 'bin_relabel'
          : 'other';
    const title =
      kind === 'stock_buffer'
        ? `Stock buffer at ${e.name} until its feed is reliable`
        : kind === 'bin_relabel'
          ? `Relabel the bins at ${e.name}`
          : `Review the incidents of ${e.name}`;
    out.push(suggestion(kind, 'location', e, 'incidentRate', limits.locationIncidentRate, title));
  }
  for (const e of await card('carrier')) {
    if (!over(e, 'incidentRate', limits.carrierIncidentRate)) continue;
    out.push(
      suggestion(
        'other',
        'carrier',
        e,
        'incidentRate',
        limits.carrierIncidentRate,
        `Service review with carrier ${e.name}`,
      ),
    );
  }
  for (const p of (await lookAlikes(db, { from, to, limit: 20 })).pairs) {
    if (p.confusions < limits.lookAlikeConfusions) continue;
    const [a, b] = p.skus;
    out.push({
      kind: 'bin_relabel',
      target: { kind: 'sku', id: a, name: a },
      title: `Separate and relabel ${a} and ${b}`,
      reason: `${a} and ${b} were confused ${p.confusions} times in ${limits.windowDays} days`,
      metric: {
        name: 'confusions',
        value: p.confusions,
        threshold: limits.lookAlikeConfusions,
        volume: p.confusions,
      },
    });
  }
  return {
    from,
    to,
    suggestions: out.filter((s) => !active.has(`${s.target.kind}:${s.target.id}`)),
  };
}

function suggestion(
  kind: ActionKind,
  targetKind: TargetKind,
  e: ScorecardEntry,
  field: 'incidentRate' | 'lineErrorRate',
  threshold: number,
  title: string,
): ActionSuggestion {
  const value = e[field] ?? 0;
  const what = field === 'incidentRate' ? 'incident rate' : 'line error rate';
  return {
    kind,
    target: { kind: targetKind, id: e.key, name: e.name },
    title,
    reason: `${what} ${pct(value)} over ${e.volume} ${e.volumeUnit} in ${limits.windowDays} days (threshold ${pct(threshold)})`,
    metric: { name: field, value, threshold, volume: e.volume },
  };
}
