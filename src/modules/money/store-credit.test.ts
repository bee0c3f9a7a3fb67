import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import {
  advance,
  customerMessages,
  errorOf,
  getCreditNote,
  incidentOf,
  paidOrder,
} from './money.factories.js';
import type { IncidentCost, StoreCreditBalance, StoreCreditEntry } from './money.js';

describe(`store credit API (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const credit = (customerId: string, body: Record<string, unknown>) =>
    t.call<StoreCreditEntry>('POST', `/api/store-credit/${customerId}/credit`, {
      currency: 'EUR',
      reason: 'goodwill',
      ...body,
    });
  const debit = (customerId: string, body: Record<string, unknown>) =>
    t.call<StoreCreditEntry>('POST', `/api/store-credit/${customerId}/debit`, {
      currency: 'EUR',
      reason: 'checkout',
      idempotencyKey: `debit-${Math.random().toString(36).slice(2)}`,
      ...body,
    });
  const balance = async (customerId: string): Promise<StoreCreditBalance> => {
    const res = await t.call<{ accounts: StoreCreditBalance[] }>(
      'GET',
      `/api/store-credit/${customerId}?currency=EUR`,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [account] = res.body.accounts;
    assert.ok(account);
    return account;
  };

  it('grants credit with a credit note, the incident’s cost and the customer’s message', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order, { type: 'wrong_item' });
    const res = await credit(order.customerId, { amount: 1_000, incidentId: incident.id });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal((await balance(order.customerId)).available, 1_000);
    const costs = await t.call<{ data: IncidentCost[] }>(
      'GET',
      `/api/ledger?incidentId=${incident.id}&kind=store_credit`,
    );
    assert.deepEqual(
      costs.body.data.map((c) => [c.amount, c.party]),
      [[1_000, 'warehouse']],
    );
    const notes = await t.call<{ data: { id: string; storeCreditEntryId: string | null }[] }>(
      'GET',
      `/api/credit-notes?incidentId=${incident.id}`,
    );
    const note = notes.body.data.find((n) => n.storeCreditEntryId === res.body.id);
    assert.ok(note);
    assert.equal((await getCreditNote(t, note.id)).totals.total, 1_000);
    assert.ok((await customerMessages(t, incident.id)).some((m) => m.event === 'credit_issued'));
  });

  it('spends idempotently, never below zero', async () => {
    const { order } = await paidOrder(t);
    await credit(order.customerId, { amount: 1_000 });
    const first = await debit(order.customerId, { amount: 600, idempotencyKey: 'spend-once-1' });
    const retry = await debit(order.customerId, { amount: 600, idempotencyKey: 'spend-once-1' });
    assert.equal(first.status, 201);
    assert.equal(retry.body.id, first.body.id);
    const over = await debit(order.customerId, { amount: 500 });
    assert.equal(over.status, 409);
    assert.equal(errorOf(over.body).code, 'insufficient_store_credit');
    assert.equal(errorOf(over.body).details?.available, 400);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => debit(order.customerId, { amount: 150 })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 201, 409, 409]);
    assert.equal((await balance(order.customerId)).available, 100);
  });

  it('cannot spend expired credit; the expiry job takes it off the balance', async () => {
    const { order } = await paidOrder(t);
    const day = 86_400_000;
    const soon = new Date(t.clock.now().getTime() + day).toISOString();
    await credit(order.customerId, { amount: 700, expiresAt: soon });
    await credit(order.customerId, { amount: 300 });
    t.clock.advance(2 * day);
    const before = await balance(order.customerId);
    assert.deepEqual([before.available, before.expired], [300, 700], 'expired before any sweep');
    const refused = await debit(order.customerId, { amount: 500 });
    assert.equal(errorOf(refused.body).details?.available, 300);
    await advance(t, 'PT0S');
    const swept = await balance(order.customerId);
    assert.deepEqual([swept.available, swept.expired], [300, 700]);
    assert.deepEqual(
      swept.entries.map((e) => [e.kind, e.amount]),
      [
        ['credit', 700],
        ['credit', 300],
        ['expiry', -700],
      ],
    );
  });

  it('spends the credit that expires first, and reverses what is left of a credit once', async () => {
    const { order } = await paidOrder(t);
    const later = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const sooner = new Date(t.clock.now().getTime() + 10 * 86_400_000).toISOString();
    const a = (await credit(order.customerId, { amount: 500, expiresAt: later })).body;
    const b = (await credit(order.customerId, { amount: 500, expiresAt: sooner })).body;
    await debit(order.customerId, { amount: 600 });
    const entries = (await balance(order.customerId)).entries;
    assert.deepEqual(
      [
        entries.find((e) => e.id === a.id)?.remaining,
        entries.find((e) => e.id === b.id)?.remaining,
      ],
      [400, 0],
    );
    const path = `/api/store-credit/${order.customerId}/entries/${a.id}/reverse`;
    const reversed = await t.call<StoreCreditEntry>('POST', path, { reason: 'issued twice' });
    assert.equal(reversed.body.amount, -400);
    const again = await t.call<StoreCreditEntry>('POST', path, { reason: 'issued twice' });
    assert.equal(again.body.id, reversed.body.id);
    assert.equal((await balance(order.customerId)).available, 0);
  });

  it('answers 404 for an unknown customer and 400 naming a bad amount', async () => {
    assert.equal((await t.call('GET', '/api/store-credit/cus_nope')).status, 404);
    const { order } = await paidOrder(t);
    const bad = await credit(order.customerId, { amount: -5 });
    assert.deepEqual(
      errorOf(bad.body).details?.fields?.map((f) => f.path),
      ['amount'],
    );
  });
});
