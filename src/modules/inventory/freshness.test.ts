import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { LocationFreshness } from './inventory.js';
import { MINUTE, makeWorld, orderBody, postFeed, receive } from './truth.factories.js';
import { availableToPromise } from './use-cases/freshness.js';

interface OrderWithAllocation {
  id: string;
  shipments: { locationId: string; lines: { sku: string; qty: number }[] }[];
  allocation: { unallocated: { sku: string; qty: number }[] };
}

describe(`feed freshness and available-to-promise (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const freshness = async (locationId: string) => {
    const res = await t.call<{ data: LocationFreshness[] }>('GET', '/api/inventory/freshness');
    assert.equal(res.status, 200);
    const entry = res.body.data.find((f) => f.locationId === locationId);
    assert.ok(entry, `freshness of ${locationId}`);
    return entry;
  };
  const atpAt = async (productId: string, locationId: string) => {
    const now = t.clock.now().toISOString();
    const levels = (await availableToPromise(t.ctx.db, [productId], now)).get(productId) ?? [];
    return levels.find((l) => l.locationId === locationId);
  };

  it('marks a store stale after its tolerance and discounts what it may promise by its buffer', async () => {
    const w = await makeWorld(t);
    await postFeed(t, {
      locationId: w.s1,
      kind: 'levels',
      source: 'pos-s1',
      items: [{ sku: w.walnut.sku, onHand: 3, version: 1 }],
    });
    const fresh = await freshness(w.s1);
    assert.deepEqual(
      [
        fresh.stale,
        fresh.ageMinutes,
        fresh.lastFeedSource,
        fresh.toleranceMinutes,
        fresh.safetyBuffer,
      ],
      [false, 0, 'pos-s1', 60, 1],
    );
    assert.equal(fresh.lastFeedAt, t.clock.now().toISOString());
    assert.deepEqual(await atpAt(w.walnut.id, w.s1), {
      locationId: w.s1,
      onHand: 3,
      reserved: 0,
      available: 3,
      atp: 3,
      stale: false,
    });

    t.clock.advance(60 * MINUTE);
    assert.equal((await freshness(w.s1)).stale, false, 'stale only after the tolerance');
    t.clock.advance(1 * MINUTE);
    const stale = await freshness(w.s1);
    assert.deepEqual([stale.stale, stale.ageMinutes], [true, 61]);
    assert.deepEqual(
      [(await atpAt(w.walnut.id, w.s1))?.atp, (await atpAt(w.walnut.id, w.s1))?.stale],
      [2, true],
    );

    await postFeed(t, {
      locationId: w.s1,
      kind: 'levels',
      items: [{ sku: w.walnut.sku, onHand: 3, version: 2 }],
    });
    assert.equal((await freshness(w.s1)).stale, false, 'a new feed makes it fresh again');
  });

  it('trusts a location that never sent a feed, whatever its kind', async () => {
    const w = await makeWorld(t);
    await receive(t, w.mug.sku, w.s2, 1);
    t.clock.advance(48 * 60 * MINUTE);
    const f = await freshness(w.s2);
    assert.deepEqual(
      [f.lastFeedAt, f.ageMinutes, f.stale, f.customised],
      [null, null, false, false],
    );
    assert.equal((await atpAt(w.mug.id, w.s2))?.atp, 1);
  });

  it('takes per-location settings in place of the kind’s defaults', async () => {
    const w = await makeWorld(t);
    const put = await t.call<LocationFreshness>('PUT', `/api/inventory/freshness/${w.w2}`, {
      toleranceMinutes: 30,
      safetyBuffer: 2,
    });
    assert.equal(put.status, 200);
    assert.deepEqual(
      [put.body.toleranceMinutes, put.body.safetyBuffer, put.body.customised],
      [30, 2, true],
    );
    const missing = await t.call('PUT', '/api/inventory/freshness/loc_nowhere', {
      toleranceMinutes: 30,
      safetyBuffer: 2,
    });
    assert.equal(missing.status, 404);
    const bad = await t.call('PUT', `/api/inventory/freshness/${w.w2}`, {
      toleranceMinutes: 0,
      safetyBuffer: -1,
    });
    assert.equal(bad.status, 400);
    const viewer = await t.keyFor('viewer');
    const denied = await t.call(
      'PUT',
      `/api/inventory/freshness/${w.w2}`,
      { toleranceMinutes: 30, safetyBuffer: 2 },
      viewer,
    );
    assert.equal(denied.status, 403);
  });

  it('allocates around a stale warehouse’s last unit when its buffer eats it, and uses it when fresh', async () => {
    const w = await makeWorld(t);
    await t.call('PUT', `/api/inventory/freshness/${w.w2}`, {
      toleranceMinutes: 30,
      safetyBuffer: 1,
    });
    await postFeed(t, {
      locationId: w.w2,
      kind: 'levels',
      source: 'wms-w2',
      items: [{ sku: w.mug.sku, onHand: 2, version: 1 }],
    });
    await receive(t, w.mug.sku, w.w1, 5);
    const national = { shippingZone: 'national', lines: [{ sku: w.mug.sku, qty: 1 }] };

    const fresh = await t.call<OrderWithAllocation>('POST', '/api/orders', orderBody(w, national));
    assert.deepEqual(
      fresh.body.shipments.map((s) => s.locationId),
      [w.w2],
      'fresh: the national warehouse serves a national order',
    );

    t.clock.advance(31 * MINUTE);
    const stale = await t.call<OrderWithAllocation>('POST', '/api/orders', orderBody(w, national));
    assert.equal(stale.status, 201);
    assert.deepEqual(
      stale.body.shipments.map((s) => s.locationId),
      [w.w1],
      'stale: W2 has one unit free but its buffer holds it back',
    );
  });

  it('leaves a pickup order unallocated when the stale store’s buffer eats its last unit', async () => {
    const w = await makeWorld(t);
    await postFeed(t, {
      locationId: w.s1,
      kind: 'levels',
      items: [{ sku: w.oak.sku, onHand: 1, version: 1 }],
    });
    t.clock.advance(2 * 60 * MINUTE);
    const res = await t.call<OrderWithAllocation>(
      'POST',
      '/api/orders',
      orderBody(w, { deliveryMethod: 'pickup', pickupLocationId: w.s1 }),
    );
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.shipments, []);
    assert.deepEqual(
      res.body.allocation.unallocated.map((u) => [u.sku, u.qty]),
      [[w.oak.sku, 1]],
    );
  });
});
