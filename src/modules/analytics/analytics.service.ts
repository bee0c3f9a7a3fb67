import type { AppContext } from '../../context.js';
import { validationError } from '../../shared/app-error.js';
import type { Dim } from './analytics.js';
import { addDays, dayOf, daySpan, type Granularity } from './days.js';
import type { KpiId } from './kpi-definitions.js';
import { kpiCsv } from './kpis.csv.js';
import { foldChanges } from './use-cases/fold.js';
import { computeKpis, type KpiReport } from './use-cases/kpis.js';

/**
 * Analytics answers from the daily aggregates; this file turns HTTP-level queries (optional
 * period ends, read-your-writes) into use-case calls.
 */

export const MAX_PERIOD_DAYS = 3 * 366;

export interface PeriodInput {
  from?: string | undefined;
  to?: string | undefined;
}

/** Whole days [from, to]; default the 30 days up to today. */
export function resolvePeriod(q: PeriodInput, now: Date): { from: string; to: string } {
  const to = q.to ?? dayOf(now.toISOString());
  const from = q.from ?? addDays(to, -29);
  if (from > to)
    throw validationError([{ path: 'querystring.from', message: 'must not be after to' }]);
  if (daySpan(from, to) > MAX_PERIOD_DAYS) {
    throw validationError([
      { path: 'querystring.from', message: `the period is at most ${MAX_PERIOD_DAYS} days` },
    ]);
  }
  return { from, to };
}

export interface KpiRequest extends PeriodInput {
  granularity: Granularity;
  breakdown?: Dim | undefined;
  kpi?: KpiId[] | undefined;
  refresh: boolean;
}

export async function kpiReport(ctx: AppContext, q: KpiRequest): Promise<KpiReport> {
  const now = ctx.clock.now();
  if (q.refresh) await foldChanges(ctx.db, now.toISOString());
  return computeKpis(ctx.db, {
    ...resolvePeriod(q, now),
    granularity: q.granularity,
    breakdown: q.breakdown,
    kpis: q.kpi,
  });
}

export async function kpiExport(
  ctx: AppContext,
  q: Omit<KpiRequest, 'kpi'> & { kpi: KpiId },
): Promise<{ filename: string; body: string }> {
  const report = await kpiReport(ctx, { ...q, kpi: [q.kpi] });
  const [kpi] = report.kpis;
  if (!kpi) throw new Error(`KPI ${q.kpi} missing from its own report`);
  const by = report.breakdown && kpi.breakdown ? report.breakdown : report.granularity;
  return {
    filename: `${q.kpi}_${report.from}_${report.to}_${by}.csv`,
    body: kpiCsv(kpi, report.breakdown),
  };
}
