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

async function apply(
  db: Executor,
  kind: MovementKind,
  change: Change,
  deltas: { onHand: number; reserved: number },
  guard: StockGuard,
  ref: StockRef,
): Promise<Movement> {
  if (!Number.isInteger(change.qty) || change.qty < 0) {
    throw new AppError('validation_error', 'Quantity must be a non-negative integer', {
      fields: [{ path: 'qty', message: 'must be a non-negative integer' }],
    });
  }
  await ensureLevelRow(db, change.productId, change.locationId, ref.now);
  const after = await updateLevel(db, {
    productId: change.productId,
    locationId: change.locationId,
    onHandDelta: deltas.onHand,
    reservedDelta: deltas.reserved,
    guard,
    now: ref.now,
  });
  if (!after) {
    const level = await findLevel(db, change.productId, change.locationId);
    const onHand = level?.on_hand ?? 0;
    const reserved = level?.reserved ?? 0;
    throw new AppError(
      'insufficient_stock',
      `Not enough stock for ${kind} of ${change.qty} at location ${change.locationId}`,
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
export function reserveStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  return apply(
    db,
    'reservation',
    c,
    { onHand: 0, reserved: c.qty },
    { kind: 'available_at_least', qty: c.qty },
    ref,
  );
}

export function releaseStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
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
export function pickStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  return apply(
    db,
    'pick',
    c,
    { onHand: -c.qty, reserved: -c.qty },
    { kind: 'picked', qty: c.qty },
    ref,
  );
}

export function receiveStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  return apply(db, 'receipt', c, { onHand: c.qty, reserved: 0 }, { kind: 'none' }, ref);
}

export function returnStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  return apply(db, 'return', c, { onHand: c.qty, reserved: 0 }, { kind: 'none' }, ref);
}

/** Removes units that can no longer be sold (damaged, lost); reserved units stay promised. */
export function writeOffStock(db: Executor, c: Change, ref: StockRef): Promise<Movement> {
  return apply(
    db,
    'write_off',
    c,
    { onHand: -c.qty, reserved: 0 },
    { kind: 'on_hand_at_least', qty: c.qty },
    ref,
  );
}

/** A signed correction of on hand; never below zero. */
export function adjustStock(
  db: Executor,
  c: { productId: string; locationId: string; delta: number },
  ref: StockRef,
): Promise<Movement> {
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
 * Sets on hand to a counted quantity. Compare-and-set on the value seen, retried if another
 * change slipped in between, so the movement's delta is exact.
 */
export async function countStock(
  db: Executor,
  c: { productId: string; locationId: string; counted: number },
  ref: StockRef,
): Promise<Movement> {
  await ensureLevelRow(db, c.productId, c.locationId, ref.now);
  for (let attempt = 0; attempt < 5; attempt++) {
    const seen = (await findLevel(db, c.productId, c.locationId))?.on_hand ?? 0;
    const after = await updateLevel(db, {
      productId: c.productId,
      locationId: c.locationId,
      onHandDelta: c.counted - seen,
      reservedDelta: 0,
      guard: { kind: 'on_hand_equals', qty: seen },
      now: ref.now,
    });
    if (after) {
      return insertMovement(db, {
        productId: c.productId,
        locationId: c.locationId,
        kind: 'count',
        onHandDelta: c.counted - seen,
        reservedDelta: 0,
        onHandAfter: after.on_hand,
        reservedAfter: after.reserved,
        ...ref,
      });
    }
  }
  throw new AppError('conflict', 'Stock kept changing during the count; try again');
}
