import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { supplierBody, type ErrorBody, type PageOf, type Supplier } from './catalog.testing.js';

describe(`suppliers (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('creates a supplier with an id and timestamps and reads it back', async () => {
    const body = supplierBody({ email: 'Orders@Acme.Example' });
    const made = await t.call<Supplier>('POST', '/api/suppliers', body);
    assert.equal(made.status, 201);
    assert.match(made.body.id, /^sup_/);
    assert.equal(made.body.code, body.code);
    assert.equal(made.body.email, 'orders@acme.example');
    assert.equal(made.body.createdAt, t.clock.now().toISOString());

    const got = await t.call<Supplier>('GET', `/api/suppliers/${made.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, made.body);
  });

  it('changes name and email, clears the email with null, and moves updatedAt', async () => {
    const made = await t.call<Supplier>('POST', '/api/suppliers', supplierBody());
    t.clock.advance(60_000);
    const changed = await t.call<Supplier>('PATCH', `/api/suppliers/${made.body.id}`, {
      name: 'Acme Textiles S.L.',
      email: null,
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.name, 'Acme Textiles S.L.');
    assert.equal(changed.body.email, null);
    assert.equal(changed.body.code, made.body.code);
    assert.equal(changed.body.createdAt, made.body.createdAt);
    assert.notEqual(changed.body.updatedAt, made.body.updatedAt);
  });

  it('refuses a code another supplier has, on create and on change, with 409 code_taken', async () => {
    const first = await t.call<Supplier>('POST', '/api/suppliers', supplierBody());
    const again = await t.call<ErrorBody>(
      'POST',
      '/api/suppliers',
      supplierBody({ code: first.body.code }),
    );
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'code_taken');
    assert.equal(again.body.error.details?.supplierId, first.body.id);

    const second = await t.call<Supplier>('POST', '/api/suppliers', supplierBody());
    const renamed = await t.call<ErrorBody>('PATCH', `/api/suppliers/${second.body.id}`, {
      code: first.body.code,
    });
    assert.equal(renamed.status, 409);
    assert.equal(renamed.body.error.code, 'code_taken');
  });

  it('keeps its own code when a change repeats it', async () => {
    const made = await t.call<Supplier>('POST', '/api/suppliers', supplierBody());
    const same = await t.call<Supplier>('PATCH', `/api/suppliers/${made.body.id}`, {
      code: made.body.code,
    });
    assert.equal(same.status, 200);
  });

  it('pages through suppliers with nextCursor, each once, in id order', async () => {
    for (let i = 0; i < 3; i++) await t.call('POST', '/api/suppliers', supplierBody());
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/suppliers?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.call<PageOf<Supplier>>('GET', url);
      assert.equal(page.status, 200);
      assert.ok(page.body.data.length <= 2);
      seen.push(...page.body.data.map((s) => s.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    assert.ok(pages >= 2);
    assert.equal(new Set(seen).size, seen.length);
    assert.deepEqual(seen, [...seen].sort());
    const all = await t.call<PageOf<Supplier>>('GET', '/api/suppliers?limit=500');
    assert.equal(all.body.data.length, seen.length);
    assert.equal(all.body.nextCursor, null);
  });

  it('answers 404 supplier_not_found for an unknown id', async () => {
    const got = await t.call<ErrorBody>('GET', '/api/suppliers/sup_nope');
    assert.equal(got.status, 404);
    assert.equal(got.body.error.code, 'supplier_not_found');
    const patched = await t.call<ErrorBody>('PATCH', '/api/suppliers/sup_nope', { name: 'X' });
    assert.equal(patched.status, 404);
  });

  it('names a bad code and email on invalid input', async () => {
    const res = await t.call<ErrorBody>('POST', '/api/suppliers', {
      code: 'has space',
      name: 'X',
      email: 'not-an-email',
    });
    assert.equal(res.status, 400);
    assert.deepEqual((res.body.error.details?.fields ?? []).map((f) => f.path).sort(), [
      'code',
      'email',
    ]);
  });

  it('lets a viewer and an agent read suppliers but not write them', async () => {
    const made = await t.call<Supplier>('POST', '/api/suppliers', supplierBody());
    for (const role of ['viewer', 'agent'] as const) {
      const key = await t.keyFor(role);
      assert.equal(
        (await t.call('GET', `/api/suppliers/${made.body.id}`, undefined, key)).status,
        200,
      );
      assert.equal((await t.call('GET', '/api/suppliers', undefined, key)).status, 200);
      const post = await t.call<ErrorBody>('POST', '/api/suppliers', supplierBody(), key);
      assert.equal(post.status, 403);
      assert.equal(post.body.error.code, 'forbidden');
      const patch = await t.call('PATCH', `/api/suppliers/${made.body.id}`, { name: 'Y' }, key);
      assert.equal(patch.status, 403);
    }
  });
});
