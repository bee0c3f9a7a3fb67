import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { addMs } from '../../../shared/clock.js';
import { aggregateFacts } from '../aggregate.js';
import type { CostRow, DailyRow, Facts } from '../analytics.js';
import {
  deleteAllAggregates,
  getState,
  lockFold,
  readRowsOf,
  readStoredFacts,
  rememberAttributes,
  replaceRowsOf,
  resetMemory,
  setState,
  writeStoredFacts,
} from '../aggregates.repository.js';
import { changedEntities } from '../changes.queries.js';
import { chunks } from '../context.queries.js';
import { rangeOfDays } from '../days.js';
import { decodeFacts, encodeFacts } from '../facts-codec.js';
import { AggregateDriftError, applyContributions, dailyKeyOf, rowsAfter } from '../delta.js';
import {
  incidentGroupFactsOf,
  loadCostFacts,
  loadIncidentFacts,
  loadRefundFacts,
  loadSurveyFacts,
} from '../incident-facts.queries.js';
import { loadOrderFacts, orderFactsOf } from '../order-facts.queries.js';

/**
 * Incremental maintenance of the daily KPI aggregates, and why it is built this way.
 *
 * The aggregates are a sum over facts (`aggregateFacts`): each order counts on the day it closed,
 * each incident on the days it was detected and resolved, its refunds, surveys and costs on
 * theirs. `analytics_facts` keeps what every order and incident last added. The fold job
 * (`analytics.fold`, every minute, and before a KPI read that asks for fresh figures) finds the
 * orders and incidents a change since its watermark can reach (changes.queries.ts: orders and
 * incidents by `updated_at`, notifications on the timeline, closed pack sessions, refunds,
 * surveys, costs, a changed supplier or tier, and the earlier deliveries a new order turns into
 * repeat purchases), loads their facts again, and where they differ from the stored ones
 * subtracts the old contribution and adds the new one (delta.ts). The cost is proportional to
 * what changed, not to the days it falls on; percentiles stay exact because durations are kept
 * as sorted samples; running a fold twice changes nothing.
 *
 * Why not calls from the modules that change the facts: orders, incidents, packing, money and
 * notifications would each have to know which KPIs their change moves; reading their tables
 * keeps them unaware of analytics. The price is the watermark: a change is found by the time
 * stamped on it, so the scan starts `OVERLAP_MS` before the previous fold to catch transactions
 * that committed after that fold but stamped an earlier time. `redress kpis --verify` compares
 * the aggregates with a full recomputation from the source tables, day by day, and prints any
 * difference; should a fold ever find the aggregates out of step with the stored facts, it
 * rebuilds them from scratch.
 */
export const OVERLAP_MS = 10 * 60_000;

/** Orders or incidents folded per transaction. */
const CHUNK = 1000;

export interface FoldResult {
  mode: 'incremental' | 'rebuild';
  /** Orders and incidents looked at again. */
  examined: number;
  /** Those whose facts had changed, and were folded. */
  entities: number;
  /** Days whose aggregates the fold wrote. */
  days: number;
  watermark: string;
}

export async function foldChanges(db: Executor, now: string): Promise<FoldResult> {
  const watermark = await getState(db, 'watermark');
  if (!watermark) return rebuildAggregates(db, now);
  // A clock set back (tests, a corrected server clock) must not skip what it stamps.
  const since = addMs(watermark < now ? watermark : now, -OVERLAP_MS);
  const changed = await changedEntities(db, since);
  const days = new Set<string>();
  let entities = 0;
  try {
    for (const part of chunks([...changed.orders].sort(), CHUNK)) {
      entities += await refoldChunk(db, now, { orders: part, incidents: [] }, days);
    }
    for (const part of chunks([...changed.incidents].sort(), CHUNK)) {
      entities += await refoldChunk(db, now, { orders: [], incidents: part }, days);
    }
  } catch (err) {
    if (err instanceof AggregateDriftError) return rebuildAggregates(db, now);
    throw err;
  }
  await inTransaction(db, async (trx) => {
    await rememberAttributes(trx, changed.memory);
    await setState(trx, 'watermark', now);
  });
  const examined = changed.orders.size + changed.incidents.size;
  return { mode: 'incremental', examined, entities, days: days.size, watermark: now };
}

