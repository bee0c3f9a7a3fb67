import type { Executor } from '../../db/database.js';
import { newId } from '../../shared/ids.js';
import type { Movement, MovementKind, StockLevel, StockRef } from './inventory.js';
import type { InventoryMovementsTable } from './inventory.table.js';
import { runShaped } from './shaped-sql.js';

export function rowToMovement(row: InventoryMovementsTable): Movement {
  return {
    id: row.id,
    productId: row.product_id,
    locationId: row.location_id,
    kind: row.kind as MovementKind,
    onHandDelta: row.on_hand_delta,
    reservedDelta: row.reserved_delta,
    onHandAfter: row.on_hand_after,
    reservedAfter: row.reserved_after,
    reason: row.reason,
    refType: row.ref_type,
    refId: row.ref_id,
    actor: row.actor,
    createdAt: row.created_at,
  };
}

export async function ensureLevelRow(
  db: Executor,
  productId: string,
  locationId: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('inventory_levels')
    .values({
      product_id: productId,
      location_id: locationId,
      on_hand: 0,
      reserved: 0,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['product_id', 'location_id']).doNothing())
    .execute();
}

/** The guard that makes a change safe, evaluated inside the same UPDATE as the change. */
export type StockGuard =
  | { kind: 'none' }
  | { kind: 'available_at_least'; qty: number }
  | { kind: 'reserved_at_least'; qty: number }
  | { kind: 'picked'; qty: number }
  | { kind: 'on_hand_at_least'; qty: number }
  | { kind: 'on_hand_equals'; qty: number };

/**
 * One atomic conditional update of a stock level: `set on_hand = on_hand + Δ … where <guard>`.
 * Returns the level after the change, or undefined when the guard did not hold (nothing changed).
 */
export async function updateLevel(
  db: Executor,
  args: {
    productId: string;
    locationId: string;
    onHandDelta: number;
    reservedDelta: number;
    guard: StockGuard;
    now: string;
  },
): Promise<{ on_hand: number; reserved: number } | undefined> {
  const { productId, locationId, onHandDelta, reservedDelta, guard, now } = args;
  let q = db
    .updateTable('inventory_levels')
    .set((eb) => ({
      on_hand: eb('on_hand', '+', onHandDelta),
      reserved: eb('reserved', '+', reservedDelta),
      updated_at: now,
    }))
    .where('product_id', '=', productId)
    .where('location_id', '=', locationId);
  switch (guard.kind) {
    case 'none':
      break;
    case 'available_at_least':
      q = q.where((eb) => eb(eb('on_hand', '-', eb.ref('reserved')), '>=', guard.qty));
      break;
    case 'reserved_at_least':
      q = q.where('reserved', '>=', guard.qty);
      break;
    case 'picked':
      q = q.where('reserved', '>=', guard.qty).where('on_hand', '>=', guard.qty);
      break;
    case 'on_hand_at_least':
      q = q.where('on_hand', '>=', guard.qty);
      break;
    case 'on_hand_equals':
      q = q.where('on_hand', '=', guard.qty);
      break;
  }
  return q.returning(['on_hand', 'reserved']).executeTakeFirst();
}

export async function insertMovement(
  db: Executor,
  m: {
    productId: string;
    locationId: string;
    kind: MovementKind;
    onHandDelta: number;
    reservedDelta: number;
    onHandAfter: number;
    reservedAfter: number;
  } & StockRef,
): Promise<Movement> {
  const row = movementRow(m);
  await db.insertInto('inventory_movements').values(row).execute();
  return rowToMovement(row);
}

type NewMovement = Omit<Movement, 'id' | 'createdAt' | 'reason' | 'refType' | 'refId'> & StockRef;

function movementRow(m: NewMovement): InventoryMovementsTable {
  return {
    id: newId('mov'),
    product_id: m.productId,
    location_id: m.locationId,
    kind: m.kind,
    on_hand_delta: m.onHandDelta,
    reserved_delta: m.reservedDelta,
    on_hand_after: m.onHandAfter,
    reserved_after: m.reservedAfter,
    reason: m.reason ?? null,
    ref_type: m.refType ?? null,
    ref_id: m.refId ?? null,
    actor: m.actor,
    created_at: m.now,
  };
}

