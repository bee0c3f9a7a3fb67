import type { Executor } from '../../db/database.js';
import { locksRows } from '../../db/dialect.js';
import { AppError } from '../../shared/app-error.js';
import {
  ensureLevelRows,
  findSourceLevels,
  lockSourceLevel,
  setLevelFromSource,
  setLevelsBySku,
  setLevelsFromSource,
  type SourceLevelRow,
} from './feeds.repository.js';
import type { Movement } from './inventory.js';
import { insertMovements } from './inventory.repository.js';

/**
 * Changes from a stock source (a POS, a WMS, a channel) applied to many levels of one location
 * at once, for the feed path's speed. The rules of stock.service.ts hold: each level changes by
 * one conditional update (nothing read and written back, so nothing is lost to a concurrent
 * change) and every change is a movement in the ledger with its exact delta.
 *
 * A change carries the source's version; one not newer than the level's last applied version
 * is stale and ignored. Two ways through:
 * - `setSourceLevels`, absolute levels with each SKU once: one UPDATE sets every level whose
 *   version is newer and returns the delta it made (nothing is read first), then one insert of
 *   movements. What it leaves (unknown SKU, no level yet, stale) goes the other way.
 * - `applySourceChanges`, any changes: one read of the levels (and one insert of missing ones),
 *   a plan per level, one compare-and-set update of all of them, one insert of movements; a
 *   level that lost a race is locked and redone on its own.
 */
export type SourceOp = { kind: 'set'; onHand: number } | { kind: 'add'; delta: number };

export interface SourceChange {
  /** The caller's row number, echoed in the outcome. */
  index: number;
  productId: string;
  version: number;
  op: SourceOp;
  movementKind: 'count' | 'adjustment';
  reason: string;
  /** Write a movement even when the level does not change (a cycle count that matched). */
  recordUnchanged: boolean;
}

export type SourceOutcome = 'applied' | 'stale' | 'would_go_negative';

interface LevelState {
  onHand: number;
  version: number | null;
}

interface Step {
  change: SourceChange;
  delta: number;
  onHandAfter: number;
}

export interface LevelPlan {
  outcomes: { index: number; outcome: SourceOutcome }[];
  steps: Step[];
  /** The level after the batch, or null when no change applied. */
  final: { onHand: number; version: number } | null;
}

/** What a product's changes do to its level, in their order; pure. */
export function planLevel(state: LevelState, changes: readonly SourceChange[]): LevelPlan {
  let onHand = state.onHand;
  let version = state.version;
  let changed = false;
  const outcomes: LevelPlan['outcomes'] = [];
  const steps: Step[] = [];
  for (const change of changes) {
    if (version !== null && change.version <= version) {
      outcomes.push({ index: change.index, outcome: 'stale' });
      continue;
    }
    const target = change.op.kind === 'set' ? change.op.onHand : onHand + change.op.delta;
    if (target < 0) {
      outcomes.push({ index: change.index, outcome: 'would_go_negative' });
      continue;
    }
    const delta = target - onHand;
    onHand = target;
    version = change.version;
    changed = true;
    outcomes.push({ index: change.index, outcome: 'applied' });
    if (delta !== 0 || change.recordUnchanged) steps.push({ change, delta, onHandAfter: onHand });
  }
  return { outcomes, steps, final: changed && version !== null ? { onHand, version } : null };
}

export interface SourceBatchResult {
  outcomes: Map<number, SourceOutcome>;
  movements: Movement[];
}

/** An absolute level from a source, for a SKU that appears once in its batch. */
export interface SourceLevel {
  sku: string;
  onHand: number;
  version: number;
}

/** How `setSourceLevels` records what it changes in the ledger. */
export interface LevelRecording {
  movementKind: SourceChange['movementKind'];
  reasonOf: (version: number) => string;
  /** A movement for every level set, unchanged ones too (cycle counts). */
  recordUnchanged: boolean;
}

/** What the movements of a batch point at. */
export interface SourceRef {
  refType: string;
  refId: string;
  actor: string;
  now: string;
}

/**
 * Sets absolute levels of one location in one statement, each only if its version is newer, and
 * writes a movement for each level it changed (each it set, with `recordUnchanged`), with the
 * exact delta the statement returns. Returns the products it set: a level not among them was left
 * alone. Call inside a transaction; on PostgreSQL, with the levels already locked in product order.
 */
export async function setSourceLevels(
  db: Executor,
  locationId: string,
  levels: readonly SourceLevel[],
  record: LevelRecording,
  ref: SourceRef,
): Promise<{ applied: Set<string>; movements: Movement[] }> {
  // Two rows of one level in one UPDATE … FROM: which one wins is undefined on both databases.
  if (new Set(levels.map((l) => l.sku)).size !== levels.length) {
    throw new Error('setSourceLevels takes each SKU once');
  }
  const fed = await setLevelsBySku(db, locationId, levels, ref.now);
  const pending: Parameters<typeof insertMovements>[1] = [];
  for (const r of fed) {
    if (r.feed_delta === 0 && !record.recordUnchanged) continue;
    pending.push({
      productId: r.product_id,
      locationId,
      kind: record.movementKind,
      onHandDelta: r.feed_delta,
      reservedDelta: 0,
      onHandAfter: r.on_hand,
      reservedAfter: r.reserved,
      reason: record.reasonOf(r.feed_version),
      refType: ref.refType,
      refId: ref.refId,
      actor: ref.actor,
      now: ref.now,
    });
  }
  const movements = await insertMovements(db, pending);
  return { applied: new Set(fed.map((r) => r.product_id)), movements };
}

