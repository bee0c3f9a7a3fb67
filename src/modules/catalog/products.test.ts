import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import {
  fieldPaths,
  productBody,
  supplierBody,
  uniq,
  type ErrorBody,
  type PageOf,
  type Product,
  type Supplier,
} from './catalog.testing.js';

describe(`products (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const create = async (over: Record<string, unknown> = {}) => {
    const res = await t.call<Product>('POST', '/api/products', productBody(over));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const list = async (query: string) => {
    const res = await t.call<PageOf<Product>>('GET', `/api/products?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  it('creates a product with a trimmed SKU, barcodes and substitutes in order, and reads it back', async () => {
    const sub1 = await create();
    const sub2 = await create();
    const supplier = await t.call<Supplier>('POST', '/api/suppliers', supplierBody());
    const sku = uniq('TEE');
    const ean = `84${Date.now()}`.slice(0, 13);
    const made = await t.call<Product>('POST', '/api/products', {
      ...productBody({ sku: `  ${sku} ` }),
      supplierId: supplier.body.id,
      barcodes: [ean],
      substitutes: [sub2.sku, sub1.sku],
    });
    assert.equal(made.status, 201);
    assert.match(made.body.id, /^prd_/);
    assert.equal(made.body.sku, sku);
    assert.deepEqual(made.body.price, { amount: 1999, currency: 'EUR' });
    assert.equal(made.body.supplierId, supplier.body.id);
    assert.deepEqual(made.body.barcodes, [ean]);
    assert.deepEqual(made.body.substitutes, [sub2.sku, sub1.sku]);
    assert.equal(made.body.active, true);
    const got = await t.call<Product>('GET', `/api/products/${made.body.id}`);
    assert.deepEqual(got.body, made.body);
  });

  it('changes name, price, supplier and active, and replaces barcodes and substitutes', async () => {
    const [a, b, c] = [await create(), await create(), await create()];
    const supplier = await t.call<Supplier>('POST', '/api/suppliers', supplierBody());
    const made = await create({ barcodes: [uniq('OLD')], substitutes: [a.sku, b.sku] });
    t.clock.advance(1000);
    const code = uniq('NEW');
    const changed = await t.call<Product>('PATCH', `/api/products/${made.id}`, {
      name: 'Organic cotton T-shirt',
      price: { amount: 2499, currency: 'EUR' },
      supplierId: supplier.body.id,
      active: false,
      barcodes: [code],
      substitutes: [c.sku, a.sku],
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.supplierId, supplier.body.id);
    assert.equal(changed.body.name, 'Organic cotton T-shirt');
    assert.deepEqual(changed.body.price, { amount: 2499, currency: 'EUR' });
    assert.equal(changed.body.active, false);
    assert.deepEqual(changed.body.barcodes, [code]);
    assert.deepEqual(changed.body.substitutes, [c.sku, a.sku]);
    assert.equal(changed.body.sku, made.sku);
    assert.notEqual(changed.body.updatedAt, made.updatedAt);

    const untouched = await t.call<Product>('PATCH', `/api/products/${made.id}`, {
      supplierId: null,
    });
    assert.equal(untouched.body.supplierId, null);
    assert.equal(untouched.body.name, 'Organic cotton T-shirt');
    assert.deepEqual(untouched.body.barcodes, [code]);
    assert.deepEqual(untouched.body.substitutes, [c.sku, a.sku]);
  });

  it('refuses a SKU that is taken with 409 sku_taken', async () => {
    const made = await create();
    const again = await t.call<ErrorBody>('POST', '/api/products', productBody({ sku: made.sku }));
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'sku_taken');
    assert.equal(again.body.error.details?.productId, made.id);
  });

  it('refuses a barcode another product has with 409 barcode_taken naming the code and the product', async () => {
    const code = uniq('EAN');
    const holder = await create({ barcodes: [code] });
    const res = await t.call<ErrorBody>('POST', '/api/products', productBody({ barcodes: [code] }));
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'barcode_taken');
    assert.equal(res.body.error.details?.code, code);
    assert.equal(res.body.error.details?.productId, holder.id);
    assert.match(res.body.error.message, new RegExp(holder.sku));
    const other = await create();
    const patched = await t.call<ErrorBody>('PATCH', `/api/products/${other.id}`, {
      barcodes: [code],
    });
    assert.equal(patched.status, 409);
    assert.equal((await list(`barcode=${code}`)).data[0]?.id, holder.id);
  });

  it('refuses a barcode that is another product’s SKU, and a SKU that is another product’s barcode', async () => {
    const a = await create();
    const asBarcode = await t.call<ErrorBody>(
      'POST',
      '/api/products',
      productBody({ barcodes: [a.sku] }),
    );
    assert.equal(asBarcode.status, 409);
    assert.equal(asBarcode.body.error.code, 'barcode_taken');
    const code = uniq('CODE');
    await create({ barcodes: [code] });
    const asSku = await t.call<ErrorBody>('POST', '/api/products', productBody({ sku: code }));
    assert.equal(asSku.status, 409);
    assert.equal(asSku.body.error.code, 'sku_taken');
    const own = await t.call<Product>('PATCH', `/api/products/${a.id}`, { barcodes: [a.sku] });
    assert.equal(own.status, 200, 'a product may carry its own SKU as a barcode');
  });

  it('frees the barcodes a change removes for other products to use', async () => {
    const code = uniq('EAN');
    const first = await create({ barcodes: [code] });
    await t.call('PATCH', `/api/products/${first.id}`, { barcodes: [] });
    const second = await create({ barcodes: [code] });
    assert.deepEqual(second.barcodes, [code]);
  });

  it('refuses an unknown substitute SKU with 400 naming substitutes.N, and stores nothing', async () => {
    const known = await create();
    const body = productBody({ substitutes: [known.sku, 'NO-SUCH-SKU'], barcodes: [uniq('B')] });
    const res = await t.call<ErrorBody>('POST', '/api/products', body);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_error');
    assert.deepEqual(fieldPaths(res.body), ['substitutes.1']);
    assert.equal((await list(`sku=${body.sku}`)).data.length, 0);
    assert.equal((await list(`barcode=${body.barcodes[0]}`)).data.length, 0);
  });

  it('refuses a product as its own substitute, and a repeated substitute or barcode', async () => {
    const made = await create();
    const other = await create();
    const self = await t.call<ErrorBody>('PATCH', `/api/products/${made.id}`, {
      substitutes: [other.sku, made.sku],
    });
    assert.equal(self.status, 400);
    assert.deepEqual(fieldPaths(self.body), ['substitutes.1']);
    const code = uniq('B');
    const repeated = await t.call<ErrorBody>('PATCH', `/api/products/${made.id}`, {
      substitutes: [other.sku, other.sku],
      barcodes: [code, code],
    });
    assert.deepEqual(fieldPaths(repeated.body), ['barcodes.1', 'substitutes.1']);
  });

  it('changes nothing when one part of a change is refused', async () => {
    const sub = await create();
    const code = uniq('KEEP');
    const made = await create({ barcodes: [code], substitutes: [sub.sku] });
    const res = await t.call<ErrorBody>('PATCH', `/api/products/${made.id}`, {
      name: 'Renamed',
      barcodes: [uniq('NEW')],
      substitutes: ['NO-SUCH-SKU'],
    });
    assert.equal(res.status, 400);
    const got = await t.call<Product>('GET', `/api/products/${made.id}`);
    assert.deepEqual(got.body, made);
  });

  it('refuses an unknown supplier with 400 naming supplierId', async () => {
    const res = await t.call<ErrorBody>(
      'POST',
      '/api/products',
      productBody({ supplierId: 'sup_nope' }),
    );
    assert.equal(res.status, 400);
    assert.deepEqual(fieldPaths(res.body), ['supplierId']);
  });

  it('names each bad field of a product: SKU characters, negative and fractional price, currency', async () => {
    const res = await t.call<ErrorBody>('POST', '/api/products', {
      sku: 'bad sku!',
      name: '',
      price: { amount: 10.5, currency: 'euro' },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldPaths(res.body), ['name', 'price.amount', 'price.currency', 'sku']);
    const negative = await t.call<ErrorBody>(
      'POST',
      '/api/products',
      productBody({ price: { amount: -1, currency: 'EUR' } }),
    );
    assert.deepEqual(fieldPaths(negative.body), ['price.amount']);
  });

  it('finds products by part of the SKU or name in any case, with % and _ taken literally', async () => {
    const tag = uniq('q').replaceAll('-', '');
    const bySku = await create({ sku: `${tag}_ABC`, name: 'Plain' });
    const byName = await create({ name: `Zapatilla ${tag.toUpperCase()} Roja` });
    const decoy = await create({ sku: `${tag}XABC`, name: 'Decoy' });
    const ids = async (q: string) =>
      (await list(`limit=500&q=${encodeURIComponent(q)}`)).data.map((p) => p.id).sort();
    assert.deepEqual(await ids(tag.toUpperCase()), [bySku.id, byName.id, decoy.id].sort());
    assert.deepEqual(await ids(`${tag}_abc`), [bySku.id]);
    assert.deepEqual(await ids(`zapatilla ${tag}`), [byName.id]);
    assert.deepEqual(await ids(`${tag}%`), []);
  });

  it('filters by sku, barcode, supplier and active', async () => {
    const supplier = await t.call<Supplier>('POST', '/api/suppliers', supplierBody());
    const code = uniq('EAN');
    const a = await create({ supplierId: supplier.body.id, barcodes: [code] });
    const b = await create({ supplierId: supplier.body.id, active: false });
    const ids = async (q: string) => (await list(`limit=500&${q}`)).data.map((p) => p.id).sort();
    assert.deepEqual(await ids(`sku=${a.sku}`), [a.id]);
    assert.deepEqual(await ids(`barcode=${code}`), [a.id]);
    assert.deepEqual(await ids(`supplierId=${supplier.body.id}`), [a.id, b.id].sort());
    assert.deepEqual(await ids(`supplierId=${supplier.body.id}&active=false`), [b.id]);
    assert.deepEqual(await ids(`supplierId=${supplier.body.id}&active=true`), [a.id]);
  });

  it('pages through products with nextCursor, each once', async () => {
    const supplier = await t.call<Supplier>('POST', '/api/suppliers', supplierBody());
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await create({ supplierId: supplier.body.id })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: PageOf<Product> = await list(
        `supplierId=${supplier.body.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.ok(page.data.length <= 2);
      seen.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, made.sort());
  });

  it('answers 404 product_not_found for an unknown id', async () => {
    const res = await t.call<ErrorBody>('GET', '/api/products/prd_nope');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'product_not_found');
    const patch = await t.call<ErrorBody>('PATCH', '/api/products/prd_nope', { name: 'x' });
    assert.equal(patch.status, 404);
  });

  it('lets a viewer and an agent read products but not write them', async () => {
    const made = await create();
    for (const role of ['viewer', 'agent'] as const) {
      const key = await t.keyFor(role);
      assert.equal((await t.call('GET', `/api/products/${made.id}`, undefined, key)).status, 200);
      assert.equal((await t.call('GET', '/api/products', undefined, key)).status, 200);
      const post = await t.call<ErrorBody>('POST', '/api/products', productBody(), key);
      assert.equal(post.status, 403);
      const patch = await t.call('PATCH', `/api/products/${made.id}`, { name: 'x' }, key);
      assert.equal(patch.status, 403);
      const batch = await t.call('POST', '/api/products/batch', { products: [productBody()] }, key);
      assert.equal(batch.status, 403);
    }
  });
});
