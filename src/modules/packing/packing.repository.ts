import { CompiledQuery, sql, type Compilable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { ScanTotal, SessionResult } from './packing.js';
import type { PackDiscrepanciesTable, PackScansTable, PackSessionsTable } from './packing.table.js';

/** Where a value goes in a shaped statement, by name. */
class Param {
  constructor(readonly name: string) {}
}

const shapes = new Map<string, CompiledQuery>();

/**
 * Runs one of the scan path's statements: Kysely builds it once per dialect, with `p(name)`
 * where a value goes, and it then runs with new values. Building a small statement costs about
 * as much time and garbage as running it, and a scan runs several; the SQL still comes from the
 * query builder, so no dialect's text is written by hand.
 */
async function runShaped<R>(
  db: Executor,
  name: string,
  build: (p: <T>(param: string) => T) => Compilable,
  values: object,
): Promise<R[]> {
  const key = `${db.getExecutor().adapter.constructor.name}|${name}`;
  let shape = shapes.get(key);
  if (!shape) {
    shape = build(<T>(param: string) => new Param(param) as T).compile();
    shapes.set(key, shape);
  }
  const byName = values as Record<string, unknown>;
  const parameters = shape.parameters.map((v) => (v instanceof Param ? byName[v.name] : v));
  const result = await db.executeQuery<R>(CompiledQuery.raw(shape.sql, parameters));
  return result.rows;
}

/** Inserts an open session; undefined when the shipment already has one (unique index). */
export async function insertSessionIfNoneOpen(
  db: Executor,
  row: PackSessionsTable,
): Promise<PackSessionsTable | undefined> {
  // `on conflict do nothing`, not a caught violation: a failed statement would abort the whole
  // PostgreSQL transaction, and the caller still needs to read the open session.
  return db
    .insertInto('pack_sessions')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findSession(
  db: Executor,
  id: string,
): Promise<PackSessionsTable | undefined> {
  return db.selectFrom('pack_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOpenSessionOf(
  db: Executor,
  shipmentId: string,
): Promise<PackSessionsTable | undefined> {
  return db
    .selectFrom('pack_sessions')
    .selectAll()
    .where('shipment_id', '=', shipmentId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

/** Every session of a shipment, oldest first. */
export async function findSessionsOf(
  db: Executor,
  shipmentId: string,
): Promise<PackSessionsTable[]> {
  return db
    .selectFrom('pack_sessions')
    .selectAll()
    .where('shipment_id', '=', shipmentId)
    .orderBy('id')
    .execute();
}

/**
 * Returns the session if it is open, holding its row until commit: a no-op update takes the
 * PostgreSQL row lock (SQLite holds the write lock already), so a scan and a close of the same
 * session run one after the other and no scan slips in after the verdict.
 */
export async function lockOpenSession(
  db: Executor,
  id: string,
): Promise<PackSessionsTable | undefined> {
  const [row] = await runShaped<PackSessionsTable>(
    db,
    'lockOpenSession',
    (p) =>
      db
        .updateTable('pack_sessions')
        .set({ status: 'open' })
        .where('id', '=', p<string>('id'))
        .where('status', '=', 'open')
        .returningAll(),
    { id },
  );
  return row;
}

/** Closes (or re-closes, from `mismatch` to `short_accepted`) a session; false if it moved. */
export async function setSessionResult(
  db: Executor,
  id: string,
  from: { status: 'open' } | { status: 'closed'; result: SessionResult },
  change: { result: SessionResult; incident_id: string | null; closed_at: string },
): Promise<boolean> {
  let q = db
    .updateTable('pack_sessions')
    .set({ status: 'closed', ...change })
    .where('id', '=', id)
    .where('status', '=', from.status);
  if (from.status === 'closed') q = q.where('result', '=', from.result);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertScan(db: Executor, row: PackScansTable): Promise<void> {
  const columns = Object.keys(row) as (keyof PackScansTable)[];
  await runShaped(
    db,
    'insertScan',
    (p) =>
      db
        .insertInto('pack_scans')
        .values(Object.fromEntries(columns.map((c) => [c, p(c)])) as PackScansTable),
    row,
  );
}

export async function findScans(db: Executor, sessionId: string): Promise<PackScansTable[]> {
  return db
    .selectFrom('pack_scans')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('id')
    .execute();
}

/** Units per code and product of a session, in the order first scanned. */
export async function scanTotals(db: Executor, sessionId: string): Promise<ScanTotal[]> {
  const rows = await runShaped<{
    code: string;
    product_id: string | null;
    sku: string | null;
    qty: number;
  }>(
    db,
    'scanTotals',
    (p) =>
      db
        .selectFrom('pack_scans')
        .select((eb) => [
          'code',
          'product_id',
          'sku',
          eb.fn.sum<number>('qty').as('qty'),
          eb.fn.min<string>('id').as('first_id'),
        ])
        .where('session_id', '=', p<string>('sessionId'))
        .groupBy(['code', 'product_id', 'sku'])
        .orderBy('first_id'),
    { sessionId },
  );
  return rows.map((r) => ({
    code: r.code,
    productId: r.product_id,
    sku: r.sku,
    qty: Number(r.qty),
  }));
}

export async function insertDiscrepancies(
  db: Executor,
  rows: PackDiscrepanciesTable[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('pack_discrepancies').values(rows).execute();
}

/** Units of each SKU this shipment's earlier sessions already took off the location's stock. */
export async function correctedBefore(
  db: Executor,
  shipmentId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('pack_discrepancies as d')
    .innerJoin('pack_sessions as s', 's.id', 'd.session_id')
    .select((eb) => ['d.expected_sku', eb.fn.sum<number>('d.corrected').as('corrected')])
    .where('s.shipment_id', '=', shipmentId)
    .where('d.corrected', '>', 0)
    .groupBy('d.expected_sku')
    .execute();
  return new Map(rows.map((r) => [r.expected_sku ?? '', Number(r.corrected)]));
}

/**
 * A discrepancy the packer made, as opposed to a shelf that did not have the units: anything in
 * the box that is not on the shipment, too many units, or fewer than the shelf had.
 */
const packingError = sql<boolean>`(d.kind not in ('missing_item', 'wrong_quantity')
  or d.scanned_qty > d.expected_qty
  or d.shelf_short < d.expected_qty - d.scanned_qty)`;

export interface GroupCounts {
  key: string;
  sessions: number;
  mismatched: number;
  packingErrors: number;
}

/** Sessions closed in [from, to) per packer or per station. */
export async function countSessionsBy(
  db: Executor,
  column: 'packer' | 'station',
  range: { from: string; to: string },
): Promise<GroupCounts[]> {
  const erred = sql<number>`case when exists (
      select 1 from pack_discrepancies d where d.session_id = s.id and ${packingError}
    ) then 1 else 0 end`;
  const rows = await db
    .selectFrom('pack_sessions as s')
    .select((eb) => [
      sql.ref<string>(`s.${column}`).as('key'),
      eb.fn.countAll<number>().as('sessions'),
      eb.fn.sum<number>(sql`case when s.result <> 'match' then 1 else 0 end`).as('mismatched'),
      eb.fn.sum<number>(erred).as('packing_errors'),
    ])
    .where('s.status', '=', 'closed')
    .where('s.closed_at', '>=', range.from)
    .where('s.closed_at', '<', range.to)
    .groupBy(`s.${column}`)
    .orderBy(`s.${column}`)
    .execute();
  return rows.map((r) => ({
    key: r.key,
    sessions: Number(r.sessions),
    mismatched: Number(r.mismatched),
    packingErrors: Number(r.packing_errors),
  }));
}

export interface SkuCounts {
  sku: string;
  asExpected: number;
  asScanned: number;
  shelfShort: number;
}

/**
 * Per SKU, over sessions closed in [from, to): how often it was mis-picked as the expected SKU
 * (a wrong item instead of it, too few or too many of it) and as the scanned one (in the box
 * though not on the shipment), and how often a shelf lacked it.
 */
export async function countDiscrepanciesBySku(
  db: Executor,
  range: { from: string; to: string },
): Promise<SkuCounts[]> {
  const inRange = db
    .selectFrom('pack_discrepancies as d')
    .innerJoin('pack_sessions as s', 's.id', 'd.session_id')
    .where('s.closed_at', '>=', range.from)
    .where('s.closed_at', '<', range.to);
  const [expected, scanned] = await Promise.all([
    inRange
      .select((eb) => [
        'd.expected_sku as sku',
        eb.fn.sum<number>(sql`case when ${packingError} then 1 else 0 end`).as('picks'),
        eb.fn.sum<number>(sql`case when d.shelf_short > 0 then 1 else 0 end`).as('shelf'),
      ])
      .where('d.expected_sku', 'is not', null)
      .groupBy('d.expected_sku')
      .execute(),
    inRange
      .select((eb) => ['d.scanned_sku as sku', eb.fn.countAll<number>().as('picks')])
      .where('d.scanned_sku', 'is not', null)
      .where('d.kind', 'in', ['wrong_item', 'extra_item'])
      .groupBy('d.scanned_sku')
      .execute(),
  ]);
  const bySku = new Map<string, SkuCounts>();
  const entry = (sku: string) => {
    let e = bySku.get(sku);
    if (!e) bySku.set(sku, (e = { sku, asExpected: 0, asScanned: 0, shelfShort: 0 }));
    return e;
  };
  for (const r of expected) {
    const e = entry(r.sku ?? '');
    e.asExpected += Number(r.picks);
    e.shelfShort += Number(r.shelf);
  }
  for (const r of scanned) entry(r.sku ?? '').asScanned += Number(r.picks);
  return [...bySku.values()].sort((a, b) => a.sku.localeCompare(b.sku));
}
