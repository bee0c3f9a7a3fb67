import type { CostSum } from './kpi-math.js';
import type { KpiPoint, KpiResult } from './use-cases/kpis.js';

/**
 * The table behind a KPI chart as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a
 * comma, quote or line break): the trend by bucket, or the breakdown by key when one was asked.
 * Costs get one row per party and currency, in minor units and in major units with 2 decimals.
 */
export function kpiCsv(kpi: KpiResult, breakdown: string | null): string {
  const rows = kpi.breakdown
    ? kpi.breakdown.map((p) => ({ label: p.key, point: p }))
    : kpi.trend.map((p) => ({ label: p.bucket, point: p }));
  const first = breakdown && kpi.breakdown ? breakdown : 'bucket';
  if (kpi.unit === 'money') return costCsv(first, rows);
  const fields = [...new Set(rows.flatMap((r) => numericKeys(r.point)))];
  const header = [first, 'kpi', 'value', 'met', ...fields];
  const lines = rows.map((r) => [
    r.label,
    kpi.id,
    num(r.point.value),
    r.point.met === null ? '' : String(r.point.met),
    ...fields.map((f) => num(r.point.detail[f] as number | null | undefined)),
  ]);
  return toCsv([header, ...lines]);
}

function costCsv(first: string, rows: { label: string; point: KpiPoint }[]): string {
  const header = [first, 'party', 'currency', 'amount_minor', 'amount', 'entries'];
  const lines = rows.flatMap((r) =>
    ((r.point.detail.byParty ?? []) as CostSum[]).map((c) => [
      r.label,
      c.group ?? '',
      c.currency,
      String(c.amount),
      (c.amount / 100).toFixed(2),
      String(c.entries),
    ]),
  );
  return toCsv([header, ...lines]);
}

function numericKeys(p: KpiPoint): string[] {
  return Object.entries(p.detail)
    .filter(([, v]) => v === null || typeof v === 'number')
    .map(([k]) => k);
}

function num(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
