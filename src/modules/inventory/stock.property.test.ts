import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db, Executor } from '../../db/database.js';
import { AppError } from '../../shared/app-error.js';
import { createTestDb, dialect, type TestDb } from '../../test/harness.js';
import {
  ledgerChainErrors,
  ledgerOf,
  levelOf,
  makeLocation,
  makeProduct,
  testRef,
} from './inventory.factories.js';
import { applyAdjustments, type AdjustmentItem } from './inventory.service.js';
import {
  adjustStock,
  countStock,
  pickStock,
  receiveStock,
  releaseStock,
  reserveStock,
  returnStock,
  writeOffStock,
} from './stock.service.js';

/** A small seeded PRNG (mulberry32), so a failing sequence can be replayed. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
  };
}

interface Level {
  onHand: number;
  reserved: number;
}
interface Slot {
  productId: string;
  sku: string;
  locationId: string;
}

type Op =
  | {
      kind: 'reserve' | 'release' | 'pick' | 'receive' | 'return' | 'write_off';
      slot: number;
      qty: number;
    }
  | { kind: 'adjust'; slot: number; delta: number }
  | { kind: 'count'; slot: number; counted: number }
  | { kind: 'batch'; items: { slot: number; item: AdjustmentItem }[] };

/** What the rules say an op does to a level: the level after, or null when it must be refused. */
function step(level: Level, op: Exclude<Op, { kind: 'batch' }>): Level | null {
  const { onHand, reserved } = level;
  switch (op.kind) {
    case 'reserve':
      return onHand - reserved >= op.qty ? { onHand, reserved: reserved + op.qty } : null;
    case 'release':
      return reserved >= op.qty ? { onHand, reserved: reserved - op.qty } : null;
    case 'pick':
      return reserved >= op.qty && onHand >= op.qty
        ? { onHand: onHand - op.qty, reserved: reserved - op.qty }
        : null;
    case 'receive':
    case 'return':
      return { onHand: onHand + op.qty, reserved };
    case 'write_off':
      return onHand >= op.qty ? { onHand: onHand - op.qty, reserved } : null;
    case 'adjust':
      return onHand + op.delta >= 0 ? { onHand: onHand + op.delta, reserved } : null;
    case 'count':
      return { onHand: op.counted, reserved };
  }
}

function asStep(slot: number, item: AdjustmentItem): Exclude<Op, { kind: 'batch' }> {
  switch (item.kind) {
    case 'adjustment':
      return { kind: 'adjust', slot, delta: item.delta };
    case 'count':
      return { kind: 'count', slot, counted: item.counted };
    case 'write_off':
      return { kind: 'write_off', slot, qty: item.qty };
    case 'receipt':
      return { kind: 'receive', slot, qty: item.qty };
  }
}

function randomOp(rand: (n: number) => number, slots: Slot[]): Op {
  const slot = rand(slots.length);
  const qty = 1 + rand(4);
  const pick = rand(10);
  const simple = ['reserve', 'release', 'pick', 'receive', 'return', 'write_off'] as const;
  if (pick < simple.length) return { kind: simple[pick] ?? 'reserve', slot, qty };
  if (pick === 6) return { kind: 'adjust', slot, delta: (rand(2) ? 1 : -1) * (1 + rand(5)) };
  if (pick === 7) return { kind: 'count', slot, counted: rand(10) };
  const items = Array.from({ length: 2 + rand(2) }, () => {
    const s = rand(slots.length);
    const { sku, locationId } = slots[s] as Slot;
    const kinds: AdjustmentItem[] = [
      { sku, locationId, kind: 'adjustment', delta: -3 + rand(6) || 2, reason: 'fix' },
      { sku, locationId, kind: 'count', counted: rand(8) },
      { sku, locationId, kind: 'write_off', qty: 1 + rand(3), reason: 'damaged' },
      { sku, locationId, kind: 'receipt', qty: 1 + rand(5) },
    ];
    return { slot: s, item: kinds[rand(kinds.length)] as AdjustmentItem };
  });
  return { kind: 'batch', items };
}

