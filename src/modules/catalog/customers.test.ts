import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import {
  b2bContract,
  customerBody,
  fieldPaths,
  uniq,
  type Customer,
  type ErrorBody,
  type PageOf,
} from './catalog.testing.js';

describe(`customers (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const create = async (over: Record<string, unknown> = {}) => {
    const res = await t.call<Customer>('POST', '/api/customers', customerBody(over));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const ids = async (query: string) => {
    const res = await t.call<PageOf<Customer>>('GET', `/api/customers?limit=500&${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data.map((c) => c.id).sort();
  };

  it('creates a b2c customer in English by default, with the email lower-cased', async () => {
    const email = `${uniq('Ana.Garcia')}@Example.COM`;
    const made = await create({ email, phone: '+34 600 123 456' });
    assert.match(made.id, /^cus_/);
    assert.equal(made.email, email.toLowerCase());
    assert.equal(made.phone, '+34600123456');
    assert.equal(made.locale, 'en');
    assert.equal(made.tier, 'b2c');
    assert.equal(made.address, null);
    assert.equal(made.contract, null);
    const got = await t.call<Customer>('GET', `/api/customers/${made.id}`);
    assert.deepEqual(got.body, made);
  });

  it('gives a b2b contract the default fixed penalty and catch-up days', async () => {
    const made = await create({ tier: 'b2b', locale: 'es', contract: b2bContract });
    assert.deepEqual(made.contract, {
      ...b2bContract,
      penaltyFixedPerBreach: 0,
      catchUpDays: 7,
    });
    assert.equal(made.locale, 'es');
  });

  it('refuses a contract for a customer that is not b2b, naming contract', async () => {
    for (const tier of ['b2c', 'vip']) {
      const res = await t.call<ErrorBody>(
        'POST',
        '/api/customers',
        customerBody({ tier, contract: b2bContract }),
      );
      assert.equal(res.status, 400);
      assert.deepEqual(fieldPaths(res.body), ['contract']);
    }
  });

  it('refuses to move a customer with a contract off b2b unless the contract goes too', async () => {
    const made = await create({ tier: 'b2b', contract: b2bContract });
    const res = await t.call<ErrorBody>('PATCH', `/api/customers/${made.id}`, { tier: 'vip' });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldPaths(res.body), ['tier']);
    const both = await t.call<Customer>('PATCH', `/api/customers/${made.id}`, {
      tier: 'vip',
      contract: null,
    });
    assert.equal(both.status, 200);
    assert.equal(both.body.tier, 'vip');
    assert.equal(both.body.contract, null);
  });

  it('names each bad field: email, phone, locale, tier, contract rates', async () => {
    const res = await t.call<ErrorBody>('POST', '/api/customers', {
      name: 'X',
      email: 'nope',
      phone: '600123456',
      locale: 'fr',
      tier: 'gold',
    });
    assert.deepEqual(fieldPaths(res.body), ['email', 'locale', 'phone', 'tier']);
    const rates = await t.call<ErrorBody>(
      'POST',
      '/api/customers',
      customerBody({ tier: 'b2b', contract: { ...b2bContract, fillRateTarget: 1.5 } }),
    );
    assert.deepEqual(fieldPaths(rates.body), ['contract.fillRateTarget']);
  });

  it('changes a customer and keeps the fields a change leaves out', async () => {
    const made = await create({ phone: '+351912345678' });
    t.clock.advance(1000);
    const address = { line1: 'Rua Augusta 10', city: 'Lisboa', postalCode: '1100', country: 'PT' };
    const changed = await t.call<Customer>('PATCH', `/api/customers/${made.id}`, {
      name: 'Ana G.',
      locale: 'pt',
      address,
      email: null,
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.name, 'Ana G.');
    assert.equal(changed.body.locale, 'pt');
    assert.deepEqual(changed.body.address, address);
    assert.equal(changed.body.email, null);
    assert.equal(changed.body.phone, '+351912345678');
    assert.notEqual(changed.body.updatedAt, made.updatedAt);
  });

  it('refuses an externalId another customer has with 409 duplicate', async () => {
    const externalId = uniq('shopify');
    const first = await create({ externalId });
    const again = await t.call<ErrorBody>('POST', '/api/customers', customerBody({ externalId }));
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'duplicate');
    assert.equal(again.body.error.details?.customerId, first.id);
    const other = await create();
    const patched = await t.call<ErrorBody>('PATCH', `/api/customers/${other.id}`, {
      externalId,
    });
    assert.equal(patched.status, 409);
  });

  it('filters by email in any case, tier, externalId, and part of the name or email', async () => {
    const tag = uniq('zz').replaceAll('-', '');
    const a = await create({ name: `Marta ${tag.toUpperCase()}`, tier: 'vip' });
    const b = await create({ email: `${tag}@shop.example`, externalId: `${tag}-ext` });
    assert.deepEqual(await ids(`email=${encodeURIComponent(b.email?.toUpperCase() ?? '')}`), [
      b.id,
    ]);
    assert.deepEqual(await ids(`q=${tag}`), [a.id, b.id].sort());
    assert.deepEqual(await ids(`q=${tag}&tier=vip`), [a.id]);
    assert.deepEqual(await ids(`externalId=${tag}-ext`), [b.id]);
    assert.deepEqual(await ids(`q=marta%20${tag}`), [a.id]);
  });

  it('pages through customers with nextCursor', async () => {
    for (let i = 0; i < 3; i++) await create();
    const first = await t.call<PageOf<Customer>>('GET', '/api/customers?limit=2');
    assert.equal(first.body.data.length, 2);
    assert.ok(first.body.nextCursor);
    const second = await t.call<PageOf<Customer>>(
      'GET',
      `/api/customers?limit=2&cursor=${first.body.nextCursor}`,
    );
    assert.ok(second.body.data.length > 0);
    const firstIds = new Set(first.body.data.map((c) => c.id));
    assert.ok(second.body.data.every((c) => !firstIds.has(c.id)));
  });

  it('answers 404 customer_not_found for an unknown id', async () => {
    const res = await t.call<ErrorBody>('GET', '/api/customers/cus_nope');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'customer_not_found');
  });

  it('lets an agent write customers, finance only read them, and keeps them from a viewer', async () => {
    const agent = await t.keyFor('agent');
    const made = await t.call<Customer>('POST', '/api/customers', customerBody(), agent);
    assert.equal(made.status, 201);
    const patched = await t.call('PATCH', `/api/customers/${made.body.id}`, { name: 'B' }, agent);
    assert.equal(patched.status, 200);
    const finance = await t.keyFor('finance');
    assert.equal(
      (await t.call('GET', `/api/customers/${made.body.id}`, undefined, finance)).status,
      200,
    );
    assert.equal((await t.call('POST', '/api/customers', customerBody(), finance)).status, 403);
    const viewer = await t.keyFor('viewer');
    assert.equal(
      (await t.call('GET', `/api/customers/${made.body.id}`, undefined, viewer)).status,
      403,
    );
    assert.equal((await t.call('POST', '/api/customers', customerBody(), viewer)).status, 403);
    const denied = await t.call('PATCH', `/api/customers/${made.body.id}`, { name: 'C' }, viewer);
    assert.equal(denied.status, 403);
  });
});
