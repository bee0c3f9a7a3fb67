import { sql, type CompiledQuery } from 'kysely';
import type { Executor } from '../../db/database.js';
import { locksRows } from '../../db/dialect.js';
import type { FeedBatchesTable } from './inventory.table.js';
import { runShaped } from './shaped-sql.js';

/** A level as a feed sees it: what the next conditional update compares against. */
export interface SourceLevelRow {
  product_id: string;
  on_hand: number;
  reserved: number;
  feed_version: number | null;
}

const chunk = 500;

/**
 * The products of SKUs with their level at one location (null when it has none yet): what a
 * feed batch needs to know before it changes anything, in one query per 500 SKUs.
 */
export async function findFeedTargets(
  db: Executor,
  locationId: string,
  skus: string[],
): Promise<Map<string, { productId: string; level: SourceLevelRow | null }>> {
  const out = new Map<string, { productId: string; level: SourceLevelRow | null }>();
  for (let i = 0; i < skus.length; i += chunk) {
    const part = skus.slice(i, i + chunk);
    const query = () =>
      db
        .selectFrom('products as p')
        .leftJoin('inventory_levels as l', (j) =>
          j.onRef('l.product_id', '=', 'p.id').on('l.location_id', '=', locationId),
        )
        .select(['p.id', 'p.sku', 'l.on_hand', 'l.reserved', 'l.feed_version'])
        .where('p.sku', 'in', part);
    type Row = Awaited<ReturnType<ReturnType<typeof query>['execute']>>[number];
    const rows = await runShaped<Row>(
      db,
      `findFeedTargets:${part.length}`,
      () => query().compile(),
      [locationId, ...part],
    );
    for (const r of rows) {
      const level =
        r.on_hand === null || r.reserved === null
          ? null
          : {
              product_id: r.id,
              on_hand: r.on_hand,
              reserved: r.reserved,
              feed_version: r.feed_version,
            };
      out.set(r.sku, { productId: r.id, level });
    }
  }
  return out;
}

/** A level as the one-statement feed update leaves it, with how much on hand changed. */
export interface FedLevelRow {
  product_id: string;
  on_hand: number;
  reserved: number;
  feed_version: number;
  feed_delta: number;
}

/**
 * Sets the levels of SKUs at one location from a source, in one statement per 1,000 rows, each
 * only if the row's version is newer than the level's last one; each SKU at most once per call.
 * SET expressions read the row as it was, so `feed_delta` carries the exact change back through
 * RETURNING without a prior read. A row missing from the result changed nothing: unknown SKU,
 * no level at the location yet, or a version not newer.
 *
 * Query plan (SQLite, checked by feeds.plan.test.ts): the location is a VALUES column, not a
 * constant, so SQLite walks the VALUES and looks each level up by its key (products by SKU, then
 * the level by product and location); with a constant location it walked the location's index
 * and scanned the VALUES for each level instead (measured: ≈140 ms a batch instead of ≈2.5).
 */
export async function setLevelsBySku(
  db: Executor,
  locationId: string,
  rows: readonly { sku: string; onHand: number; version: number }[],
  now: string,
): Promise<FedLevelRow[]> {
  const out: FedLevelRow[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const parameters: unknown[] = [now, now];
    for (const r of part) parameters.push(r.sku, r.onHand, r.version, locationId);
    const result = await runShaped<FedLevelRow>(
      db,
      `setLevelsBySku:${part.length}`,
      () => setLevelsBySkuQuery(db, part.length),
      parameters,
    );
    for (const r of result) out.push(r);
  }
  return out;
}

