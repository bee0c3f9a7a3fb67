import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { makeLocation, makeProduct } from './inventory.factories.js';
import { MINUTE, postFeed } from './truth.factories.js';
import type { DriftEntry } from './use-cases/drift.js';

interface DriftBody {
  from: string;
  to: string;
  minCounts: number;
  data: DriftEntry[];
}

describe(`count drift report (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const count = (sku: string, locationId: string, counted: number) =>
    t.call('POST', '/api/inventory/adjustments', {
      items: [{ sku, locationId, kind: 'count', counted }],
    });

  it('ranks levels by how often their counts differ, then by units, with the share that differed', async () => {
    const loc = await makeLocation(t.ctx.db);
    const start = t.clock.now().toISOString();
    const [often, big, bigger, once, steady] = [
      await makeProduct(t.ctx.db),
      await makeProduct(t.ctx.db),
      await makeProduct(t.ctx.db),
      await makeProduct(t.ctx.db),
      await makeProduct(t.ctx.db),
    ];
    const receive = (sku: string, qty: number) =>
      t.call('POST', '/api/inventory/adjustments', {
        items: [{ sku, locationId: loc, kind: 'receipt', qty }],
      });
    // often: 3 counts of 4 differ, by 1 unit each, all short.
    await receive(often.sku, 10);
    for (const q of [9, 9, 8, 7]) {
      t.clock.advance(MINUTE);
      await count(often.sku, loc, q);
    }
    // big and bigger: 2 differing counts each, bigger by more units (one from a feed).
    await receive(big.sku, 20);
    for (const q of [15, 10]) await count(big.sku, loc, q);
    await receive(bigger.sku, 50);
    await count(bigger.sku, loc, 30);
    await postFeed(t, {
      locationId: loc,
      kind: 'counts',
      items: [{ sku: bigger.sku, counted: 2, version: 1 }],
    });
    // once: only one differing count; steady: counts that always match.
    await receive(once.sku, 4);
    await count(once.sku, loc, 3);
    await receive(steady.sku, 2);
    for (let i = 0; i < 3; i++) await count(steady.sku, loc, 2);

    const res = await t.call<DriftBody>('GET', `/api/inventory/drift?locationId=${loc}`);
    assert.equal(res.status, 200);
    const rows = res.body.data.map((d) => [d.sku, d.differing, d.counts, d.absUnits]);
    assert.deepEqual(rows, [
      [often.sku, 3, 4, 3],
      [bigger.sku, 2, 2, 48],
      [big.sku, 2, 2, 10],
    ]);
    const first = res.body.data[0];
    assert.deepEqual([first?.shareDiffering, first?.netUnits], [0.75, -3]);
    assert.equal(res.body.data[1]?.differingFromFeeds, 1);

    const all = await t.call<DriftBody>(
      'GET',
      `/api/inventory/drift?locationId=${loc}&minCounts=1`,
    );
    assert.deepEqual(
      all.body.data.map((d) => d.sku),
      [often.sku, bigger.sku, big.sku, once.sku],
    );

    const window = await t.call<DriftBody>(
      'GET',
      `/api/inventory/drift?locationId=${loc}&minCounts=1&from=${encodeURIComponent(start)}` +
        `&to=${encodeURIComponent(new Date(Date.parse(start) + 2.5 * MINUTE).toISOString())}`,
    );
    assert.deepEqual(
      window.body.data.map((d) => [d.sku, d.counts, d.differing]),
      [[often.sku, 2, 1]],
    );
    const bad = await t.call(
      'GET',
      `/api/inventory/drift?from=${encodeURIComponent(start)}&to=${encodeURIComponent(start)}`,
    );
    assert.equal(bad.status, 400);
  });
});
