import type { ExpressionBuilder } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { chunks } from './context.queries.js';
import { dailyCounters, type CostRow, type DailyCounter, type DailyRow } from './analytics.js';
import type { AnalyticsDailyTable } from './analytics.table.js';
import type { MemoryChange } from './changes.queries.js';
import { dayOf } from './days.js';
import { costKeyOf, dailyKeyOf } from './delta.js';

/** The daily aggregates and the fold's own state: all the SQL that touches them. */

export function rowToDaily(r: AnalyticsDailyTable): DailyRow {
  const counts = Object.fromEntries(dailyCounters.map((c) => [c, Number(r[c])])) as Record<
    DailyCounter,
    number
  >;
  return {
    day: r.day,
    dim: r.dim,
    key: r.key,
    counts,
    durations: {
      resolution_ms: JSON.parse(r.resolution_ms) as number[],
      notify_ms: JSON.parse(r.notify_ms) as number[],
      refund_ms: JSON.parse(r.refund_ms) as number[],
    },
  };
}

function dailyToRow(d: DailyRow): AnalyticsDailyTable {
  return {
    day: d.day,
    dim: d.dim,
    key: d.key,
    ...d.counts,
    resolution_ms: JSON.stringify(d.durations.resolution_ms),
    notify_ms: JSON.stringify(d.durations.notify_ms),
    refund_ms: JSON.stringify(d.durations.refund_ms),
  };
}

export async function deleteAllAggregates(trx: Executor): Promise<void> {
  await trx.deleteFrom('analytics_daily').execute();
  await trx.deleteFrom('analytics_daily_costs').execute();
  await trx.deleteFrom('analytics_facts').execute();
}

type Triple = { day: string; dim: string; key: string };

function tripleFilter(part: readonly Triple[]) {
  return (eb: ExpressionBuilder<Database, 'analytics_daily' | 'analytics_daily_costs'>) =>
    eb(
      eb.refTuple('day', 'dim', 'key'),
      'in',
      part.map((t) => eb.tuple(t.day, t.dim, t.key)),
    );
}

/** The stored daily and cost rows of the given (day, dimension, key) triples. */
export async function readRowsOf(
  db: Executor,
  triples: readonly Triple[],
): Promise<{ daily: Map<string, DailyRow>; costs: Map<string, CostRow> }> {
  const daily = new Map<string, DailyRow>();
  const costs = new Map<string, CostRow>();
  for (const part of chunks(triples, 300)) {
    const rows = await db
      .selectFrom('analytics_daily')
      .selectAll()
      .where(tripleFilter(part))
      .execute();
    for (const r of rows) daily.set(dailyKeyOf(r), rowToDaily(r));
    const costRows = await db
      .selectFrom('analytics_daily_costs')
      .selectAll()
      .where(tripleFilter(part))
      .execute();
    for (const r of costRows) {
      const row = { ...r, amount: Number(r.amount), entries: Number(r.entries) };
      costs.set(costKeyOf(row), row);
    }
  }
  return { daily, costs };
}

/**
 * Writes the rows of the given triples: every stored row of a triple is replaced by `daily` and
 * `costs` (rows of those triples only; a triple with none is left empty).
 */
export async function replaceRowsOf(
  trx: Executor,
  triples: readonly Triple[],
  daily: readonly DailyRow[],
  costs: readonly CostRow[],
): Promise<void> {
  for (const part of chunks(triples, 300)) {
    await trx.deleteFrom('analytics_daily').where(tripleFilter(part)).execute();
    await trx.deleteFrom('analytics_daily_costs').where(tripleFilter(part)).execute();
  }
  for (const part of chunks(daily.map(dailyToRow), 200)) {
    await trx.insertInto('analytics_daily').values(part).execute();
  }
  for (const part of chunks(costs, 500)) {
    await trx
      .insertInto('analytics_daily_costs')
      .values([...part])
      .execute();
  }
}