/** Column order of a movement row, as `insertInto(…).values(row)` lists them. */
const movementColumns = [
  'id',
  'product_id',
  'location_id',
  'kind',
  'on_hand_delta',
  'reserved_delta',
  'on_hand_after',
  'reserved_after',
  'reason',
  'ref_type',
  'ref_id',
  'actor',
  'created_at',
] as const satisfies readonly (keyof InventoryMovementsTable)[];

/** Appends many movements with one multi-row insert per chunk (ids made here, in order). */
export async function insertMovements(db: Executor, items: NewMovement[]): Promise<Movement[]> {
  const rows = items.map(movementRow);
  // 13 parameters a row: 1,000 rows stay far below both databases' parameter limits.
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await runShaped(
      db,
      `insertMovements:${part.length}`,
      () => db.insertInto('inventory_movements').values(part).compile(),
      part.flatMap((r) => movementColumns.map((c) => r[c])),
    );
  }
  return rows.map(rowToMovement);
}

export async function findLevel(
  db: Executor,
  productId: string,
  locationId: string,
): Promise<{ on_hand: number; reserved: number } | undefined> {
  return db
    .selectFrom('inventory_levels')
    .select(['on_hand', 'reserved'])
    .where('product_id', '=', productId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
}

type LevelRow = {
  product_id: string;
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  updated_at: string;
};

function rowToStockLevel(r: LevelRow): StockLevel {
  return {
    productId: r.product_id,
    sku: r.sku,
    locationId: r.location_id,
    onHand: r.on_hand,
    reserved: r.reserved,
    available: r.on_hand - r.reserved,
    updatedAt: r.updated_at,
  };
}

function selectLevels(db: Executor) {
  return db
    .selectFrom('inventory_levels as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.product_id', 'p.sku', 'l.location_id', 'l.on_hand', 'l.reserved', 'l.updated_at']);
}

/** Stock levels with their SKU, for any set of products and locations. */
export async function findLevels(
  db: Executor,
  filter: { productIds?: string[]; locationIds?: string[] },
): Promise<StockLevel[]> {
  let q = selectLevels(db);
  if (filter.productIds) {
    if (filter.productIds.length === 0) return [];
    q = q.where('l.product_id', 'in', filter.productIds);
  }
  if (filter.locationIds) {
    if (filter.locationIds.length === 0) return [];
    q = q.where('l.location_id', 'in', filter.locationIds);
  }
  const rows = await q.orderBy('p.sku').orderBy('l.location_id').execute();
  return rows.map(rowToStockLevel);
}

/** One page of levels in (SKU, location) order, starting after `after`; fetches `limit` rows. */
export async function listLevels(
  db: Executor,
  filter: {
    sku?: string;
    productId?: string;
    locationId?: string;
    availablePositive?: boolean;
    after?: { sku: string; locationId: string };
    limit: number;
  },
): Promise<StockLevel[]> {
  let q = selectLevels(db);
  if (filter.sku !== undefined) q = q.where('p.sku', '=', filter.sku);
  if (filter.productId !== undefined) q = q.where('l.product_id', '=', filter.productId);
  if (filter.locationId !== undefined) q = q.where('l.location_id', '=', filter.locationId);
  if (filter.availablePositive) {
    q = q.where((eb) => eb(eb('l.on_hand', '-', eb.ref('l.reserved')), '>', 0));
  }
  const after = filter.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('p.sku', '>', after.sku),
        eb.and([eb('p.sku', '=', after.sku), eb('l.location_id', '>', after.locationId)]),
      ]),
    );
  }
  const rows = await q.orderBy('p.sku').orderBy('l.location_id').limit(filter.limit).execute();
  return rows.map(rowToStockLevel);
}

/** One page of the ledger, newest first (ids are sortable), before the id `before`. */
export async function listMovements(
  db: Executor,
  filter: {
    productIds?: string[];
    locationId?: string;
    kind?: MovementKind;
    refType?: string;
    refId?: string;
    before?: string;
    limit: number;
  },
): Promise<Movement[]> {
  let q = db.selectFrom('inventory_movements').selectAll();
  if (filter.productIds) {
    if (filter.productIds.length === 0) return [];
    q = q.where('product_id', 'in', filter.productIds);
  }
  if (filter.locationId !== undefined) q = q.where('location_id', '=', filter.locationId);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  if (filter.refType !== undefined) q = q.where('ref_type', '=', filter.refType);
  if (filter.refId !== undefined) q = q.where('ref_id', '=', filter.refId);
  if (filter.before !== undefined) q = q.where('id', '<', filter.before);
  const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(rowToMovement);
}
