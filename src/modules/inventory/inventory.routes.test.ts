import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../db/database.js';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { LedgerEntry, StockLevel } from './inventory.js';
import { levelOf, makeLocation, makeProduct, makeStock, testRef } from './inventory.factories.js';
import { availabilityBySku } from './inventory.service.js';
import { reserveStock } from './stock.service.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

function fieldsOf(body: unknown): string[] {
  const fields = (body as ErrorBody).error.details?.fields as { path: string }[] | undefined;
  return (fields ?? []).map((f) => f.path).sort();
}

describe(`inventory levels, ledger and adjustments over HTTP (${dialect})`, () => {
  let t: TestApp;
  let db: Db;
  before(async () => {
    t = await createTestApp();
    db = t.testDb.handle.db;
  });
  after(() => t.close());

  it('lists levels per SKU and location with available, filtered by SKU, product, location and positive availability', async () => {
    const p = await makeProduct(db);
    const [x, y] = [await makeLocation(db), await makeLocation(db)];
    await t.call('POST', '/api/inventory/adjustments', {
      items: [
        { sku: p.sku, locationId: x, kind: 'receipt', qty: 4 },
        { sku: p.sku, locationId: y, kind: 'receipt', qty: 2 },
      ],
    });
    await reserveStock(db, { productId: p.id, locationId: y, qty: 2 }, testRef);

    const bySku = await t.call<Page<StockLevel>>('GET', `/api/inventory?sku=${p.sku}`);
    assert.equal(bySku.status, 200);
    const expected = [
      { locationId: x, onHand: 4, reserved: 0, available: 4 },
      { locationId: y, onHand: 2, reserved: 2, available: 0 },
    ].sort((a, b) => a.locationId.localeCompare(b.locationId));
    assert.deepEqual(
      bySku.body.data.map(({ locationId, onHand, reserved, available }) => ({
        locationId,
        onHand,
        reserved,
        available,
      })),
      expected,
    );
    assert.ok(bySku.body.data.every((l) => l.productId === p.id && l.sku === p.sku && l.updatedAt));

    const positive = await t.call<Page<StockLevel>>(
      'GET',
      `/api/inventory?productId=${p.id}&available=positive`,
    );
    assert.deepEqual(
      positive.body.data.map((l) => l.locationId),
      [x],
    );
    const atY = await t.call<Page<StockLevel>>('GET', `/api/inventory?locationId=${y}`);
    assert.deepEqual(
      atY.body.data.map((l) => l.sku),
      [p.sku],
    );
  });

  it('pages through levels with a cursor, each level once, in SKU then location order', async () => {
    const locationId = await makeLocation(db);
    for (const sku of ['PG-C', 'PG-A', 'PG-B', 'PG-E', 'PG-D']) {
      const p = await makeProduct(db, sku);
      await t.call('POST', '/api/inventory/adjustments', {
        items: [{ sku: p.sku, locationId, kind: 'count', counted: 1 }],
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/inventory?locationId=${locationId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.call<Page<StockLevel>>('GET', url);
      assert.equal(page.status, 200);
      seen.push(...page.body.data.map((l) => l.sku));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['PG-A', 'PG-B', 'PG-C', 'PG-D', 'PG-E']);
  });

  it('answers a cursor it did not make, or an unknown filter value, with 400 naming the field', async () => {
    const bad = await t.call<ErrorBody>('GET', '/api/inventory?cursor=not-a-cursor');
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldsOf(bad.body), ['querystring.cursor']);
    const available = await t.call<ErrorBody>('GET', '/api/inventory?available=yes');
    assert.deepEqual(fieldsOf(available.body), ['querystring.available']);
  });

  it('applies a batch of adjustments, counts, write-offs and receipts and returns its movements in item order', async () => {
    const s = await makeStock(db, 10);
    const packer = await t.keyFor('packer');
    const res = await t.call<{ movements: LedgerEntry[] }>(
      'POST',
      '/api/inventory/adjustments',
      {
        items: [
          {
            sku: s.sku,
            locationId: s.locationId,
            kind: 'adjustment',
            delta: -2,
            reason: 'miscount',
          },
          { sku: s.sku, locationId: s.locationId, kind: 'write_off', qty: 3, reason: 'damaged' },
          { sku: s.sku, locationId: s.locationId, kind: 'receipt', qty: 5 },
          { sku: s.sku, locationId: s.locationId, kind: 'count', counted: 9 },
        ],
      },
      packer,
    );
    assert.equal(res.status, 201);
    const m = res.body.movements;
    assert.deepEqual(
      m.map((x) => [x.kind, x.onHandDelta, x.onHandAfter]),
      [
        ['adjustment', -2, 8],
        ['write_off', -3, 5],
        ['receipt', 5, 10],
        ['count', -1, 9],
      ],
    );
    assert.deepEqual([m[0]?.reason, m[0]?.sku, m[0]?.actor], ['miscount', s.sku, 'test packer']);
    assert.equal(new Set(m.map((x) => x.refId)).size, 1);
    assert.ok(m.every((x) => x.refType === 'stock_adjustment'));
  });

  it('names every unknown SKU and location of a batch and applies none of it', async () => {
    const s = await makeStock(db, 1);
    const res = await t.call<ErrorBody>('POST', '/api/inventory/adjustments', {
      items: [
        { sku: s.sku, locationId: s.locationId, kind: 'receipt', qty: 5 },
        { sku: 'NO-SUCH-SKU', locationId: s.locationId, kind: 'receipt', qty: 1 },
        { sku: s.sku, locationId: 'loc_missing', kind: 'receipt', qty: 1 },
      ],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['items.1.sku', 'items.2.locationId']);
    assert.deepEqual(await levelOf(db, s.productId, s.locationId), { onHand: 1, reserved: 0 });
  });

  it('names each malformed item field: missing reason, zero delta, negative count, unknown kind', async () => {
    const base = { sku: 'X', locationId: 'Y' };
    const res = await t.call<ErrorBody>('POST', '/api/inventory/adjustments', {
      items: [
        { ...base, kind: 'adjustment', delta: 2 },
        { ...base, kind: 'adjustment', delta: 0, reason: 'r' },
        { ...base, kind: 'count', counted: -1 },
        { ...base, kind: 'teleport', qty: 1 },
        { ...base, kind: 'write_off', qty: 0, reason: 'r' },
      ],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), [
      'items.0.reason',
      'items.1.delta',
      'items.2.counted',
      'items.3.kind',
      'items.4.qty',
    ]);
    const empty = await t.call<ErrorBody>('POST', '/api/inventory/adjustments', { items: [] });
    assert.deepEqual(fieldsOf(empty.body), ['items']);
    const tooMany = Array.from({ length: 501 }, () => ({ ...base, kind: 'receipt', qty: 1 }));
    const big = await t.call<ErrorBody>('POST', '/api/inventory/adjustments', { items: tooMany });
    assert.deepEqual(fieldsOf(big.body), ['items']);
  });

  it('refuses a batch that would take on hand below zero with 409 naming the item, all or nothing', async () => {
    const s = await makeStock(db, 3);
    const res = await t.call<ErrorBody>('POST', '/api/inventory/adjustments', {
      items: [
        { sku: s.sku, locationId: s.locationId, kind: 'receipt', qty: 2 },
        { sku: s.sku, locationId: s.locationId, kind: 'write_off', qty: 6, reason: 'flood' },
      ],
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'insufficient_stock');
    assert.match(res.body.error.message, /^items\.1 /);
    assert.deepEqual(
      [res.body.error.details?.item, res.body.error.details?.sku, res.body.error.details?.onHand],
      ['items.1', s.sku, 5],
    );
    assert.deepEqual(await levelOf(db, s.productId, s.locationId), { onHand: 3, reserved: 0 });
  });

  it('lets viewers read stock but not change it; packers may', async () => {
    const s = await makeStock(db, 1);
    const viewer = await t.keyFor('viewer');
    const item = { sku: s.sku, locationId: s.locationId, kind: 'receipt', qty: 1 };
    assert.equal((await t.call('GET', '/api/inventory', undefined, viewer)).status, 200);
    assert.equal((await t.call('GET', '/api/inventory/movements', undefined, viewer)).status, 200);
    const refused = await t.call<ErrorBody>(
      'POST',
      '/api/inventory/adjustments',
      { items: [item] },
      viewer,
    );
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'forbidden');
    const packer = await t.keyFor('packer');
    assert.equal(
      (await t.call('POST', '/api/inventory/adjustments', { items: [item] }, packer)).status,
      201,
    );
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/inventory' });
    assert.equal(anonymous.statusCode, 401);
  });

  it('lists the ledger newest first, filtered by SKU, kind and reference, in pages', async () => {
    const s = await makeStock(db, 5);
    await reserveStock(db, { ...s, qty: 1 }, { ...testRef, refType: 'shipment', refId: 'shp_a' });
    await reserveStock(db, { ...s, qty: 2 }, { ...testRef, refType: 'shipment', refId: 'shp_b' });
    const all = await t.call<Page<LedgerEntry>>('GET', `/api/inventory/movements?sku=${s.sku}`);
    assert.deepEqual(
      all.body.data.map((m) => [m.kind, m.reservedDelta]),
      [
        ['reservation', 2],
        ['reservation', 1],
        ['receipt', 0],
      ],
    );
    assert.ok(all.body.data.every((m) => m.sku === s.sku && m.locationId === s.locationId));
    const byRef = await t.call<Page<LedgerEntry>>(
      'GET',
      `/api/inventory/movements?refType=shipment&refId=shp_a`,
    );
    assert.deepEqual(
      byRef.body.data.map((m) => m.reservedDelta),
      [1],
    );
    const receipts = await t.call<Page<LedgerEntry>>(
      'GET',
      `/api/inventory/movements?productId=${s.productId}&locationId=${s.locationId}&kind=receipt`,
    );
    assert.deepEqual(
      receipts.body.data.map((m) => m.onHandDelta),
      [5],
    );
    const first = await t.call<Page<LedgerEntry>>(
      'GET',
      `/api/inventory/movements?sku=${s.sku}&limit=2`,
    );
    assert.equal(first.body.data.length, 2);
    const rest = await t.call<Page<LedgerEntry>>(
      'GET',
      `/api/inventory/movements?sku=${s.sku}&limit=2&cursor=${first.body.nextCursor}`,
    );
    assert.deepEqual(
      [rest.body.data.map((m) => m.kind), rest.body.nextCursor],
      [['receipt'], null],
    );
    const unknown = await t.call<Page<LedgerEntry>>('GET', '/api/inventory/movements?sku=NOPE');
    assert.deepEqual(unknown.body, { data: [], nextCursor: null });
  });

  it('refuses a ledger filter on refId without refType, and an unknown kind, naming them', async () => {
    const res = await t.call<ErrorBody>('GET', '/api/inventory/movements?refId=x&kind=teleport');
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['querystring.kind']);
    const refOnly = await t.call<ErrorBody>('GET', '/api/inventory/movements?refId=x');
    assert.deepEqual(fieldsOf(refOnly.body), ['querystring.refId']);
  });

  it('gives every level of each product by product id, and an empty list for one without stock', async () => {
    const s = await makeStock(db, 2);
    const bare = await makeProduct(db);
    const levels = await availabilityBySku(db, [s.productId, bare.id]);
    assert.deepEqual([...levels.keys()].sort(), [s.productId, bare.id].sort());
    assert.deepEqual(
      levels.get(s.productId)?.map((l) => [l.locationId, l.available]),
      [[s.locationId, 2]],
    );
    assert.deepEqual(levels.get(bare.id), []);
  });
});
