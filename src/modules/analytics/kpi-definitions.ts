import { HOUR } from '../../shared/clock.js';
import { REPEAT_WINDOW_DAYS, type Dim } from './analytics.js';
import { durationStats, rate, sumCosts, type CostSum, type Totals } from './kpi-math.js';

/**
 * Every KPI, written once: its definition (the text the API and its OpenAPI description show),
 * its target, the breakdowns that mean something for it, and its formula over summed daily
 * aggregates. A rate with no denominator is null ("empty"), never 0.
 */

export const kpiIds = [
  'order_completion_rate',
  'perfect_order_rate',
  'error_rate_per_line',
  'resolution_time',
  'time_to_notify',
  'refund_time',
  'return_rate_due_to_errors',
  'complaint_escalation_rate',
  'post_incident_satisfaction',
  'repeat_purchase_after_incident',
  'incident_cost',
] as const;
export type KpiId = (typeof kpiIds)[number];

export interface Target {
  /** `min`: the value must be at least `value`; `max`: at most. */
  kind: 'min' | 'max';
  value: number;
  /** A better figure the best operations reach, shown beside the threshold. */
  ideal?: number;
  text: string;
}

export type Detail = Record<string, number | null | CostSum[]>;

export interface KpiDefinition {
  id: KpiId;
  name: string;
  unit: 'ratio' | 'ms' | 'score' | 'money';
  definition: string;
  target: Target | null;
  breakdowns: readonly Dim[];
  /** `baseline`: the same breakdown key over the days before the period, where a KPI uses one. */
  compute(t: Totals, baseline: Totals | null): { value: number | null; detail: Detail };
}

const orderDims: readonly Dim[] = ['location', 'carrier', 'packer', 'station', 'channel', 'tier'];
const incidentDims: readonly Dim[] = [
  'type',
  'root_cause',
  'location',
  'supplier',
  'packer',
  'station',
  'carrier',
  'channel',
  'tier',
];
export const BASELINE_DAYS = 90;

const customerFacing =
  'Incidents count when detected; dismissed ones (false alarms) never count, and those caught ' +
  'at the pack station are not customer-facing.';

function ratio(numerator: number, denominator: number) {
  return {
    value: rate(numerator, denominator),
    detail: { numerator, denominator },
  };
}

function duration(sorted: number[]) {
  const s = durationStats(sorted);
  return { value: s.mean, detail: { count: s.count, mean: s.mean, p50: s.p50, p90: s.p90 } };
}

