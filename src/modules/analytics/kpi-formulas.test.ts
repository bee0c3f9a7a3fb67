import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOUR } from '../../shared/clock.js';
import { aggregateFacts } from './aggregate.js';
import type { Facts, IncidentFact, OrderFact } from './analytics.js';
import { bucketOf, consecutiveRuns, daysBetween } from './days.js';
import { kpiDefinition, kpiDefinitions, targetMet, type KpiId } from './kpi-definitions.js';
import { percentile, sumRows, type Totals } from './kpi-math.js';

const D1 = '2026-03-02';
const D2 = '2026-03-03';

function order(o: Partial<OrderFact> = {}): OrderFact {
  return {
    day: D1,
    dims: { location: 'W1', carrier: 'dhl' },
    delivered: true,
    full: true,
    perfect: true,
    errorReturn: false,
    control: { repeat: false },
    lines: [{ shipped: true, error: false, supplier: 'S1' }],
    ...o,
  };
}

function incident(o: Partial<IncidentFact> = {}): IncidentFact {
  return {
    id: 'inc',
    detectedDay: D1,
    dims: { type: 'wrong_item', location: 'W1' },
    class: 'customer',
    escalated: false,
    notifyMs: null,
    resolution: null,
    ...o,
  };
}

function facts(f: Partial<Facts>): Facts {
  return { orders: [], incidents: [], refunds: [], surveys: [], costs: [], ...f };
}

/** The KPI over the days given, from the aggregate rows of those days (dimension `all`). */
function kpi(id: KpiId, f: Facts, days = [D1, D2], baseline: Totals | null = null) {
  const { daily, costs } = aggregateFacts(f, new Set(days));
  const all = daily.filter((r) => r.dim === 'all');
  return kpiDefinition(id).compute(
    sumRows(
      all,
      costs.filter((c) => c.dim === 'all'),
    ),
    baseline,
  );
}

