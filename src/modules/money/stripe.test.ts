import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { advance, errorOf, getRefund, incidentOf, paidOrder, refundOk } from './money.factories.js';
import type { Refund } from './money.js';
import { refundIdempotencyKey } from './providers/payment-gateway.js';
import { startFakeStripe, type FakeStripe } from './stripe.fake.js';

describe(`refunds through Stripe (${dialect})`, () => {
  let t: TestApp;
  let stripe: FakeStripe;
  before(async () => {
    stripe = await startFakeStripe();
    t = await createTestApp({
      env: {
        STRIPE_API_KEY: 'sk_test_redress',
        STRIPE_API_BASE: stripe.url,
        STRIPE_TIMEOUT_MS: '300',
      },
    });
  });
  after(async () => {
    await t.close();
    await stripe.close();
  });

  /** An order paid by card through Stripe (payment intent `pi`), and a refund of `amount`. */
  async function stripeRefund(
    amount: number,
    pi = `pi_${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
  ) {
    const { order } = await paidOrder(t);
    const pay = await t.call('POST', '/api/payments', {
      orderId: order.id,
      provider: 'stripe',
      reference: pi,
      amount: order.totals.paid,
      currency: 'EUR',
    });
    assert.equal(pay.status, 201, JSON.stringify(pay.body));
    const incident = await incidentOf(t, order);
    const refund = await refundOk(t, {
      orderId: order.id,
      incidentId: incident.id,
      amount,
      currency: 'EUR',
      reason: 'damaged',
    });
    return { order, incident, refund, pi };
  }

  const requestsFor = (refundId: string) =>
    stripe.requests.filter((r) => r.idempotencyKey === refundIdempotencyKey(refundId));

  it('pays the refund through Stripe after commit, then settles it on the statement date', async () => {
    const { refund, pi } = await stripeRefund(1_290);
    assert.equal(refund.provider, 'stripe');
    assert.equal(refund.state, 'approved');
    assert.equal(requestsFor(refund.id).length, 0, 'no provider call inside the request');
    await advance(t, 'PT0S');
    const issued = await getRefund(t, refund.id);
    assert.equal(issued.state, 'issued');
    const [call] = requestsFor(refund.id);
    assert.deepEqual([call?.params.payment_intent, call?.params.amount], [pi, '1290']);
    assert.equal(call?.params['metadata[redress_refund_id]'], refund.id);
    assert.ok(issued.providerRef && stripe.refunds.has(issued.providerRef));
    assert.ok(issued.creditNoteId);
    await advance(t, 'P8D');
    assert.equal((await getRefund(t, refund.id)).state, 'settled');
  });

  it('never refunds twice when the first answer times out: the retry gets the same refund', async () => {
    stripe.delayNext(1, 1_500);
    const { refund } = await stripeRefund(2_000);
    await advance(t, 'PT0S');
    const waiting = await getRefund(t, refund.id);
    assert.equal(waiting.state, 'approved', 'the timed-out call is retried, not failed');
    assert.ok(waiting.submittedAt);
    const cancel = await t.call('POST', `/api/refunds/${refund.id}/cancel`, { reason: 'too late' });
    assert.equal(cancel.status, 409, 'a refund handed to the provider cannot be cancelled');
    await advance(t, 'PT10S');
    const issued = await getRefund(t, refund.id);
    assert.equal(issued.state, 'issued');
    const calls = requestsFor(refund.id);
    assert.equal(calls.length, 2, 'the first call and one retry');
    const made = [...stripe.refunds.values()].filter(
      (r) => (r.metadata as Record<string, string>).redress_refund_id === refund.id,
    );
    assert.equal(made.length, 1, 'one logical refund at Stripe');
    assert.equal(issued.providerRef, made[0]?.id);
  });

  it('fails the refund and alerts after the last retry, and frees the amount', async () => {
    stripe.failNext(8, 500, 'api_error');
    const { order, refund } = await stripeRefund(4_990);
    for (let i = 0; i < 8; i++) await advance(t, 'PT1H');
    const failed = await getRefund(t, refund.id);
    assert.equal(failed.state, 'failed');
    assert.match(failed.failureReason ?? '', /gave up after 8 attempts/);
    assert.equal(requestsFor(refund.id).length, 8);
    const alerts = await t.call<{ data: { kind: string }[] }>(
      'GET',
      `/api/refunds/alerts?refundId=${refund.id}`,
    );
    assert.deepEqual(
      alerts.body.data.map((a) => a.kind),
      ['refund_failed'],
    );
    const again = await t.call<Refund>('POST', '/api/refunds', {
      orderId: order.id,
      amount: 4_990,
      currency: 'EUR',
      reason: 'retry by hand',
    });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    await advance(t, 'PT0S');
    assert.equal((await getRefund(t, again.body.id)).state, 'issued');
  });

  it('fails at once when Stripe refuses the refund', async () => {
    stripe.failNext(1, 400, 'invalid_request_error', 'charge_already_refunded');
    const { refund } = await stripeRefund(500);
    await advance(t, 'PT0S');
    const failed = await getRefund(t, refund.id);
    assert.equal(failed.state, 'failed');
    assert.match(failed.failureReason ?? '', /invalid_request_error/);
    assert.equal(requestsFor(refund.id).length, 1);
  });

  it('marks an issued refund failed when Stripe later reports it failed', async () => {
    const { refund, incident } = await stripeRefund(800);
    await advance(t, 'PT0S');
    const issued = await getRefund(t, refund.id);
    assert.ok(issued.providerRef);
    stripe.setStatus(issued.providerRef, 'failed');
    await advance(t, 'P8D');
    assert.equal((await getRefund(t, refund.id)).state, 'failed');
    const ledger = await t.call<{ totals: { amount: number }[] }>(
      'GET',
      `/api/ledger?incidentId=${incident.id}&kind=refund`,
    );
    assert.deepEqual(
      ledger.body.totals.map((x) => x.amount),
      [0],
      'the cost is reversed',
    );
  });

  it('refunds an order paid without Stripe by manual transfer', async () => {
    const { order } = await paidOrder(t);
    const refund = await refundOk(t, {
      orderId: order.id,
      amount: 100,
      currency: 'EUR',
      reason: 'x',
    });
    assert.equal(refund.provider, 'manual');
    const wrong = await t.call('POST', '/api/payments', {
      orderId: order.id,
      provider: 'stripe',
      reference: 'pi_x',
      amount: 100,
      currency: 'USD',
    });
    assert.equal(errorOf(wrong.body).code, 'currency_mismatch');
  });
});
