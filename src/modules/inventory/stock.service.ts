import type { Executor } from '../../db/database.js';
import { AppError } from '../../shared/app-error.js';
import type { Movement, MovementKind, StockRef } from './inventory.js';
import {
  ensureLevelRow,
  findLevel,
  insertMovement,
  updateLevel,
  type StockGuard,
} from './inventory.repository.js';

/**
 * Every stock change in Redress goes through here: one conditional UPDATE (never read, add and
 * write back) and one movement in the ledger, in the caller's transaction.
 */
interface Change {
  productId: string;
  locationId: string;
  qty: number;
}

function invalidQuantity(field: string, rule: string): AppError {
  return new AppError('validation_error', `${field} must be ${rule}`, {
    fields: [{ path: field, message: `must be ${rule}` }],
  });
}

function assertPositive(field: string, qty: number): void {
  if (!Number.isSafeInteger(qty) || qty <= 0) throw invalidQuantity(field, 'a positive integer');
}

async function insufficient(db: Executor, kind: MovementKind, change: Change): Promise<AppError> {
  const level = await findLevel(db, change.productId, change.locationId);
  const onHand = level?.on_hand ?? 0;
  const reserved = level?.reserved ?? 0;
  return new AppError(
    'insufficient_stock',
    `Not enough stock for ${kind} of ${change.qty} of product ${change.productId} at location ${change.locationId}`,
    {
      productId: change.productId,
      locationId: change.locationId,
      requested: change.qty,
      onHand,
      reserved,
      available: onHand - reserved,
    },
  );
}

async function apply(
  db: Executor,
  kind: MovementKind,
  change: Change,
  deltas: { onHand: number; reserved: number },
  guard: StockGuard,
  ref: StockRef,
): Promise<Movement> {
  // Only a change without a guard can start from nothing; a guarded one on a missing row fails.
  if (guard.kind === 'none') await ensureLevelRow(db, change.productId, change.locationId, ref.now);
  const after = await updateLevel(db, {
    productId: change.productId,
    locationId: change.locationId,
    onHandDelta: deltas.onHand,
    reservedDelta: deltas.reserved,
    guard,
    now: ref.now,
  });
  if (!after) throw await insufficient(db, kind, change);
  return insertMovement(db, {
    productId: change.productId,
    locationId: change.locationId,
    kind,
    onHandDelta: deltas.onHand,
    reservedDelta: deltas.reserved,
    onHandAfter: after.on_hand,
    reservedAfter: after.reserved,
    ...ref,
  });
}

/** Holds units for an order; fails with `insufficient_stock` unless that many are available. */
export async function reserveStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  assertPositive('qty', c.qty);
  return apply(
    db,
    'reservation',
    c,
    { onHand: 0, reserved: c.qty },
    { kind: 'available_at_least', qty: c.qty },
    ref,
  );
}

export async function releaseStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  assertPositive('qty', c.qty);
  return apply(
    db,
    'release',
    c,
    { onHand: 0, reserved: -c.qty },
    { kind: 'reserved_at_least', qty: c.qty },
    ref,
  );
}

/** Reserved units leave the shelf (shipped or handed over). */
export async function pickStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  assertPositive('qty', c.qty);
  return apply(
    db,
    'pick',
    c,
    { onHand: -c.qty, reserved: -c.qty },
    { kind: 'picked', qty: c.qty },
    ref,
  );
}

export async function receiveStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  assertPositive('qty', c.qty);
  return apply(db, 'receipt', c, { onHand: c.qty, reserved: 0 }, { kind: 'none' }, ref);
}

export async function returnStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  assertPositive('qty', c.qty);
  return apply(db, 'return', c, { onHand: c.qty, reserved: 0 }, { kind: 'none' }, ref);
}

/** Removes units that can no longer be sold (damaged, lost); reserved units stay promised. */
export async function writeOffStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  assertPositive('qty', c.qty);
  return apply(
    db,
    'write_off',
    c,
    { onHand: -c.qty, reserved: 0 },
    { kind: 'on_hand_at_least', qty: c.qty },
    ref,
  );
}

/** A signed, non-zero correction of on hand; never below zero. */
export async function adjustStock(
  db: Executor,
  c: { productId: string; locationId: string; delta: number },
  ref: StockRef,
): Promise<Movement> {
  if (!Number.isSafeInteger(c.delta) || c.delta === 0) {
    throw invalidQuantity('delta', 'a non-zero integer');
  }
  const guard: StockGuard =
    c.delta < 0 ? { kind: 'on_hand_at_least', qty: -c.delta } : { kind: 'none' };
  return apply(
    db,
    'adjustment',
    { productId: c.productId, locationId: c.locationId, qty: Math.abs(c.delta) },
    { onHand: c.delta, reserved: 0 },
    guard,
    ref,
  );
}

/**
 * Sets on hand to a counted quantity. A no-op update first locks the row (PostgreSQL row lock;
 * SQLite already holds the write lock) and returns the value the count replaces, so the
 * movement's delta is exact. The compare-and-set guard and the retry only matter when the
 * caller runs outside a transaction and the lock ends with the statement.
 */
export async function countStock(
  db: Executor,
  c: { productId: string; locationId: string; counted: number },
  ref: StockRef,
): Promise<Movement> {
  if (!Number.isSafeInteger(c.counted) || c.counted < 0) {
    throw invalidQuantity('counted', 'an integer of at least 0');
  }
  await ensureLevelRow(db, c.productId, c.locationId, ref.now);
  const movement = await setOnHand(db, c, () => c.counted, ref);
  if (!movement) throw new AppError('conflict', 'Stock kept changing during the count; try again');
  return movement;
}

/**
 * A location cannot find units it holds: on hand drops to what is reserved, so nothing more is
 * promised from there (a count movement with the exact delta). Null when nothing was available.
 */
export async function clearAvailable(
  db: Executor,
  c: { productId: string; locationId: string },
  ref: StockRef,
): Promise<Movement | null> {
  const movement = await setOnHand(
    db,
    c,
    (seen) => (seen.on_hand > seen.reserved ? seen.reserved : null),
    ref,
  );
  if (movement === undefined) throw new AppError('conflict', 'Stock kept changing; try again');
  return movement;
}

/**
 * Locks the level, then sets on hand to `target(level)` by compare-and-set, with a count
 * movement. `target` returning null leaves the level alone (result null); undefined when the
 * level does not exist or kept changing.
 */
async function setOnHand(
  db: Executor,
  c: { productId: string; locationId: string },
  target: (seen: { on_hand: number; reserved: number }) => number | null,
  ref: StockRef,
): Promise<Movement | null | undefined> {
  const key = { productId: c.productId, locationId: c.locationId, now: ref.now };
  for (let attempt = 0; attempt < 5; attempt++) {
    const seen = await updateLevel(db, {
      ...key,
      onHandDelta: 0,
      reservedDelta: 0,
      guard: { kind: 'none' },
    });
    if (!seen) return undefined;
    const to = target(seen);
    if (to === null) return null;
    const delta = to - seen.on_hand;
    const after = await updateLevel(db, {
      ...key,
      onHandDelta: delta,
      reservedDelta: 0,
      guard: { kind: 'on_hand_equals', qty: seen.on_hand },
    });
    if (after) {
      return insertMovement(db, {
        productId: c.productId,
        locationId: c.locationId,
        kind: 'count',
        onHandDelta: delta,
        reservedDelta: 0,
        onHandAfter: after.on_hand,
        reservedAfter: after.reserved,
        ...ref,
      });
    }
  }
  return undefined;
}