export const kpiDefinitions: readonly KpiDefinition[] = [
  {
    id: 'order_completion_rate',
    name: 'Order completion rate',
    unit: 'ratio',
    definition:
      'Orders delivered in full ÷ orders closed in the period (delivered or cancelled, counted on ' +
      'the day they close). Delivered in full: every ordered unit delivered, none cancelled, and ' +
      'no customer-facing missing_item or lost incident on the order.',
    target: { kind: 'min', value: 0.95, ideal: 0.995, text: '≥ 95% (best warehouses: 99.5%+)' },
    breakdowns: orderDims,
    compute: (t) => ratio(t.counts.orders_full, t.counts.orders_closed),
  },
  {
    id: 'perfect_order_rate',
    name: 'Perfect order rate',
    unit: 'ratio',
    definition:
      'Orders delivered complete, correct, undamaged and on time with no incident ÷ orders ' +
      'delivered, counted on the day they close. On time: closed no later than the promised ' +
      'time. Any customer-facing incident on the order, whenever reported, makes it imperfect.',
    target: null,
    breakdowns: orderDims,
    compute: (t) => ratio(t.counts.orders_perfect, t.counts.orders_delivered),
  },
  {
    id: 'error_rate_per_line',
    name: 'Error rate per order line',
    unit: 'ratio',
    definition:
      'Shipped lines with a customer-facing error incident (wrong_item, missing_item, ' +
      'wrong_quantity, damaged) ÷ lines shipped, of the orders closed in the period. An error ' +
      'incident that names no line counts every shipped line of its order.',
    target: { kind: 'max', value: 0.001, text: 'as low as possible (best: < 0.1%)' },
    breakdowns: [...orderDims, 'supplier'],
    compute: (t) => ratio(t.counts.lines_error, t.counts.lines_shipped),
  },
  {
    id: 'resolution_time',
    name: 'Resolution time',
    unit: 'ms',
    definition:
      'resolved − detected of the customer-facing incidents resolved in the period (now ' +
      'resolved or closed; a reopened incident counts again when it resolves again): mean, ' +
      'p50 and p90 (nearest rank), in milliseconds.',
    target: { kind: 'max', value: 72 * HOUR, ideal: 24 * HOUR, text: 'mean 24–72 h' },
    breakdowns: incidentDims,
    compute: (t) => duration(t.durations.resolution_ms),
  },
  {
    id: 'time_to_notify',
    name: 'Time to notify',
    unit: 'ms',
    definition:
      'First customer message (the first customer_notified timeline entry) − detected, of the ' +
      `customer-facing incidents detected in the period that were notified. ${customerFacing}`,
    target: { kind: 'max', value: 2 * HOUR, text: 'mean ≤ 2 h' },
    breakdowns: incidentDims,
    compute: (t) => duration(t.durations.notify_ms),
  },
  {
    id: 'refund_time',
    name: 'Refund time',
    unit: 'ms',
    definition:
      'Refund issued − incident verified, of the refunds issued in the period (issued or ' +
      'settled) whose incident was verified.',
    target: { kind: 'max', value: 72 * HOUR, ideal: 48 * HOUR, text: 'mean ≤ 48–72 h' },
    breakdowns: incidentDims,
    compute: (t) => duration(t.durations.refund_ms),
  },
  {
    id: 'return_rate_due_to_errors',
    name: 'Return rate due to errors',
    unit: 'ratio',
    definition:
      'Delivered orders with returned units and a customer-facing seller-error incident ' +
      '(wrong_item, wrong_quantity, extra_item, damaged) ÷ orders delivered, counted on the day ' +
      'they close.',
    target: { kind: 'max', value: 0.03, ideal: 0.02, text: '< 2–3%' },
    breakdowns: orderDims,
    compute: (t) => ratio(t.counts.orders_error_return, t.counts.orders_delivered),
  },
  {
    id: 'complaint_escalation_rate',
    name: 'Complaint escalation rate',
    unit: 'ratio',
    definition: `Incidents escalated ÷ incidents, customer-facing. ${customerFacing}`,
    target: null,
    breakdowns: incidentDims,
    compute: (t) => ratio(t.counts.incidents_escalated, t.counts.incidents),
  },
  {
    id: 'post_incident_satisfaction',
    name: 'Post-incident satisfaction',
    unit: 'score',
    definition:
      'Mean survey score (1–5) of the answers given in the period; share of 4–5 among them; ' +
      'response rate = surveys answered ÷ surveys sent in the period; recovery vs baseline = ' +
      `the mean minus the mean of the ${BASELINE_DAYS} days before the period for the same ` +
      'breakdown key (the store, the carrier, …).',
    target: null,
    breakdowns: incidentDims,
    compute: (t, baseline) => {
      const m = rate(t.counts.score_sum, t.counts.score_count);
      const b = baseline ? rate(baseline.counts.score_sum, baseline.counts.score_count) : null;
      return {
        value: m,
        detail: {
          answers: t.counts.score_count,
          mean: m,
          shareTop: rate(t.counts.score_top, t.counts.score_count),
          sent: t.counts.surveys_sent,
          answered: t.counts.surveys_answered,
          responseRate: rate(t.counts.surveys_answered, t.counts.surveys_sent),
          baselineMean: b,
          recoveryVsBaseline: m !== null && b !== null ? m - b : null,
        },
      };
    },
  },
  {
    id: 'repeat_purchase_after_incident',
    name: 'Repeat purchase after incident',
    unit: 'ratio',
    definition:
      'Customer-facing incidents resolved in the period whose customer placed another order ' +
      `within ${REPEAT_WINDOW_DAYS} days of the resolution ÷ those incidents; beside it the ` +
      'control: orders delivered without any customer-facing incident, closed in the period, ' +
      `whose customer ordered again within ${REPEAT_WINDOW_DAYS} days of the delivery ÷ those ` +
      'orders. A window not yet over counts the orders placed so far.',
    target: null,
    breakdowns: orderDims,
    compute: (t) => {
      const after = rate(t.counts.repeat_hits, t.counts.repeat_base);
      const control = rate(t.counts.control_repeat, t.counts.control_orders);
      return {
        value: after,
        detail: {
          resolved: t.counts.repeat_base,
          repeated: t.counts.repeat_hits,
          controlOrders: t.counts.control_orders,
          controlRepeated: t.counts.control_repeat,
          controlRate: control,
          difference: after !== null && control !== null ? after - control : null,
        },
      };
    },
  },
  {
    id: 'incident_cost',
    name: 'Incident cost',
    unit: 'money',
    definition:
      'Refunds + vouchers + store credit + reships + pickups + write-offs + penalties recorded ' +
      'against incidents in the period, in minor units per currency, by responsible party and ' +
      'by kind. The value is the total when all costs share one currency, else null.',
    target: null,
    breakdowns: incidentDims,
    compute: (t) => {
      const totals = sumCosts(t.costs, null);
      const only = totals.length === 1 ? totals[0] : undefined;
      return {
        value: only ? only.amount : null,
        detail: {
          totals,
          byParty: sumCosts(t.costs, 'party'),
          byKind: sumCosts(t.costs, 'kind'),
        },
      };
    },
  },
];

export function kpiDefinition(id: KpiId): KpiDefinition {
  const def = kpiDefinitions.find((d) => d.id === id);
  if (!def) throw new Error(`unknown KPI ${id}`);
  return def;
}

export function targetMet(target: Target | null, value: number | null): boolean | null {
  if (!target || value === null) return null;
  return target.kind === 'min' ? value >= target.value : value <= target.value;
}

/** The definitions as Markdown, for the OpenAPI description of the KPI routes. */
export function definitionsMarkdown(): string {
  return kpiDefinitions
    .map((d) => `- **${d.id}** — ${d.definition}${d.target ? ` Target: ${d.target.text}.` : ''}`)
    .join('\n');
}
