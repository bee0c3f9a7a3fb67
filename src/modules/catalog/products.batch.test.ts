import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import {
  fieldPaths,
  productBody,
  uniq,
  type ErrorBody,
  type PageOf,
  type Product,
} from './catalog.testing.js';

interface BatchResult {
  created: number;
  updated: number;
  data: Product[];
}

describe(`products batch (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const batch = (products: unknown[]) =>
    t.call<BatchResult>('POST', '/api/products/batch', { products });
  const bySku = async (sku: string) =>
    (await t.call<PageOf<Product>>('GET', `/api/products?sku=${sku}`)).body.data[0];

  it('creates products whose substitutes are SKUs of the same batch, before or after them', async () => {
    const [a, b, c] = [uniq('A'), uniq('B'), uniq('C')];
    const res = await batch([
      productBody({ sku: a, substitutes: [c, b] }),
      productBody({ sku: b, barcodes: [uniq('EAN')] }),
      productBody({ sku: c, substitutes: [a] }),
    ]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.created, 3);
    assert.equal(res.body.updated, 0);
    assert.deepEqual(
      res.body.data.map((p) => p.sku),
      [a, b, c],
    );
    assert.deepEqual((await bySku(a))?.substitutes, [c, b]);
    assert.deepEqual((await bySku(c))?.substitutes, [a]);
  });

  it('updates the products whose SKU exists and keeps the fields a row leaves out', async () => {
    const oldSub = uniq('S');
    const code = uniq('EAN');
    const first = await batch([
      productBody({ sku: oldSub }),
      productBody({ sku: uniq('X'), barcodes: [code], substitutes: [oldSub] }),
    ]);
    const existing = first.body.data[1] as Product;
    t.clock.advance(1000);
    const fresh = uniq('N');
    const res = await batch([
      { sku: existing.sku, name: 'Renamed', price: { amount: 500, currency: 'EUR' } },
      productBody({ sku: fresh }),
    ]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.created, 1);
    assert.equal(res.body.updated, 1);
    const updated = await bySku(existing.sku);
    assert.equal(updated?.id, existing.id);
    assert.equal(updated?.name, 'Renamed');
    assert.equal(updated?.price.amount, 500);
    assert.deepEqual(updated?.barcodes, [code]);
    assert.deepEqual(updated?.substitutes, [oldSub]);
    assert.equal(updated?.createdAt, existing.createdAt);
    assert.notEqual(updated?.updatedAt, existing.updatedAt);
  });

  it('stores nothing when one row is bad, and names the index of each bad row', async () => {
    const existing = await batch([productBody()]);
    const existingSku = (existing.body.data[0] as Product).sku;
    const rows = [
      productBody(),
      { sku: existingSku, name: 'Changed', price: { amount: 1, currency: 'EUR' } },
      productBody({ substitutes: ['NO-SUCH-SKU'] }),
      productBody({ barcodes: [uniq('EAN')] }),
      productBody({ supplierId: 'sup_nope' }),
    ];
    const res = await t.call<ErrorBody>('POST', '/api/products/batch', { products: rows });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_error');
    assert.deepEqual(fieldPaths(res.body), ['products.2.substitutes.0', 'products.4.supplierId']);
    for (const i of [0, 2, 3, 4]) assert.equal(await bySku(rows[i]?.sku ?? ''), undefined);
    assert.equal((await bySku(existingSku))?.name, 'Cotton T-shirt');
  });

  it('names the index of a row whose shape is wrong', async () => {
    const res = await t.call<ErrorBody>('POST', '/api/products/batch', {
      products: [productBody(), productBody({ price: { amount: -5, currency: 'EUR' } })],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldPaths(res.body), ['products.1.price.amount']);
  });

  it('refuses a SKU or a barcode given twice in one batch, naming the later row', async () => {
    const sku = uniq('D');
    const code = uniq('EAN');
    const res = await t.call<ErrorBody>('POST', '/api/products/batch', {
      products: [
        productBody({ sku, barcodes: [code] }),
        productBody({ sku }),
        productBody({ barcodes: [code] }),
      ],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldPaths(res.body), ['products.1.sku', 'products.2.barcodes.0']);
    assert.equal(await bySku(sku), undefined);
  });

  it('refuses a barcode held by a product outside the batch', async () => {
    const code = uniq('EAN');
    await batch([productBody({ barcodes: [code] })]);
    const res = await t.call<ErrorBody>('POST', '/api/products/batch', {
      products: [productBody({ barcodes: [code] })],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldPaths(res.body), ['products.0.barcodes.0']);
  });

  it('moves a barcode from one product to another within one batch', async () => {
    const code = uniq('EAN');
    const [from, to] = [uniq('FROM'), uniq('TO')];
    await batch([productBody({ sku: from, barcodes: [code] }), productBody({ sku: to })]);
    const res = await batch([
      { sku: to, name: 'To', price: { amount: 1, currency: 'EUR' }, barcodes: [code] },
      { sku: from, name: 'From', price: { amount: 1, currency: 'EUR' }, barcodes: [] },
    ]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual((await bySku(to))?.barcodes, [code]);
    assert.deepEqual((await bySku(from))?.barcodes, []);
  });

  it('refuses an empty batch and one of more than 1000 products', async () => {
    assert.equal((await batch([])).status, 400);
    const big = Array.from({ length: 1001 }, () => productBody());
    const res = await t.call<ErrorBody>('POST', '/api/products/batch', { products: big });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldPaths(res.body), ['products']);
  });

  it('creates a batch of 1000 products in one request', async () => {
    const tag = uniq('BULK');
    const rows = Array.from({ length: 1000 }, (_, i) =>
      productBody({
        sku: `${tag}-${i}`,
        barcodes: [`${tag}-EAN-${i}`],
        substitutes: i > 0 ? [`${tag}-${i - 1}`] : [],
      }),
    );
    const res = await batch(rows);
    assert.equal(res.status, 200);
    assert.equal(res.body.created, 1000);
    const last = await bySku(`${tag}-999`);
    assert.deepEqual(last?.substitutes, [`${tag}-998`]);
    assert.deepEqual(last?.barcodes, [`${tag}-EAN-999`]);
  });
});