/** Applies the changes of one location in one go; call inside a transaction. */
export async function applySourceChanges(
  db: Executor,
  locationId: string,
  changes: readonly SourceChange[],
  ref: SourceRef,
  /**
   * Levels the caller has already read in this transaction, used instead of a second read on
   * SQLite; on PostgreSQL the levels are always read again, locked.
   */
  known?: ReadonlyMap<string, SourceLevelRow>,
): Promise<SourceBatchResult> {
  const byProduct = new Map<string, SourceChange[]>();
  for (const c of changes) {
    const own = byProduct.get(c.productId);
    if (own) own.push(c);
    else byProduct.set(c.productId, [c]);
  }
  const productIds = [...byProduct.keys()].sort();
  const seen = await readLevels(db, locationId, productIds, ref.now, known);

  // Plan every level from what was read, then set them all with one compare-and-set statement.
  const planned = productIds.map((productId) => {
    const row = seen.get(productId);
    const state = { onHand: row?.on_hand ?? 0, version: row?.feed_version ?? null };
    return { productId, state, plan: planLevel(state, byProduct.get(productId) ?? []) };
  });
  const writes = planned.flatMap(({ productId, state, plan }) =>
    plan.final
      ? [
          {
            productId,
            seenOnHand: state.onHand,
            seenVersion: state.version,
            onHand: plan.final.onHand,
            version: plan.final.version,
          },
        ]
      : [],
  );
  const written = await setLevelsFromSource(db, locationId, writes, ref.now);

  const outcomes = new Map<number, SourceOutcome>();
  const pending: Parameters<typeof insertMovements>[1] = [];
  for (const { productId, plan } of planned) {
    let done: { plan: LevelPlan; reserved: number };
    const after = written.get(productId);
    if (!plan.final) done = { plan, reserved: seen.get(productId)?.reserved ?? 0 };
    else if (after) done = { plan, reserved: after.reserved };
    else
      done = await retryLevel(db, locationId, productId, byProduct.get(productId) ?? [], ref.now);
    for (const o of done.plan.outcomes) outcomes.set(o.index, o.outcome);
    for (const step of done.plan.steps) {
      pending.push({
        productId,
        locationId,
        kind: step.change.movementKind,
        onHandDelta: step.delta,
        reservedDelta: 0,
        onHandAfter: step.onHandAfter,
        reservedAfter: done.reserved,
        reason: step.change.reason,
        refType: ref.refType,
        refId: ref.refId,
        actor: ref.actor,
        now: ref.now,
      });
    }
  }
  const movements = await insertMovements(db, pending);
  return { outcomes, movements };
}

/** The levels of the batch, creating (at 0) those that do not exist yet. */
async function readLevels(
  db: Executor,
  locationId: string,
  productIds: string[],
  now: string,
  known: ReadonlyMap<string, SourceLevelRow> | undefined,
): Promise<Map<string, SourceLevelRow>> {
  // Levels read without a lock are only trusted where the writer holds the database (SQLite).
  const seen =
    known && !locksRows(db)
      ? new Map(
          productIds.flatMap((id) => {
            const l = known.get(id);
            return l ? [[id, l] as const] : [];
          }),
        )
      : await findSourceLevels(db, locationId, productIds);
  const missing = productIds.filter((id) => !seen.has(id));
  if (missing.length > 0) {
    await ensureLevelRows(db, locationId, missing, now);
    for (const [id, row] of await findSourceLevels(db, locationId, missing)) seen.set(id, row);
  }
  return seen;
}

/**
 * A level changed between the batch's read and its update (PostgreSQL, another transaction):
 * lock its row, plan again from what it holds now, and set it.
 */
async function retryLevel(
  db: Executor,
  locationId: string,
  productId: string,
  changes: SourceChange[],
  now: string,
): Promise<{ plan: LevelPlan; reserved: number }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const locked = await lockSourceLevel(db, productId, locationId);
    if (!locked) break;
    const state = { onHand: locked.on_hand, version: locked.feed_version };
    const plan = planLevel(state, changes);
    if (!plan.final) return { plan, reserved: locked.reserved };
    const after = await setLevelFromSource(db, {
      productId,
      locationId,
      seenOnHand: state.onHand,
      seenVersion: state.version,
      onHand: plan.final.onHand,
      version: plan.final.version,
      now,
    });
    if (after) return { plan, reserved: after.reserved };
  }
  throw new AppError('conflict', 'Stock kept changing during the feed; send it again');
}