/** Throws the aggregates away and folds every order and incident again. */
export async function rebuildAggregates(db: Executor, now: string): Promise<FoldResult> {
  await inTransaction(db, async (trx) => {
    await lockFold(trx, now);
    await deleteAllAggregates(trx);
    await resetMemory(trx);
  });
  const days = new Set<string>();
  let examined = 0;
  let entities = 0;
  for (const table of ['orders', 'incidents'] as const) {
    let after = '';
    for (;;) {
      const ids = await idsAfter(db, table, after, CHUNK);
      const last = ids.at(-1);
      if (last === undefined) break;
      const part =
        table === 'orders' ? { orders: ids, incidents: [] } : { orders: [], incidents: ids };
      examined += ids.length;
      entities += await refoldChunk(db, now, part, days);
      after = last;
    }
  }
  await setState(db, 'watermark', now);
  return { mode: 'rebuild', examined, entities, days: days.size, watermark: now };
}

async function idsAfter(
  db: Executor,
  table: 'orders' | 'incidents',
  after: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Folds the facts of some orders and incidents in one transaction: loads them again, and for
 * each whose facts differ from the stored ones, adds the new contribution and subtracts the old.
 * Returns how many entities changed; adds the days written to `days`.
 */
async function refoldChunk(
  db: Executor,
  now: string,
  ids: { orders: string[]; incidents: string[] },
  days: Set<string>,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    await lockFold(trx, now);
    const entities = [
      ...ids.orders.map((id) => `order:${id}`),
      ...ids.incidents.map((id) => `incident:${id}`),
    ];
    const [before, orders, incidents] = await Promise.all([
      // Read even during a rebuild: a fold in another process may have folded some already.
      readStoredFacts(trx, entities),
      orderFactsOf(trx, ids.orders),
      incidentGroupFactsOf(trx, ids.incidents),
    ]);
    const after = new Map<string, string>();
    for (const [id, fact] of orders) after.set(`order:${id}`, encodeFacts({ orders: [fact] }));
    for (const [id, group] of incidents) after.set(`incident:${id}`, encodeFacts(group));
    const changed = entities.filter((e) => before.get(e) !== after.get(e));
    if (changed.length === 0) return 0;

    const parse = (source: Map<string, string>) =>
      mergeFacts(
        changed.flatMap((e) => {
          const json = source.get(e);
          return json === undefined ? [] : [decodeFacts(json)];
        }),
      );
    const plus = aggregateFacts(parse(after), null);
    const minus = aggregateFacts(parse(before), null);
    const triples = new Map<string, { day: string; dim: string; key: string }>();
    for (const r of [...plus.daily, ...minus.daily, ...plus.costs, ...minus.costs]) {
      triples.set(dailyKeyOf(r), { day: r.day, dim: r.dim, key: r.key });
    }
    const current = await readRowsOf(trx, [...triples.values()]);
    const delta = applyContributions(current, plus, minus);
    for (const d of delta.days) days.add(d);
    // Every row of the touched triples is written back: the changed ones and their neighbours.
    const rows = rowsAfter(current, delta);
    await replaceRowsOf(trx, [...triples.values()], rows.daily, rows.costs);
    await writeStoredFacts(trx, changed, after);
    return changed.length;
  });
}

function mergeFacts(list: readonly Partial<Facts>[]): Facts {
  const out: Facts = { orders: [], incidents: [], refunds: [], surveys: [], costs: [] };
  for (const f of list) {
    out.orders.push(...(f.orders ?? []));
    out.incidents.push(...(f.incidents ?? []));
    out.refunds.push(...(f.refunds ?? []));
    out.surveys.push(...(f.surveys ?? []));
    out.costs.push(...(f.costs ?? []));
  }
  return out;
}

/** The aggregate rows `days` should hold, computed from the source tables. */
export async function computeDays(
  db: Executor,
  days: readonly string[],
): Promise<{ daily: DailyRow[]; costs: CostRow[] }> {
  const sorted = [...days].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined) return { daily: [], costs: [] };
  const range = rangeOfDays(first, last);
  const facts: Facts = {
    orders: await loadOrderFacts(db, range),
    incidents: await loadIncidentFacts(db, range),
    refunds: await loadRefundFacts(db, range),
    surveys: await loadSurveyFacts(db, range),
    costs: await loadCostFacts(db, range),
  };
  return aggregateFacts(facts, new Set(days));
}
