import {
  ALL,
  dailyCounters,
  type CostRow,
  type DailyCounter,
  type DailyRow,
  type DimKeys,
  type DurationSeries,
  type Facts,
} from './analytics.js';

/**
 * Turns facts into the daily aggregate rows of the given days, and only those (every day when
 * `days` is null): the one function behind both the full recomputation and the incremental fold,
 * which adds what an order or incident counts now and subtracts what it counted before.
 */
export function aggregateFacts(
  facts: Partial<Facts>,
  days: ReadonlySet<string> | null,
): { daily: DailyRow[]; costs: CostRow[] } {
  const acc = new Accumulator(days);
  for (const o of facts.orders ?? []) {
    const add = (c: DailyCounter, n = 1) => acc.add(o.day, o.dims, c, n);
    add('orders_closed');
    if (o.delivered) add('orders_delivered');
    if (o.full) add('orders_full');
    if (o.perfect) add('orders_perfect');
    if (o.errorReturn) add('orders_error_return');
    if (o.control) {
      add('control_orders');
      if (o.control.repeat) add('control_repeat');
    }
    for (const line of o.lines) {
      // Lines carry their own supplier; the other dimensions are the order's.
      const lineDims = { ...o.dims, supplier: line.supplier };
      if (line.shipped) acc.add(o.day, lineDims, 'lines_shipped', 1);
      if (line.shipped && line.error) acc.add(o.day, lineDims, 'lines_error', 1);
    }
  }
  for (const i of facts.incidents ?? []) {
    if (i.class === 'caught') acc.add(i.detectedDay, i.dims, 'incidents_caught', 1);
    if (i.class !== 'customer') continue;
    acc.add(i.detectedDay, i.dims, 'incidents', 1);
    if (i.escalated) acc.add(i.detectedDay, i.dims, 'incidents_escalated', 1);
    if (i.notifyMs !== null) acc.sample(i.detectedDay, i.dims, 'notify_ms', i.notifyMs);
    const r = i.resolution;
    if (r) {
      acc.sample(r.day, i.dims, 'resolution_ms', r.ms);
      if (r.repeat !== null) {
        acc.add(r.day, i.dims, 'repeat_base', 1);
        if (r.repeat) acc.add(r.day, i.dims, 'repeat_hits', 1);
      }
    }
  }
  for (const r of facts.refunds ?? []) {
    if (r.ms !== null) acc.sample(r.day, r.dims, 'refund_ms', r.ms);
  }
  for (const s of facts.surveys ?? []) {
    if (s.sentDay) {
      acc.add(s.sentDay, s.dims, 'surveys_sent', 1);
      if (s.answeredDay) acc.add(s.sentDay, s.dims, 'surveys_answered', 1);
    }
    if (s.answeredDay && s.score !== null) {
      acc.add(s.answeredDay, s.dims, 'score_count', 1);
      acc.add(s.answeredDay, s.dims, 'score_sum', s.score);
      if (s.score >= 4) acc.add(s.answeredDay, s.dims, 'score_top', 1);
    }
  }
  for (const c of facts.costs ?? []) acc.cost(c.day, c.dims, c);
  return acc.result();
}

export function emptyRow(day: string, dim: string, key: string): DailyRow {
  const counts = Object.fromEntries(dailyCounters.map((c) => [c, 0])) as Record<
    DailyCounter,
    number
  >;
  return { day, dim, key, counts, durations: { resolution_ms: [], notify_ms: [], refund_ms: [] } };
}

class Accumulator {
  private readonly rows = new Map<string, DailyRow>();
  private readonly costs = new Map<string, CostRow>();

  constructor(private readonly days: ReadonlySet<string> | null) {}

  add(day: string, dims: DimKeys, counter: DailyCounter, n: number): void {
    for (const row of this.rowsOf(day, dims)) row.counts[counter] += n;
  }

  sample(day: string, dims: DimKeys, series: DurationSeries, ms: number): void {
    for (const row of this.rowsOf(day, dims)) row.durations[series].push(ms);
  }

  cost(
    day: string,
    dims: DimKeys,
    c: { party: string; kind: string; currency: string; amount: number },
  ): void {
    if (this.days && !this.days.has(day)) return;
    for (const [dim, key] of pairsOf(dims)) {
      const id = [day, dim, key, c.party, c.kind, c.currency].join('\u0000');
      let row = this.costs.get(id);
      if (!row) {
        const { party, kind, currency } = c;
        row = { day, dim, key, party, kind, currency, amount: 0, entries: 0 };
        this.costs.set(id, row);
      }
      row.amount += c.amount;
      row.entries += 1;
    }
  }

  result(): { daily: DailyRow[]; costs: CostRow[] } {
    const daily = [...this.rows.values()];
    for (const row of daily) {
      for (const list of Object.values(row.durations)) list.sort((a, b) => a - b);
    }
    const costs = [...this.costs.values()].sort(
      (a, b) =>
        byKey(a, b) ||
        a.party.localeCompare(b.party) ||
        a.kind.localeCompare(b.kind) ||
        a.currency.localeCompare(b.currency),
    );
    return { daily: daily.sort(byKey), costs };
  }

  private rowsOf(day: string, dims: DimKeys): DailyRow[] {
    if (this.days && !this.days.has(day)) return [];
    return pairsOf(dims).map(([dim, key]) => {
      const id = `${day}\u0000${dim}\u0000${key}`;
      let row = this.rows.get(id);
      if (!row) {
        row = emptyRow(day, dim, key);
        this.rows.set(id, row);
      }
      return row;
    });
  }
}

function pairsOf(dims: DimKeys): [string, string][] {
  return [[ALL, ALL], ...(Object.entries(dims) as [string, string][])];
}

function byKey(a: { day: string; dim: string; key: string }, b: typeof a): number {
  return a.day.localeCompare(b.day) || a.dim.localeCompare(b.dim) || a.key.localeCompare(b.key);
}