function run(db: Executor, op: Op, slots: Slot[]): Promise<unknown> {
  if (op.kind === 'batch')
    return applyAdjustments(
      db,
      op.items.map((i) => i.item),
      testRef,
    );
  const s = slots[op.slot] as Slot;
  switch (op.kind) {
    case 'reserve':
      return reserveStock(db, { ...s, qty: op.qty }, testRef);
    case 'release':
      return releaseStock(db, { ...s, qty: op.qty }, testRef);
    case 'pick':
      return pickStock(db, { ...s, qty: op.qty }, testRef);
    case 'receive':
      return receiveStock(db, { ...s, qty: op.qty }, testRef);
    case 'return':
      return returnStock(db, { ...s, qty: op.qty }, testRef);
    case 'write_off':
      return writeOffStock(db, { ...s, qty: op.qty }, testRef);
    case 'adjust':
      return adjustStock(db, { ...s, delta: op.delta }, testRef);
    case 'count':
      return countStock(db, { ...s, counted: op.counted }, testRef);
  }
}

const seed = Number(process.env.INVENTORY_SEED ?? 20260302);

describe(`stock ledger under a random sequence of changes (${dialect}, seed ${seed})`, () => {
  let t: TestDb;
  let db: Db;
  before(async () => {
    t = await createTestDb();
    db = t.handle.db;
  });
  after(() => t.drop());

  it('refuses exactly the changes the rules refuse, and every level equals the sum of its ledger', async () => {
    const [a, b] = [await makeProduct(db), await makeProduct(db)];
    const [x, y] = [await makeLocation(db), await makeLocation(db)];
    const slots: Slot[] = [a, b].flatMap((p) =>
      [x, y].map((locationId) => ({ productId: p.id, sku: p.sku, locationId })),
    );
    const model: Level[] = slots.map(() => ({ onHand: 0, reserved: 0 }));
    const rand = prng(seed);
    const mismatches: string[] = [];
    let refused = 0;
    let rolledBack = 0;

    for (let n = 0; n < 300; n++) {
      const op = randomOp(rand, slots);
      const next = model.map((l) => ({ ...l }));
      const steps = op.kind === 'batch' ? op.items.map((i) => asStep(i.slot, i.item)) : [op];
      const ok = steps.every((s) => {
        const after = step(next[s.slot] as Level, s);
        if (after) next[s.slot] = after;
        return after !== null;
      });
      // One change in ten is undone by its caller after succeeding: nothing of it may remain.
      const abort = ok && rand(10) === 0;
      const outcome = await db
        .transaction()
        .execute(async (trx) => {
          await run(trx, op, slots);
          if (abort) throw new Error('caller aborts');
        })
        .then(
          () => 'ok',
          (err: unknown) => (err instanceof AppError ? err.code : (err as Error).message),
        );
      const expected = abort ? 'caller aborts' : ok ? 'ok' : 'insufficient_stock';
      if (outcome !== expected) mismatches.push(`#${n} ${JSON.stringify(op)}: ${outcome}`);
      if (ok && !abort) model.splice(0, model.length, ...next);
      if (!ok) refused += 1;
      if (abort) rolledBack += 1;
    }

    assert.deepEqual(mismatches, []);
    assert.ok(refused > 20 && rolledBack > 10, `refused ${refused}, rolled back ${rolledBack}`);
    for (const [i, slot] of slots.entries()) {
      const level = await levelOf(db, slot.productId, slot.locationId);
      const ledger = await ledgerOf(db, slot.productId, slot.locationId);
      assert.deepEqual(level, model[i], `level ${i}`);
      assert.deepEqual({ onHand: ledger.onHand, reserved: ledger.reserved }, model[i]);
      assert.deepEqual(ledgerChainErrors(ledger.movements), []);
      assert.ok(level && level.onHand >= 0 && level.reserved >= 0);
    }
  });
});