/** The facts each entity last added to the aggregates, as stored (JSON). */
export async function readStoredFacts(
  db: Executor,
  entities: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(entities, 500)) {
    const rows = await db
      .selectFrom('analytics_facts')
      .select(['entity', 'facts'])
      .where('entity', 'in', part)
      .execute();
    for (const r of rows) out.set(r.entity, r.facts);
  }
  return out;
}

/** Replaces the stored facts of `entities` by `facts` (an entity missing there has none now). */
export async function writeStoredFacts(
  trx: Executor,
  entities: readonly string[],
  facts: ReadonlyMap<string, string>,
): Promise<void> {
  for (const part of chunks(entities, 500)) {
    await trx.deleteFrom('analytics_facts').where('entity', 'in', part).execute();
  }
  const rows = entities.flatMap((entity) => {
    const value = facts.get(entity);
    return value === undefined ? [] : [{ entity, facts: value }];
  });
  for (const part of chunks(rows, 500)) {
    await trx.insertInto('analytics_facts').values(part).execute();
  }
}

export async function readDaily(
  db: Executor,
  q: { dims: readonly string[]; from: string; to: string },
): Promise<DailyRow[]> {
  const rows = await db
    .selectFrom('analytics_daily')
    .selectAll()
    .where('dim', 'in', [...q.dims])
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .orderBy('day')
    .execute();
  return rows.map(rowToDaily);
}

export async function readCosts(
  db: Executor,
  q: { dims: readonly string[]; from: string; to: string },
): Promise<CostRow[]> {
  const rows = await db
    .selectFrom('analytics_daily_costs')
    .selectAll()
    .where('dim', 'in', [...q.dims])
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({
    day: r.day,
    dim: r.dim,
    key: r.key,
    party: r.party,
    kind: r.kind,
    currency: r.currency,
    amount: Number(r.amount),
    entries: Number(r.entries),
  }));
}

/**
 * Counters summed per key of one dimension over [from, to] by the database, and the durations
 * of the rows that have any: a breakdown reads one row per key instead of one per key and day.
 */
export async function readTotalsByKey(
  db: Executor,
  q: { dim: string; from: string; to: string; durations: boolean },
): Promise<DailyRow[]> {
  const sums = await db
    .selectFrom('analytics_daily')
    .select((eb) => ['key', ...dailyCounters.map((c) => eb.fn.sum<number>(c).as(c))])
    .where('dim', '=', q.dim)
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .groupBy('key')
    .orderBy('key')
    .execute();
  const out = new Map<string, DailyRow>();
  for (const r of sums) {
    const counts = Object.fromEntries(dailyCounters.map((c) => [c, Number(r[c])])) as Record<
      DailyCounter,
      number
    >;
    out.set(r.key, {
      day: q.from,
      dim: q.dim,
      key: r.key,
      counts,
      durations: { resolution_ms: [], notify_ms: [], refund_ms: [] },
    });
  }
  if (!q.durations) return [...out.values()];
  const samples = await db
    .selectFrom('analytics_daily')
    .select(['key', 'resolution_ms', 'notify_ms', 'refund_ms'])
    .where('dim', '=', q.dim)
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .where((eb) =>
      eb.or([
        eb('resolution_ms', '!=', '[]'),
        eb('notify_ms', '!=', '[]'),
        eb('refund_ms', '!=', '[]'),
      ]),
    )
    .execute();
  for (const r of samples) {
    const row = out.get(r.key);
    if (!row) continue;
    for (const series of ['resolution_ms', 'notify_ms', 'refund_ms'] as const) {
      if (r[series] !== '[]') row.durations[series].push(...(JSON.parse(r[series]) as number[]));
    }
  }
  for (const row of out.values()) {
    for (const list of Object.values(row.durations)) list.sort((a, b) => a - b);
  }
  return [...out.values()];
}

/** Days that hold aggregate rows in [from, to]. */
export async function storedDays(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('analytics_daily').select('day').distinct().execute();
  const costs = await db.selectFrom('analytics_daily_costs').select('day').distinct().execute();
  return [...new Set([...rows, ...costs].map((r) => r.day))].sort();
}

