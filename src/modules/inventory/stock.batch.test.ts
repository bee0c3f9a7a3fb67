import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  atpOf,
  defaultFreshness,
  feedAgeMinutes,
  freshnessDefaults,
  isStale,
} from './freshness-policy.js';
import { planLevel, type SourceChange } from './stock.batch.js';

const change = (index: number, version: number, op: SourceChange['op']): SourceChange => ({
  index,
  productId: 'p',
  version,
  op,
  movementKind: op.kind === 'set' ? 'count' : 'adjustment',
  reason: 'test',
  recordUnchanged: false,
});

describe('planning a level’s changes from a source', () => {
  it('chains exact deltas and ends at the last applied version', () => {
    const plan = planLevel({ onHand: 4, version: 1 }, [
      change(0, 2, { kind: 'set', onHand: 1 }),
      change(1, 3, { kind: 'add', delta: 5 }),
    ]);
    assert.deepEqual(
      plan.steps.map((s) => [s.delta, s.onHandAfter]),
      [
        [-3, 1],
        [5, 6],
      ],
    );
    assert.deepEqual(plan.final, { onHand: 6, version: 3 });
  });

  it('ignores a version not newer than the last applied one, also within the batch', () => {
    const plan = planLevel({ onHand: 4, version: 5 }, [
      change(0, 5, { kind: 'set', onHand: 9 }),
      change(1, 7, { kind: 'set', onHand: 2 }),
      change(2, 6, { kind: 'set', onHand: 3 }),
    ]);
    assert.deepEqual(
      plan.outcomes.map((o) => o.outcome),
      ['stale', 'applied', 'stale'],
    );
    assert.deepEqual(plan.final, { onHand: 2, version: 7 });
  });

  it('accepts any version on a level never fed, and refuses a delta below zero', () => {
    const plan = planLevel({ onHand: 1, version: null }, [
      change(0, 0, { kind: 'add', delta: -2 }),
      change(1, 0, { kind: 'add', delta: -1 }),
    ]);
    assert.deepEqual(
      plan.outcomes.map((o) => o.outcome),
      ['would_go_negative', 'applied'],
    );
    assert.deepEqual(plan.final, { onHand: 0, version: 0 });
  });

  it('bumps the version without a movement when a level is unchanged, unless asked to record it', () => {
    const quiet = planLevel({ onHand: 3, version: 1 }, [change(0, 2, { kind: 'set', onHand: 3 })]);
    assert.deepEqual([quiet.steps.length, quiet.final], [0, { onHand: 3, version: 2 }]);
    const count = planLevel({ onHand: 3, version: 1 }, [
      { ...change(0, 2, { kind: 'set', onHand: 3 }), recordUnchanged: true },
    ]);
    assert.deepEqual(
      count.steps.map((s) => s.delta),
      [0],
    );
  });

  it('has no final state when nothing applied', () => {
    const plan = planLevel({ onHand: 3, version: 9 }, [change(0, 2, { kind: 'set', onHand: 1 })]);
    assert.equal(plan.final, null);
  });
});

describe('feed freshness policy', () => {
  const at = '2026-03-02T10:00:00.000Z';

  it('defaults: stores 60 minutes and 1 unit, warehouses 24 hours and none', () => {
    assert.deepEqual(freshnessDefaults.store, { toleranceMinutes: 60, safetyBuffer: 1 });
    assert.deepEqual(freshnessDefaults.warehouse, { toleranceMinutes: 1440, safetyBuffer: 0 });
    assert.deepEqual(defaultFreshness('store'), freshnessDefaults.store);
  });

  it('turns stale only after the tolerance, and never without a feed', () => {
    const s = freshnessDefaults.store;
    assert.equal(isStale('2026-03-02T09:00:00.000Z', at, s), false);
    assert.equal(isStale('2026-03-02T08:59:59.999Z', at, s), true);
    assert.equal(isStale(null, at, s), false);
    assert.equal(feedAgeMinutes('2026-03-02T08:29:30.000Z', at), 90);
    assert.equal(feedAgeMinutes(null, at), null);
  });

  it('discounts a stale location by its buffer, never below zero', () => {
    assert.equal(atpOf(3, true, 1), 2);
    assert.equal(atpOf(1, true, 1), 0);
    assert.equal(atpOf(1, true, 5), 0);
    assert.equal(atpOf(3, false, 1), 3);
    assert.equal(atpOf(-2, false, 0), 0);
  });
});
