import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../db/database.js';
import { newId } from '../../shared/ids.js';
import { createTestDb, dialect, type TestDb } from '../../test/harness.js';
import {
  ledgerChainErrors,
  ledgerOf,
  levelOf,
  makeLocation,
  makeProduct,
} from './inventory.factories.js';
import { maxQuantity } from './inventory.schemas.js';
import { applyFeed, type FeedInput } from './use-cases/feeds.js';

const ctx = { now: '2026-03-02T09:00:00.000Z', actor: 'test' };

describe(`absolute levels set without a prior read (${dialect})`, () => {
  let t: TestDb;
  let db: Db;
  before(async () => {
    t = await createTestDb();
    db = t.handle.db;
  });
  after(() => t.drop());

  const feed = (locationId: string, items: unknown[], kind: FeedInput['kind'] = 'levels') =>
    applyFeed(db, { source: 'pos-test', locationId, kind, items }, ctx);
  const fedColumns = async (productId: string, locationId: string) =>
    db
      .selectFrom('inventory_levels')
      .select(['feed_version', 'feed_delta'])
      .where('product_id', '=', productId)
      .where('location_id', '=', locationId)
      .executeTakeFirstOrThrow();

  it('sets the fresh rows of a batch that also holds a stale row, a new level, an unknown SKU and a repeated SKU', async () => {
    const loc = await makeLocation(db);
    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => makeProduct(db)));
    assert.ok(a && b && c && d && e);
    await feed(loc, [
      { sku: a.sku, onHand: 5, version: 1 },
      { sku: b.sku, onHand: 5, version: 1 },
      { sku: c.sku, onHand: 5, version: 1 },
      { sku: e.sku, onHand: 1, version: 1 },
    ]);
    const res = await feed(loc, [
      { sku: a.sku, onHand: 2, version: 2 },
      { sku: b.sku, onHand: 9, version: 1 },
      { sku: c.sku, onHand: 5, version: 2 },
      { sku: d.sku, onHand: 4, version: 7 },
      { sku: 'NO-SUCH-SKU', onHand: 1, version: 2 },
      { sku: e.sku, onHand: 3, version: 2 },
      { sku: e.sku, onHand: 6, version: 3 },
    ]);
    assert.deepEqual(
      res.rejected.map((r) => [r.index, r.sku, r.reason, r.message]),
      [
        [1, b.sku, 'stale_version', 'not newer than the version already applied'],
        [4, 'NO-SUCH-SKU', 'unknown_sku', 'unknown SKU'],
      ],
    );
    assert.deepEqual([res.applied, res.ignoredStale, res.movements], [5, 1, 4]);
    const moves = await db
      .selectFrom('inventory_movements')
      .select(['product_id', 'on_hand_delta', 'on_hand_after', 'reason'])
      .where('ref_id', '=', res.batchId)
      .execute();
    assert.deepEqual(
      moves.map((m) => [m.product_id, m.on_hand_delta, m.on_hand_after, m.reason]).sort(),
      [
        [a.id, -3, 2, 'feed levels from pos-test (version 2)'],
        [d.id, 4, 4, 'feed levels from pos-test (version 7)'],
        [e.id, 2, 3, 'feed levels from pos-test (version 2)'],
        [e.id, 3, 6, 'feed levels from pos-test (version 3)'],
      ].sort(),
    );
    const expected: [typeof a, number, number, number][] = [
      [a, 2, 2, -3],
      [b, 5, 1, 5],
      [c, 5, 2, 0],
      [d, 4, 7, 4],
      [e, 6, 3, 5],
    ];
    for (const [p, onHand, version, delta] of expected) {
      assert.deepEqual(await levelOf(db, p.id, loc), { onHand, reserved: 0 }, p.sku);
      assert.deepEqual(await fedColumns(p.id, loc), { feed_version: version, feed_delta: delta });
      const ledger = await ledgerOf(db, p.id, loc);
      assert.deepEqual(ledgerChainErrors(ledger.movements), []);
      assert.equal(ledger.onHand, onHand);
    }
  });

  it('keeps the reserved units in the movements it writes and lets a level fall below them', async () => {
    const loc = await makeLocation(db);
    const a = await makeProduct(db);
    await feed(loc, [{ sku: a.sku, onHand: 4, version: 1 }]);
    await db
      .updateTable('inventory_levels')
      .set({ reserved: 3 })
      .where('product_id', '=', a.id)
      .execute();
    const res = await feed(loc, [{ sku: a.sku, onHand: 1, version: 2 }]);
    const [m] = await db
      .selectFrom('inventory_movements')
      .select(['on_hand_delta', 'on_hand_after', 'reserved_after'])
      .where('ref_id', '=', res.batchId)
      .execute();
    assert.deepEqual(m, { on_hand_delta: -3, on_hand_after: 1, reserved_after: 3 });
  });

  it('applies more than 1,000 rows in one call', async () => {
    const loc = await makeLocation(db);
    const skus = Array.from({ length: 1201 }, (_, i) => `BULK-${loc}-${i}`);
    for (let i = 0; i < skus.length; i += 400) {
      await db
        .insertInto('products')
        .values(
          skus.slice(i, i + 400).map((sku) => ({
            id: newId('prd'),
            sku,
            name: sku,
            price_amount: 100,
            currency: 'EUR',
            supplier_id: null,
            active: 1,
            created_at: ctx.now,
            updated_at: ctx.now,
          })),
        )
        .execute();
    }
    const first = await feed(
      loc,
      skus.map((sku) => ({ sku, onHand: 1, version: 1 })),
    );
    assert.deepEqual([first.applied, first.movements], [1201, 1201]);
    const second = await feed(
      loc,
      skus.map((sku, i) => ({ sku, onHand: i % 2, version: 2 })),
    );
    assert.deepEqual([second.applied, second.movements, second.rejected], [1201, 601, []]);
  });

  it('reports the schema’s message for each malformed row and accepts the well-formed edge cases', async () => {
    const loc = await makeLocation(db);
    const a = await makeProduct(db);
    const res = await feed(loc, [
      null,
      [],
      { sku: ' ', onHand: 1, version: 1 },
      { sku: 'x'.repeat(101), onHand: 1, version: 1 },
      { sku: 7, onHand: 1, version: 1 },
      { sku: a.sku, onHand: 1.5, version: 1 },
      { sku: a.sku, onHand: maxQuantity + 1, version: 1 },
      { sku: a.sku, onHand: Infinity, version: 1 },
      { sku: a.sku, version: 1 },
      { sku: a.sku, onHand: 1, version: -1 },
      { sku: a.sku, onHand: 1, version: Number.MAX_SAFE_INTEGER + 1 },
      { sku: a.sku, onHand: 1, version: '2' },
      { sku: a.sku, onHand: -1, version: 1 },
      { sku: `  ${a.sku} `, onHand: 0, version: 0 },
    ]);
    assert.deepEqual(
      res.rejected.map((r) => [r.index, r.reason, r.message]),
      [
        [0, 'invalid_row', 'row: Invalid input: expected object, received null'],
        [1, 'invalid_row', 'row: Invalid input: expected object, received array'],
        [2, 'invalid_row', 'sku: Too small: expected string to have >=1 characters'],
        [3, 'invalid_row', 'sku: Too big: expected string to have <=100 characters'],
        [4, 'invalid_row', 'sku: Invalid input: expected string, received number'],
        [5, 'invalid_row', 'onHand: Invalid input: expected int, received number'],
        [6, 'invalid_row', `onHand: Too big: expected number to be <=${maxQuantity}`],
        [7, 'invalid_row', 'onHand: Invalid input: expected number, received Infinity'],
        [8, 'invalid_row', 'onHand: Invalid input: expected number, received undefined'],
        [9, 'invalid_row', 'version: Too small: expected number to be >=0'],
        [10, 'invalid_row', 'version: Too big: expected int to be <=9007199254740991'],
        [11, 'invalid_row', 'version: Invalid input: expected number, received string'],
        [12, 'negative_quantity', 'must be at least 0'],
      ],
    );
    assert.equal(res.applied, 1, 'the padded SKU is trimmed; version 0 and 0 units are valid');
    assert.deepEqual(await levelOf(db, a.id, loc), { onHand: 0, reserved: 0 });

    const top = await feed(loc, [{ sku: a.sku, onHand: 2, version: Number.MAX_SAFE_INTEGER }]);
    assert.equal(top.applied, 1);
    const deltas = await feed(
      loc,
      [
        { sku: a.sku, delta: 0, version: 1 },
        { sku: a.sku, delta: -maxQuantity - 1, version: 1 },
      ],
      'deltas',
    );
    assert.deepEqual(
      deltas.rejected.map((r) => r.message),
      ['delta: must not be 0', `delta: Too small: expected number to be >=${-maxQuantity}`],
    );
  });
});