export async function getState(db: Executor, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('analytics_state')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.value;
}

export async function setState(db: Executor, name: string, value: string): Promise<void> {
  await db
    .insertInto('analytics_state')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute();
}

/**
 * Serialises folds: the first write of the transaction takes the row's lock on PostgreSQL
 * (SQLite's `begin immediate` already holds the database's), so two folds never interleave
 * the reload and the replacement of the same day.
 */
export async function lockFold(trx: Executor, now: string): Promise<void> {
  await setState(trx, 'fold_lock', now);
}

export async function rememberAttributes(trx: Executor, changes: MemoryChange[]): Promise<void> {
  for (const c of changes) {
    await trx
      .insertInto('analytics_dim_memory')
      .values(c)
      .onConflict((oc) => oc.columns(['kind', 'id']).doUpdateSet({ value: c.value }))
      .execute();
  }
}

export async function resetMemory(trx: Executor): Promise<void> {
  await trx.deleteFrom('analytics_dim_memory').execute();
  // Only values other than the default are kept: absence means the default.
  await trx
    .insertInto('analytics_dim_memory')
    .columns(['kind', 'id', 'value'])
    .expression((eb) =>
      eb
        .selectFrom('products')
        .select([eb.val('product_supplier').as('kind'), 'id', 'supplier_id as value'])
        .where('supplier_id', 'is not', null),
    )
    .execute();
  await trx
    .insertInto('analytics_dim_memory')
    .columns(['kind', 'id', 'value'])
    .expression((eb) =>
      eb
        .selectFrom('customers')
        .select([eb.val('customer_tier').as('kind'), 'id', 'tier as value'])
        .where('tier', '!=', 'b2c'),
    )
    .execute();
}

/** The range of days any fact falls on, or null when there are none. */
export async function factDayRange(db: Executor): Promise<{ first: string; last: string } | null> {
  const [orders, incidents, refunds, surveys, costs] = await Promise.all([
    db
      .selectFrom('orders')
      .select((eb) => [eb.fn.min('closed_at').as('a'), eb.fn.max('closed_at').as('b')])
      .executeTakeFirst(),
    db
      .selectFrom('incidents')
      .select((eb) => [
        eb.fn.min('detected_at').as('a'),
        eb.fn.max('detected_at').as('b'),
        eb.fn.min('resolved_at').as('c'),
        eb.fn.max('resolved_at').as('d'),
      ])
      .executeTakeFirst(),
    db
      .selectFrom('refunds')
      .select((eb) => [eb.fn.min('issued_at').as('a'), eb.fn.max('issued_at').as('b')])
      .executeTakeFirst(),
    db
      .selectFrom('surveys')
      .select((eb) => [
        eb.fn.min('sent_at').as('a'),
        eb.fn.max('sent_at').as('b'),
        eb.fn.min('answered_at').as('c'),
        eb.fn.max('answered_at').as('d'),
      ])
      .executeTakeFirst(),
    db
      .selectFrom('incident_costs')
      .select((eb) => [eb.fn.min('at').as('a'), eb.fn.max('at').as('b')])
      .executeTakeFirst(),
  ]);
  // Every column a fact is dated by: its earliest and latest value.
  const dated = (values: unknown[]) =>
    values.flatMap((v) => (v === null || v === undefined ? [] : [String(v)])).sort();
  const first = dated([
    orders?.a,
    incidents?.a,
    incidents?.c,
    refunds?.a,
    surveys?.a,
    surveys?.c,
    costs?.a,
  ])[0];
  const last = dated([
    orders?.b,
    incidents?.b,
    incidents?.d,
    refunds?.b,
    surveys?.b,
    surveys?.d,
    costs?.b,
  ]).at(-1);
  return first && last ? { first: dayOf(first), last: dayOf(last) } : null;
}
