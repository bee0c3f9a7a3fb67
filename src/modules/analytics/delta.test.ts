import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateFacts, emptyRow } from './aggregate.js';
import type { CostRow, DailyRow, Facts, IncidentFact, OrderFact } from './analytics.js';
import {
  AggregateDriftError,
  applyContributions,
  costKeyOf,
  dailyKeyOf,
  rowsAfter,
} from './delta.js';

const order = (day: string, patch: Partial<OrderFact> = {}): OrderFact => ({
  day,
  dims: {
    location: 'lisbon',
    carrier: 'dhl',
    packer: 'ana',
    station: 's1',
    channel: 'web',
    tier: 'b2c',
  },
  delivered: true,
  full: true,
  perfect: true,
  errorReturn: false,
  control: { repeat: false },
  lines: [{ shipped: true, error: false, supplier: 'acme' }],
  ...patch,
});

const incident = (id: string, resolutionMs: number): IncidentFact => ({
  id,
  detectedDay: '2026-03-01',
  dims: { type: 'damaged', root_cause: 'none', location: 'lisbon' },
  class: 'customer',
  escalated: false,
  notifyMs: 1000,
  resolution: { day: '2026-03-02', ms: resolutionMs, repeat: true },
});

function stored(facts: Partial<Facts>) {
  const { daily, costs } = aggregateFacts(facts, null);
  return {
    daily: new Map(daily.map((r) => [dailyKeyOf(r), r])),
    costs: new Map(costs.map((r) => [costKeyOf(r), r])),
  };
}

/** Applies a delta to stored rows and returns the rows a table would then hold, sorted. */
function after(
  base: ReturnType<typeof stored>,
  plus: Partial<Facts>,
  minus: Partial<Facts>,
): { daily: DailyRow[]; costs: CostRow[] } {
  const delta = applyContributions(base, aggregateFacts(plus, null), aggregateFacts(minus, null));
  const { daily, costs } = rowsAfter(base, delta);
  const byKey = (a: { day: string; dim: string; key: string }, b: typeof a) =>
    dailyKeyOf(a).localeCompare(dailyKeyOf(b));
  return { daily: daily.sort(byKey), costs: costs.sort(byKey) };
}

describe('incremental fold arithmetic', () => {
  it('equals a recomputation when an order changes and another is added', () => {
    const a = order('2026-03-01');
    const b = order('2026-03-01', {
      perfect: false,
      lines: [{ shipped: true, error: true, supplier: 'zeta' }],
    });
    const c = order('2026-03-02');
    const got = after(stored({ orders: [a, b] }), { orders: [b, c] }, { orders: [a] });
    assert.deepEqual(got, aggregateFacts({ orders: [b, b, c] }, null));
  });

  it('removes exactly one duration sample per fact and keeps the others sorted', () => {
    const got = after(
      stored({ incidents: [incident('i1', 500), incident('i2', 500), incident('i3', 900)] }),
      { incidents: [incident('i2', 700)] },
      { incidents: [incident('i2', 500)] },
    );
    const all = got.daily.find((r) => r.day === '2026-03-02' && r.dim === 'all');
    assert.deepEqual(all?.durations.resolution_ms, [500, 700, 900]);
  });

  it('deletes a row left with nothing in it, as a recomputation would not write it', () => {
    const a = order('2026-03-01');
    const got = after(stored({ orders: [a] }), {}, { orders: [a] });
    assert.deepEqual(got, { daily: [], costs: [] });
  });

  it('sums costs by party, kind and currency, and drops one whose entries reach 0', () => {
    const cost = (amount: number, kind = 'reship') => ({
      day: '2026-03-03',
      dims: { type: 'damaged' },
      party: 'store',
      kind,
      currency: 'EUR',
      amount,
    });
    const got = after(
      stored({ costs: [cost(500), cost(200, 'voucher')] }),
      { costs: [cost(300)] },
      {
        costs: [cost(200, 'voucher')],
      },
    );
    assert.deepEqual(got.costs, aggregateFacts({ costs: [cost(500), cost(300)] }, null).costs);
  });

  it('refuses to subtract what the rows do not hold', () => {
    const base = stored({ incidents: [incident('i1', 500)] });
    assert.throws(
      () =>
        applyContributions(
          base,
          aggregateFacts({}, null),
          aggregateFacts({ incidents: [incident('i1', 600)] }, null),
        ),
      AggregateDriftError,
    );
    assert.throws(
      () =>
        applyContributions(
          { daily: new Map(), costs: new Map() },
          aggregateFacts({}, null),
          aggregateFacts({ orders: [order('2026-03-01')] }, null),
        ),
      AggregateDriftError,
    );
  });

  it('starts a missing row from empty', () => {
    const row = emptyRow('2026-03-01', 'all', 'all');
    assert.equal(
      Object.values(row.counts).every((n) => n === 0),
      true,
    );
  });
});
