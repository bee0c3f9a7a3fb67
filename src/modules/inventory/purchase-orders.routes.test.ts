import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../db/database.js';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { PurchaseOrder } from './inventory.js';
import {
  makeLocation,
  makeProduct,
  makePurchaseOrder,
  makeSupplier,
} from './inventory.factories.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

const base = '/api/inventory/purchase-orders';

function fieldsOf(body: unknown): string[] {
  const fields = (body as ErrorBody).error.details?.fields as { path: string }[] | undefined;
  return (fields ?? []).map((f) => f.path).sort();
}

describe(`purchase orders over HTTP: create, read, list, roles (${dialect})`, () => {
  let t: TestApp;
  let db: Db;
  before(async () => {
    t = await createTestApp();
    db = t.testDb.handle.db;
  });
  after(() => t.close());

  it('creates an open purchase order with its lines, dates in UTC, and reads it back', async () => {
    const [a, b] = [await makeProduct(db), await makeProduct(db)];
    const supplierId = await makeSupplier(db);
    const locationId = await makeLocation(db);
    const res = await t.call<PurchaseOrder>('POST', base, {
      reference: 'PO-CREATE-1',
      supplierId,
      locationId,
      expectedAt: '2026-03-10T10:00:00+02:00',
      lines: [
        { sku: a.sku, qty: 5 },
        { sku: b.sku, qty: 2 },
      ],
    });
    assert.equal(res.status, 201);
    const po = res.body;
    assert.deepEqual(
      [po.reference, po.supplierId, po.locationId, po.status, po.expectedAt, po.receivedAt],
      ['PO-CREATE-1', supplierId, locationId, 'open', '2026-03-10T08:00:00.000Z', null],
    );
    assert.deepEqual(
      po.lines.map((l) => [l.sku, l.productId, l.qtyOrdered, l.qtyReceived, l.qtyOutstanding]),
      [
        [a.sku, a.id, 5, 0, 5],
        [b.sku, b.id, 2, 0, 2],
      ],
    );
    const read = await t.call<PurchaseOrder>('GET', `${base}/${po.id}`);
    assert.deepEqual(read.body, po);
  });

  it('refuses a second purchase order with the same reference with 409 duplicate', async () => {
    const p = await makeProduct(db);
    const locationId = await makeLocation(db);
    const body = {
      reference: 'PO-DUP',
      locationId,
      expectedAt: '2026-03-10T08:00:00Z',
      lines: [{ sku: p.sku, qty: 1 }],
    };
    assert.equal((await t.call('POST', base, body)).status, 201);
    const again = await t.call<ErrorBody>('POST', base, body);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'duplicate');
  });

  it('names unknown SKUs, location and supplier, repeated SKUs and bad dates with 400', async () => {
    const p = await makeProduct(db);
    const unknown = await t.call<ErrorBody>('POST', base, {
      reference: 'PO-BAD-1',
      locationId: 'loc_missing',
      expectedAt: '2026-03-10T08:00:00Z',
      lines: [
        { sku: p.sku, qty: 1 },
        { sku: 'NO-SUCH', qty: 1 },
      ],
    });
    assert.equal(unknown.status, 400);
    assert.deepEqual(fieldsOf(unknown.body), ['lines.1.sku', 'locationId']);

    const supplier = await t.call<ErrorBody>('POST', base, {
      reference: 'PO-BAD-2',
      supplierId: 'sup_missing',
      locationId: await makeLocation(db),
      expectedAt: '2026-03-10T08:00:00Z',
      lines: [{ sku: p.sku, qty: 1 }],
    });
    assert.equal(supplier.status, 400);
    assert.deepEqual(fieldsOf(supplier.body), ['supplierId']);

    const shape = await t.call<ErrorBody>('POST', base, {
      reference: '',
      locationId: 'x',
      expectedAt: 'next tuesday',
      lines: [
        { sku: p.sku, qty: 1 },
        { sku: p.sku, qty: 0 },
      ],
    });
    assert.equal(shape.status, 400);
    assert.deepEqual(fieldsOf(shape.body), [
      'expectedAt',
      'lines.1.qty',
      'lines.1.sku',
      'reference',
    ]);
    assert.equal(
      (await t.call<Page<PurchaseOrder>>('GET', `${base}?sku=${p.sku}&status=open`)).body.data
        .length,
      0,
    );
  });

  it('answers an unknown purchase order with 404 on every route', async () => {
    const id = 'po_missing';
    const calls = [
      await t.call<ErrorBody>('GET', `${base}/${id}`),
      await t.call<ErrorBody>('PATCH', `${base}/${id}`, { expectedAt: '2026-04-01T00:00:00Z' }),
      await t.call<ErrorBody>('POST', `${base}/${id}/receipts`, { lines: [{ sku: 'X', qty: 1 }] }),
      await t.call<ErrorBody>('POST', `${base}/${id}/cancel`),
    ];
    for (const res of calls) {
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'purchase_order_not_found');
    }
  });

  it('lists purchase orders by status, SKU and location, in pages', async () => {
    const p = await makeProduct(db);
    const locationId = await makeLocation(db);
    const first = await makePurchaseOrder(db, [{ sku: p.sku, qty: 1 }], { locationId });
    const second = await makePurchaseOrder(db, [{ sku: p.sku, qty: 1 }], { locationId });
    const other = await makePurchaseOrder(db, [{ sku: (await makeProduct(db)).sku, qty: 1 }], {
      locationId,
    });
    await t.call('POST', `${base}/${second.id}/cancel`);

    const bySku = await t.call<Page<PurchaseOrder>>('GET', `${base}?sku=${p.sku}`);
    assert.deepEqual(
      bySku.body.data.map((po) => po.id),
      [first.id, second.id],
    );
    const open = await t.call<Page<PurchaseOrder>>(
      'GET',
      `${base}?locationId=${locationId}&status=open`,
    );
    assert.deepEqual(
      open.body.data.map((po) => po.id),
      [first.id, other.id],
    );
    const page1 = await t.call<Page<PurchaseOrder>>(
      'GET',
      `${base}?locationId=${locationId}&limit=2`,
    );
    const page2 = await t.call<Page<PurchaseOrder>>(
      'GET',
      `${base}?locationId=${locationId}&limit=2&cursor=${page1.body.nextCursor}`,
    );
    assert.deepEqual(
      [...page1.body.data, ...page2.body.data].map((po) => po.id),
      [first.id, second.id, other.id],
    );
    assert.equal(page2.body.nextCursor, null);
  });

  it('lets viewers read purchase orders but not write them; packers may', async () => {
    const a = await makeProduct(db);
    const po = await makePurchaseOrder(db, [{ sku: a.sku, qty: 2 }]);
    const viewer = await t.keyFor('viewer');
    const packer = await t.keyFor('packer');
    assert.equal((await t.call('GET', base, undefined, viewer)).status, 200);
    assert.equal((await t.call('GET', `${base}/${po.id}`, undefined, viewer)).status, 200);
    const writes = [
      [
        'POST',
        base,
        {
          reference: 'PO-V',
          locationId: po.locationId,
          expectedAt: po.expectedAt,
          lines: [{ sku: a.sku, qty: 1 }],
        },
      ],
      ['PATCH', `${base}/${po.id}`, { expectedAt: '2026-04-01T00:00:00Z' }],
      ['POST', `${base}/${po.id}/receipts`, { lines: [{ sku: a.sku, qty: 1 }] }],
      ['POST', `${base}/${po.id}/cancel`, undefined],
    ] as const;
    for (const [method, url, body] of writes) {
      assert.equal((await t.call(method, url, body, viewer)).status, 403, `${method} ${url}`);
    }
    const statuses = [];
    for (const [method, url, body] of writes)
      statuses.push((await t.call(method, url, body, packer)).status);
    assert.deepEqual(statuses, [201, 200, 200, 200]);
  });
});