/** The statement of `setLevelsBySku` for `count` rows, with placeholder values. */
export function setLevelsBySkuQuery(db: Executor, count: number): CompiledQuery {
  const values = Array.from(
    { length: count },
    () => sql`(${''}, cast(${0} as integer), cast(${0} as bigint), ${''})`,
  );
  return sql`
    update inventory_levels
    set on_hand = v.column2, feed_version = v.column3, feed_at = ${''}, updated_at = ${''},
      feed_delta = v.column2 - inventory_levels.on_hand
    from (values ${sql.join(values)}) as v
      join products as p on p.sku = v.column1
    where inventory_levels.location_id = v.column4
      and inventory_levels.product_id = p.id
      and coalesce(inventory_levels.feed_version, -1) < v.column3
    returning product_id, on_hand, reserved, feed_version, feed_delta`.compile(db);
}

/**
 * PostgreSQL: locks the existing levels of SKUs at one location in product order — the order
 * every transaction locks one location's levels in — before a statement that updates them in
 * whatever order its plan visits them. One statement, so the order holds across the whole list
 * (one parameter per SKU: far below PostgreSQL's 65,535 for a feed batch).
 */
export async function lockLevelsBySku(
  db: Executor,
  locationId: string,
  skus: readonly string[],
): Promise<void> {
  if (skus.length === 0) return;
  await db
    .selectFrom('inventory_levels as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select('l.product_id')
    .where('l.location_id', '=', locationId)
    .where('p.sku', 'in', skus)
    .orderBy('l.product_id')
    .forUpdate('l')
    .execute();
}

export async function locationExists(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('locations').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** Creates the missing levels of products at a location, at 0, with one insert per chunk. */
export async function ensureLevelRows(
  db: Executor,
  locationId: string,
  productIds: string[],
  now: string,
): Promise<void> {
  for (let i = 0; i < productIds.length; i += chunk) {
    const values = productIds.slice(i, i + chunk).map((productId) => ({
      product_id: productId,
      location_id: locationId,
      on_hand: 0,
      reserved: 0,
      updated_at: now,
    }));
    if (values.length === 0) continue;
    await db
      .insertInto('inventory_levels')
      .values(values)
      .onConflict((oc) => oc.columns(['product_id', 'location_id']).doNothing())
      .execute();
  }
}

/**
 * The levels of products at one location, read once for a whole batch. On PostgreSQL the rows
 * are locked, in product order (the order every transaction locks one location's levels in).
 */
export async function findSourceLevels(
  db: Executor,
  locationId: string,
  productIds: string[],
): Promise<Map<string, SourceLevelRow>> {
  const out = new Map<string, SourceLevelRow>();
  const lock = locksRows(db);
  for (let i = 0; i < productIds.length; i += chunk) {
    const rows = await db
      .selectFrom('inventory_levels')
      .select(['product_id', 'on_hand', 'reserved', 'feed_version'])
      .where('location_id', '=', locationId)
      .where('product_id', 'in', productIds.slice(i, i + chunk))
      .orderBy('product_id')
      .$if(lock, (q) => q.forUpdate())
      .execute();
    for (const r of rows) out.set(r.product_id, r);
  }
  return out;
}

/**
 * Sets a level from a source, if and only if it is still what the batch read: on hand and the
 * last applied version unchanged (compare-and-set). Returns the level after, or undefined when
 * something changed it meanwhile (nothing is written then).
 */
export async function setLevelFromSource(
  db: Executor,
  args: {
    productId: string;
    locationId: string;
    seenOnHand: number;
    seenVersion: number | null;
    onHand: number;
    version: number;
    now: string;
  },
): Promise<{ on_hand: number; reserved: number } | undefined> {
  return db
    .updateTable('inventory_levels')
    .set({
      on_hand: args.onHand,
      feed_version: args.version,
      feed_at: args.now,
      updated_at: args.now,
      feed_delta: args.onHand - args.seenOnHand,
    })
    .where('product_id', '=', args.productId)
    .where('location_id', '=', args.locationId)
    .where('on_hand', '=', args.seenOnHand)
    .where(sql<boolean>`coalesce(feed_version, -1) = ${args.seenVersion ?? -1}`)
    .returning(['on_hand', 'reserved'])
    .executeTakeFirst();
}

/**
 * The batch form of `setLevelFromSource`: one statement sets many levels of one location, each
 * only if it still holds what the batch read (portable SQL: UPDATE … FROM VALUES, SQLite ≥ 3.33
 * and PostgreSQL; values cast so PostgreSQL types the VALUES columns). The unary `+` keeps
 * SQLite from indexing the VALUES on the compared columns and scanning every level instead of
 * looking each one up by key (measured: 10× slower). Returns the levels it changed; a level
 * missing from the result changed meanwhile and was left alone.
 */
export async function setLevelsFromSource(
  db: Executor,
  locationId: string,
  rows: {
    productId: string;
    seenOnHand: number;
    seenVersion: number | null;
    onHand: number;
    version: number;
  }[],
  now: string,
): Promise<Map<string, { on_hand: number; reserved: number }>> {
  const out = new Map<string, { on_hand: number; reserved: number }>();
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const parameters: unknown[] = [now, now];
    for (const r of part) {
      parameters.push(r.productId, r.seenOnHand, r.seenVersion ?? -1, r.onHand, r.version);
    }
    parameters.push(locationId);
    const result = await runShaped<{ product_id: string; on_hand: number; reserved: number }>(
      db,
      `setLevelsFromSource:${part.length}`,
      () => {
        const values = part.map(
          () =>
            sql`(${''}, cast(${0} as integer), cast(${0} as bigint), cast(${0} as integer), cast(${0} as bigint))`,
        );
        return sql`
          update inventory_levels
          set on_hand = v.column4, feed_version = v.column5, feed_at = ${''}, updated_at = ${''},
            feed_delta = v.column4 - inventory_levels.on_hand
          from (values ${sql.join(values)}) as v
          where inventory_levels.location_id = ${''}
            and inventory_levels.product_id = v.column1
            and inventory_levels.on_hand = +v.column2
            and coalesce(inventory_levels.feed_version, -1) = +v.column3
          returning product_id, on_hand, reserved`.compile(db);
      },
      parameters,
    );
    for (const r of result) out.set(r.product_id, { on_hand: r.on_hand, reserved: r.reserved });
  }
  return out;
}

/**
 * Takes the level's row lock (a no-op update: PostgreSQL holds it to commit, SQLite already has
 * the write lock) and returns it, for a batch whose compare-and-set lost a race.
 */
export async function lockSourceLevel(
  db: Executor,
  productId: string,
  locationId: string,
): Promise<SourceLevelRow | undefined> {
  return db
    .updateTable('inventory_levels')
    .set((eb) => ({ on_hand: eb.ref('on_hand') }))
    .where('product_id', '=', productId)
    .where('location_id', '=', locationId)
    .returning(['product_id', 'on_hand', 'reserved', 'feed_version'])
    .executeTakeFirst();
}

export async function insertFeedBatch(db: Executor, row: FeedBatchesTable): Promise<void> {
  await db.insertInto('feed_batches').values(row).execute();
}

/** The last batch that applied something, per location (all locations when none are given). */
export async function findLastFeeds(
  db: Executor,
  locationIds?: string[],
): Promise<Map<string, { receivedAt: string; source: string }>> {
  if (locationIds && locationIds.length === 0) return new Map();
  let latest = db
    .selectFrom('feed_batches')
    .select(['location_id'])
    .select((eb) => eb.fn.max('received_at').as('received_at'))
    .where('applied', '>', 0)
    .groupBy('location_id');
  if (locationIds) latest = latest.where('location_id', 'in', locationIds);
  const rows = await db
    .selectFrom('feed_batches as b')
    .innerJoin(latest.as('m'), (j) =>
      j.onRef('m.location_id', '=', 'b.location_id').onRef('m.received_at', '=', 'b.received_at'),
    )
    .select(['b.location_id', 'b.received_at', 'b.source'])
    .where('b.applied', '>', 0)
    .orderBy('b.id')
    .execute();
  const out = new Map<string, { receivedAt: string; source: string }>();
  for (const r of rows) out.set(r.location_id, { receivedAt: r.received_at, source: r.source });
  return out;
}
