import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { ledgerChainErrors, ledgerOf, makeLocation, makeProduct } from './inventory.factories.js';
import type { LedgerEntry } from './inventory.js';
import { postFeed, stockOf } from './truth.factories.js';

interface Page<T> {
  data: T[];
}

describe(`stock feeds (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const db = () => t.ctx.db;
  const feedMovements = async (batchId: string) =>
    (
      await t.call<Page<LedgerEntry>>(
        'GET',
        `/api/inventory/movements?refType=feed&refId=${batchId}&limit=500`,
      )
    ).body.data;
  const versionOf = async (productId: string, locationId: string) =>
    (
      await db()
        .selectFrom('inventory_levels')
        .select(['feed_version', 'feed_at'])
        .where('product_id', '=', productId)
        .where('location_id', '=', locationId)
        .executeTakeFirstOrThrow()
    ).feed_version;

  it('sets absolute levels through count movements with the exact delta, naming the source', async () => {
    const loc = await makeLocation(db());
    const [a, b] = [await makeProduct(db()), await makeProduct(db())];
    await postFeed(t, {
      locationId: loc,
      kind: 'levels',
      items: [{ sku: a.sku, onHand: 4, version: 1 }],
    });
    const res = await postFeed(t, {
      locationId: loc,
      kind: 'levels',
      source: 'pos-lisboa',
      items: [
        { sku: a.sku, onHand: 1, version: 2 },
        { sku: b.sku, onHand: 7, version: 2 },
      ],
    });
    assert.equal(res.status, 200);
    assert.deepEqual(
      { applied: res.body.applied, stale: res.body.ignoredStale, rejected: res.body.rejected },
      { applied: 2, stale: 0, rejected: [] },
    );
    const moves = await feedMovements(res.body.batchId);
    assert.deepEqual(
      moves.map((m) => [m.sku, m.kind, m.onHandDelta, m.onHandAfter, m.refType]).sort(),
      [
        [a.sku, 'count', -3, 1, 'feed'],
        [b.sku, 'count', 7, 7, 'feed'],
      ].sort(),
    );
    assert.ok(moves.every((m) => m.reason?.includes('pos-lisboa') && m.actor === 'test admin'));
    assert.deepEqual(await stockOf(t, a.sku, loc), { onHand: 1, reserved: 0, available: 1 });
    assert.equal(await versionOf(a.id, loc), 2);
    assert.deepEqual(ledgerChainErrors((await ledgerOf(db(), a.id, loc)).movements), []);
  });

  it('ignores and counts stale and out-of-order rows, keeping the newer level', async () => {
    const loc = await makeLocation(db());
    const [a, b] = [await makeProduct(db()), await makeProduct(db())];
    const first = await postFeed(t, {
      locationId: loc,
      kind: 'levels',
      items: [
        { sku: a.sku, onHand: 5, version: 1_700_000_010_000 },
        { sku: b.sku, onHand: 2, version: 1_700_000_010_000 },
      ],
    });
    assert.equal(first.body.applied, 2);
    const late = await postFeed(t, {
      locationId: loc,
      kind: 'levels',
      items: [
        { sku: a.sku, onHand: 9, version: 1_700_000_009_000 },
        { sku: b.sku, onHand: 3, version: 1_700_000_011_000 },
        { sku: b.sku, onHand: 8, version: 1_700_000_010_500 },
      ],
    });
    assert.equal(late.status, 200);
    assert.equal(late.body.applied, 1);
    assert.equal(late.body.ignoredStale, 2);
    assert.deepEqual(
      late.body.rejected.map((r) => [r.index, r.sku, r.reason]),
      [
        [0, a.sku, 'stale_version'],
        [2, b.sku, 'stale_version'],
      ],
    );
    assert.equal((await stockOf(t, a.sku, loc)).onHand, 5);
    assert.equal((await stockOf(t, b.sku, loc)).onHand, 3);

    const replay = await postFeed(t, {
      locationId: loc,
      kind: 'levels',
      items: [{ sku: b.sku, onHand: 3, version: 1_700_000_011_000 }],
    });
    assert.deepEqual([replay.body.applied, replay.body.ignoredStale], [0, 1]);
    const batch = await db()
      .selectFrom('feed_batches')
      .selectAll()
      .where('id', '=', late.body.batchId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [
        batch.location_id,
        batch.kind,
        batch.items,
        batch.applied,
        batch.ignored_stale,
        batch.rejected,
      ],
      [loc, 'levels', 3, 1, 2, 0],
    );
  });

  it('reports each bad row with its reason and applies the others (S15)', async () => {
    const loc = await makeLocation(db());
    const [a, b] = [await makeProduct(db()), await makeProduct(db())];
    const res = await postFeed(t, {
      locationId: loc,
      kind: 'levels',
      items: [
        { sku: a.sku, onHand: 3, version: 1 },
        { sku: 'NO-SUCH-SKU', onHand: 1, version: 1 },
        { sku: b.sku, onHand: -2, version: 1 },
        { sku: b.sku, onHand: 'many', version: 1 },
        { sku: b.sku, onHand: 6 },
        null,
        { sku: b.sku, onHand: 6, version: 1 },
      ],
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.applied, 2);
    assert.deepEqual(
      res.body.rejected.map((r) => [r.index, r.reason]),
      [
        [1, 'unknown_sku'],
        [2, 'negative_quantity'],
        [3, 'invalid_row'],
        [4, 'invalid_row'],
        [5, 'invalid_row'],
      ],
    );
    assert.match(res.body.rejected[2]?.message ?? '', /onHand/);
    assert.equal((await stockOf(t, a.sku, loc)).onHand, 3);
    assert.equal((await stockOf(t, b.sku, loc)).onHand, 6);
  });

  it('rejects every row of a batch for an unknown location, and applies nothing', async () => {
    const a = await makeProduct(db());
    const res = await postFeed(t, {
      locationId: 'loc_nowhere',
      kind: 'levels',
      items: [{ sku: a.sku, onHand: 3, version: 1 }],
    });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.rejected.map((r) => r.reason),
      ['unknown_location'],
    );
    assert.equal(res.body.applied, 0);
  });

  it('applies deltas as adjustments, refusing one that would take on hand below zero', async () => {
    const loc = await makeLocation(db());
    const a = await makeProduct(db());
    await postFeed(t, {
      locationId: loc,
      kind: 'levels',
      items: [{ sku: a.sku, onHand: 2, version: 1 }],
    });
    const res = await postFeed(t, {
      locationId: loc,
      kind: 'deltas',
      items: [
        { sku: a.sku, delta: -1, version: 2 },
        { sku: a.sku, delta: -5, version: 3 },
        { sku: a.sku, delta: 4, version: 4 },
        { sku: a.sku, delta: -1, version: 2 },
      ],
    });
    assert.equal(res.body.applied, 2);
    assert.deepEqual(
      res.body.rejected.map((r) => [r.index, r.reason]),
      [
        [1, 'would_go_negative'],
        [3, 'stale_version'],
      ],
    );
    const moves = await feedMovements(res.body.batchId);
    assert.deepEqual(moves.map((m) => [m.kind, m.onHandDelta, m.onHandAfter]).reverse(), [
      ['adjustment', -1, 1],
      ['adjustment', 4, 5],
    ]);
    assert.equal((await stockOf(t, a.sku, loc)).onHand, 5);
  });

  it('records every cycle count, a matching one too, and lets counted stock fall below reserved', async () => {
    const loc = await makeLocation(db());
    const a = await makeProduct(db());
    await postFeed(t, {
      locationId: loc,
      kind: 'levels',
      items: [{ sku: a.sku, onHand: 3, version: 1 }],
    });
    await db()
      .updateTable('inventory_levels')
      .set({ reserved: 2 })
      .where('product_id', '=', a.id)
      .execute();
    const same = await postFeed(t, {
      locationId: loc,
      kind: 'counts',
      items: [{ sku: a.sku, counted: 3, version: 2 }],
    });
    assert.equal(same.body.movements, 1);
    const short = await postFeed(t, {
      locationId: loc,
      kind: 'counts',
      items: [{ sku: a.sku, counted: 1, version: 3 }],
    });
    const [m] = await feedMovements(short.body.batchId);
    assert.deepEqual([m?.kind, m?.onHandDelta, m?.reservedAfter], ['count', -2, 2]);
    assert.deepEqual(await stockOf(t, a.sku, loc), { onHand: 1, reserved: 2, available: -1 });
    const unchanged = await postFeed(t, {
      locationId: loc,
      kind: 'levels',
      items: [{ sku: a.sku, onHand: 1, version: 4 }],
    });
    assert.deepEqual([unchanged.body.applied, unchanged.body.movements], [1, 0]);
    assert.equal(await versionOf(a.id, loc), 4);
  });

  it('refuses a batch over 1,000 rows and a caller without inventory rights', async () => {
    const loc = await makeLocation(db());
    const items = Array.from({ length: 1001 }, (_, i) => ({ sku: `X${i}`, onHand: 1, version: 1 }));
    const big = await postFeed(t, { locationId: loc, kind: 'levels', items });
    assert.equal(big.status, 400);
    const viewer = await t.keyFor('viewer');
    const denied = await postFeed(
      t,
      { locationId: loc, kind: 'levels', items: [{ sku: 'X', onHand: 1, version: 1 }] },
      viewer,
    );
    assert.equal(denied.status, 403);
  });

  it('applies a full batch of 1,000 levels in one go', async () => {
    const loc = await makeLocation(db());
    const products: { id: string; sku: string }[] = [];
    for (let i = 0; i < 20; i++) products.push(await makeProduct(db()));
    const items = Array.from({ length: 1000 }, (_, i) => ({
      sku: products[i % 20]?.sku,
      onHand: i + 1,
      version: i + 1,
    }));
    const res = await postFeed(t, { locationId: loc, kind: 'levels', items });
    assert.equal(res.body.applied, 1000);
    assert.equal(res.body.movements, 1000);
    const last = products[19];
    assert.ok(last);
    assert.equal((await stockOf(t, last.sku, loc)).onHand, 1000);
    assert.deepEqual(ledgerChainErrors((await ledgerOf(db(), last.id, loc)).movements), []);
  });
});