describe('KPI formulas', () => {
  it('reports every rate of an empty period as empty (null), never 0', () => {
    for (const def of kpiDefinitions) {
      assert.equal(kpi(def.id, facts({})).value, null, def.id);
    }
  });

  it('order completion rate: orders delivered in full ÷ orders closed', () => {
    const f = facts({
      orders: [
        order(),
        order({ full: false, perfect: false }),
        order({ delivered: false, full: false, perfect: false, control: null }),
        order({ day: D2 }),
      ],
    });
    assert.deepEqual(kpi('order_completion_rate', f), {
      value: 2 / 4,
      detail: { numerator: 2, denominator: 4 },
    });
    assert.equal(kpi('order_completion_rate', f, [D2]).value, 1, 'only the day the order closed');
  });

  it('perfect order rate and return rate divide by orders delivered, not closed', () => {
    const f = facts({
      orders: [
        order(),
        order({ perfect: false, errorReturn: true }),
        order({ perfect: false }),
        order({ delivered: false, full: false, perfect: false, control: null }),
      ],
    });
    assert.equal(kpi('perfect_order_rate', f).value, 1 / 3);
    assert.equal(kpi('return_rate_due_to_errors', f).value, 1 / 3);
  });

  it('error rate per line counts shipped lines only, and breaks down by each line’s supplier', () => {
    const f = facts({
      orders: [
        order({
          lines: [
            { shipped: true, error: true, supplier: 'S1' },
            { shipped: true, error: false, supplier: 'S2' },
            { shipped: false, error: true, supplier: 'S2' },
          ],
        }),
        order({ lines: [{ shipped: true, error: false, supplier: 'S1' }] }),
      ],
    });
    assert.deepEqual(kpi('error_rate_per_line', f).detail, { numerator: 1, denominator: 3 });
    const { daily } = aggregateFacts(f, new Set([D1]));
    const bySupplier = daily.filter((r) => r.dim === 'supplier');
    assert.deepEqual(
      bySupplier.map((r) => [
        r.key,
        r.counts.lines_error,
        r.counts.lines_shipped,
        r.counts.orders_closed,
      ]),
      [
        ['S1', 1, 2, 0],
        ['S2', 0, 1, 0],
      ],
    );
  });

  it('resolution time: mean, p50 and p90 of the resolutions in the period, counted on the day they resolve', () => {
    const hours = [1, 2, 3, 4, 5, 6, 7, 8, 9, 50];
    const f = facts({
      incidents: [
        ...hours.map((h, i) =>
          incident({ id: `i${i}`, resolution: { day: D2, ms: h * HOUR, repeat: null } }),
        ),
        // Detected in the period, resolved after it: counts as an incident, not a resolution.
        incident({ id: 'late', resolution: { day: '2026-03-10', ms: 200 * HOUR, repeat: null } }),
        // Detected before the period, resolved in it: a resolution of the period.
        incident({
          id: 'old',
          detectedDay: '2026-02-20',
          resolution: { day: D1, ms: 10 * HOUR, repeat: null },
        }),
      ],
    });
    const r = kpi('resolution_time', f);
    assert.deepEqual(r.detail, {
      count: 11,
      mean: ((95 + 10) * HOUR) / 11,
      p50: 6 * HOUR,
      p90: 10 * HOUR,
    });
    assert.equal(
      kpi('complaint_escalation_rate', f).detail.denominator,
      11,
      'the old one is not detected in it',
    );
  });

  it('time to notify and escalation leave out dismissed and caught incidents', () => {
    const f = facts({
      incidents: [
        incident({ id: 'a', notifyMs: 30 * 60_000, escalated: true }),
        incident({ id: 'b', notifyMs: 90 * 60_000 }),
        incident({ id: 'c' }),
        incident({ id: 'd', class: 'dismissed', notifyMs: 1, escalated: true }),
        incident({ id: 'e', class: 'caught' }),
      ],
    });
    assert.equal(kpi('time_to_notify', f).value, HOUR);
    assert.deepEqual(kpi('complaint_escalation_rate', f).detail, { numerator: 1, denominator: 3 });
    const { daily } = aggregateFacts(f, new Set([D1]));
    assert.equal(daily.find((r) => r.dim === 'all')?.counts.incidents_caught, 1);
  });

  it('refund time averages issued − verified of refunds issued in the period', () => {
    const f = facts({
      refunds: [
        { day: D1, dims: {}, ms: 24 * HOUR },
        { day: D2, dims: {}, ms: 48 * HOUR },
        { day: D2, dims: {}, ms: null },
      ],
    });
    assert.deepEqual(kpi('refund_time', f).detail, {
      count: 2,
      mean: 36 * HOUR,
      p50: 24 * HOUR,
      p90: 48 * HOUR,
    });
  });

  it('satisfaction: scores by answer day, response rate by sending day, recovery against the baseline', () => {
    const f = facts({
      surveys: [
        { sentDay: D1, answeredDay: D1, score: 5, dims: {} },
        { sentDay: D1, answeredDay: D2, score: 3, dims: {} },
        { sentDay: D1, answeredDay: null, score: null, dims: {} },
        { sentDay: D2, answeredDay: null, score: null, dims: {} },
        { sentDay: '2026-02-27', answeredDay: D1, score: 4, dims: {} },
      ],
    });
    const baseline = facts({
      surveys: [{ sentDay: '2026-02-01', answeredDay: '2026-02-01', score: 2, dims: {} }],
    });
    const before = aggregateFacts(baseline, new Set(['2026-02-01'])).daily;
    const r = kpi('post_incident_satisfaction', f, [D1, D2], sumRows(before));
    assert.deepEqual(r.detail, {
      answers: 3,
      mean: 4,
      shareTop: 2 / 3,
      sent: 4,
      answered: 2,
      responseRate: 0.5,
      baselineMean: 2,
      recoveryVsBaseline: 2,
    });
  });

  it('repeat purchase after incident sits beside the control group of orders without incident', () => {
    const f = facts({
      incidents: [
        incident({ id: 'a', resolution: { day: D1, ms: 1, repeat: true } }),
        incident({ id: 'b', resolution: { day: D1, ms: 1, repeat: false } }),
        incident({ id: 'c', resolution: { day: D1, ms: 1, repeat: null } }),
      ],
      orders: [order({ control: { repeat: true } }), order(), order(), order({ control: null })],
    });
    assert.deepEqual(kpi('repeat_purchase_after_incident', f), {
      value: 0.5,
      detail: {
        resolved: 2,
        repeated: 1,
        controlOrders: 3,
        controlRepeated: 1,
        controlRate: 1 / 3,
        difference: 0.5 - 1 / 3,
      },
    });
  });

  it('incident cost sums by party and kind, and has no single value across currencies', () => {
    const cost = (party: string, kind: string, amount: number, currency = 'EUR') => ({
      day: D1,
      dims: { root_cause: 'carrier_damage' },
      party,
      kind,
      currency,
      amount,
    });
    const eur = facts({
      costs: [
        cost('carrier', 'refund', 1_290),
        cost('carrier', 'reship', 700),
        cost('warehouse', 'voucher', 500),
      ],
    });
    const r = kpi('incident_cost', eur);
    assert.equal(r.value, 2_490);
    assert.deepEqual(r.detail.byParty, [
      { group: 'carrier', currency: 'EUR', amount: 1_990, entries: 2 },
      { group: 'warehouse', currency: 'EUR', amount: 500, entries: 1 },
    ]);
    const mixed = facts({
      costs: [cost('carrier', 'refund', 100), cost('carrier', 'refund', 100, 'USD')],
    });
    assert.equal(kpi('incident_cost', mixed).value, null);
  });

  it('compares with targets in the right direction, and an empty value meets nothing', () => {
    const completion = kpiDefinition('order_completion_rate').target;
    const resolution = kpiDefinition('resolution_time').target;
    assert.equal(targetMet(completion, 0.95), true);
    assert.equal(targetMet(completion, 0.94), false);
    assert.equal(targetMet(resolution, 72 * HOUR), true);
    assert.equal(targetMet(resolution, 73 * HOUR), false);
    assert.equal(targetMet(resolution, null), null);
    assert.equal(targetMet(null, 1), null);
  });
});

describe('percentiles, days and buckets', () => {
  it('takes the nearest rank, so a percentile is always one of the values', () => {
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([7], 90), 7);
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90), 10);
  });

  it('buckets weeks from Monday and months by calendar', () => {
    assert.equal(bucketOf('2026-03-08', 'week'), '2026-03-02'); // a Sunday
    assert.equal(bucketOf('2026-03-09', 'week'), '2026-03-09');
    assert.equal(bucketOf('2026-03-31', 'month'), '2026-03');
    assert.deepEqual(daysBetween('2026-02-27', '2026-03-01'), [
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
  });

  it('groups dirty days into runs of consecutive days', () => {
    assert.deepEqual(consecutiveRuns(['2026-03-05', '2026-03-01', '2026-03-02', '2026-03-02']), [
      ['2026-03-01', '2026-03-02'],
      ['2026-03-05', '2026-03-05'],
    ]);
    assert.equal(consecutiveRuns(daysBetween('2026-01-01', '2026-03-01'), 31).length, 2);
  });
});
