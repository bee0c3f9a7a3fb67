import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import {
  advance,
  customerMessages,
  errorOf,
  getCreditNote,
  getRefund,
  incidentOf,
  paidOrder,
  postRefund,
  refundOk,
  timelineOf,
} from './money.factories.js';
import type { Refund } from './money.js';

describe(`refunds API (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('refuses a refund above what remains refundable, with the remaining amount', async () => {
    const { order } = await paidOrder(t);
    await refundOk(t, { orderId: order.id, amount: 3_000, currency: 'EUR', reason: 'goodwill' });
    const res = await postRefund(t, {
      orderId: order.id,
      amount: 3_000,
      currency: 'EUR',
      reason: 'again',
    });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res.body).code, 'amount_exceeds_refundable');
    assert.equal(errorOf(res.body).details?.remaining, 1_990);
  });

  it('refuses a currency other than the order’s with 400 currency_mismatch naming the field', async () => {
    const { order } = await paidOrder(t);
    const res = await postRefund(t, {
      orderId: order.id,
      amount: 100,
      currency: 'USD',
      reason: 'x',
    });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res.body).code, 'currency_mismatch');
    assert.equal(errorOf(res.body).details?.field, 'currency');
  });

  it('names bad fields: a float amount, a missing reason, a line of another order', async () => {
    const { order } = await paidOrder(t);
    const bad = await postRefund(t, { orderId: order.id, amount: 12.5, currency: 'EUR' });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      errorOf(bad.body)
        .details?.fields?.map((f) => f.path)
        .sort(),
      ['amount', 'reason'],
    );
    const line = await postRefund(t, {
      orderId: order.id,
      currency: 'EUR',
      reason: 'x',
      lines: [{ orderLineId: 'oln_nope', qty: 1 }],
    });
    assert.equal(line.status, 400);
    assert.deepEqual(
      errorOf(line.body).details?.fields?.map((f) => f.path),
      ['lines.0.orderLineId'],
    );
  });

  it('requires the customer’s consent for store credit instead of the original payment', async () => {
    const { order } = await paidOrder(t);
    const body = {
      orderId: order.id,
      amount: 1_000,
      currency: 'EUR',
      reason: 'x',
      method: 'store_credit',
    };
    const refused = await postRefund(t, body);
    assert.equal(refused.status, 409);
    assert.equal(errorOf(refused.body).code, 'consent_required');
    const consent = {
      channel: 'phone',
      at: t.clock.now().toISOString(),
      statement: 'Store credit is fine',
    };
    const ok = await refundOk(t, { ...body, consent });
    assert.equal(ok.provider, 'store_credit');
    assert.equal(ok.state, 'issued', 'store credit is paid at once');
    assert.equal(ok.expectedOnStatementBy, ok.issuedAt);
    const credit = await t.call<{ accounts: { available: number }[] }>(
      'GET',
      `/api/store-credit/${order.customerId}`,
    );
    assert.equal(credit.body.accounts[0]?.available, 1_000);
  });

  it('returns the first refund for a retried Idempotency-Key, 409 for another body', async () => {
    const { order } = await paidOrder(t);
    const body = {
      orderId: order.id,
      amount: 700,
      currency: 'EUR',
      reason: 'late',
      idempotencyKey: 'key-retry-0001',
    };
    const first = await postRefund(t, body);
    const again = await postRefund(t, body);
    assert.equal(first.status, 201);
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
    const other = await postRefund(t, { ...body, amount: 800 });
    assert.equal(other.status, 409);
    assert.equal(errorOf(other.body).code, 'idempotency_conflict');
    const list = await t.call<{ data: Refund[] }>('GET', `/api/refunds?orderId=${order.id}`);
    assert.equal(list.body.data.length, 1);
  });

  it('computes a refund by lines at their price and refuses more units than ordered', async () => {
    const { order } = await paidOrder(t, { lines: [{ sku: (s) => s.mug.sku, qty: 2 }] });
    const [line] = order.lines;
    assert.ok(line);
    const refund = await refundOk(t, {
      orderId: order.id,
      currency: 'EUR',
      reason: 'one mug broken',
      lines: [{ orderLineId: line.id, qty: 1 }],
    });
    assert.equal(refund.amount, 1_290);
    const more = await postRefund(t, {
      orderId: order.id,
      currency: 'EUR',
      reason: 'two more',
      lines: [{ orderLineId: line.id, qty: 2 }],
    });
    assert.equal(more.status, 409);
    assert.equal(errorOf(more.body).code, 'quantity_exceeded');
    assert.equal(errorOf(more.body).details?.remaining, 1);
  });

  it('waits for finance above the auto-approve limit and records who approved and when', async () => {
    const { order } = await paidOrder(t, { lines: [{ sku: (s) => s.lamp.sku, qty: 1 }] });
    const incident = await incidentOf(t, order);
    const agent = await t.keyFor('agent');
    const res = await postRefund(
      t,
      {
        orderId: order.id,
        incidentId: incident.id,
        amount: 6_000,
        currency: 'EUR',
        reason: 'lamp broken',
      },
      agent,
    );
    assert.equal(res.status, 201);
    assert.equal(res.body.state, 'requested');
    const byAgent = await t.call('POST', `/api/refunds/${res.body.id}/approve`, undefined, agent);
    assert.equal(byAgent.status, 403);
    t.clock.advance(3_600_000);
    const approved = await t.call<Refund>(
      'POST',
      `/api/refunds/${res.body.id}/approve`,
      undefined,
      await t.keyFor('finance'),
    );
    assert.equal(approved.status, 200);
    assert.equal(approved.body.state, 'approved');
    assert.equal(approved.body.approvedAt, t.clock.now().toISOString());
    assert.match(approved.body.approvedBy ?? '', /^test finance/);
    const timeline = await timelineOf(t, incident.id);
    assert.ok(timeline.some((e) => e.message.includes('approved by test finance')));
  });

  it('issues a manual refund on confirmation: statement date, credit note, ledger, message', async () => {
    const { order } = await paidOrder(t, { lines: [{ sku: (s) => s.mug.sku, qty: 1 }] });
    const incident = await incidentOf(t, order);
    const refund = await refundOk(t, {
      orderId: order.id,
      incidentId: incident.id,
      amount: 1_290,
      currency: 'EUR',
      reason: 'mug broken',
      party: 'carrier',
    });
    assert.equal(refund.state, 'approved');
    assert.equal(refund.provider, 'manual');
    const confirmed = await t.call<Refund>('POST', `/api/refunds/${refund.id}/confirm`, {
      reference: 'SEPA-123',
    });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const issued = confirmed.body;
    assert.equal(issued.state, 'issued');
    assert.equal(issued.providerRef, 'SEPA-123');
    assert.ok(
      issued.expectedOnStatementBy &&
        issued.issuedAt &&
        issued.expectedOnStatementBy > issued.issuedAt,
    );
    assert.ok(issued.creditNoteId);
    const note = await getCreditNote(t, issued.creditNoteId);
    assert.equal(note.totals.total, 1_290);
    assert.equal(note.refundId, refund.id);
    const ledger = await t.call<{ data: { amount: number; party: string; kind: string }[] }>(
      'GET',
      `/api/ledger?incidentId=${incident.id}`,
    );
    assert.deepEqual(
      ledger.body.data.map((c) => [c.kind, c.amount, c.party]),
      [['refund', 1_290, 'carrier']],
    );
    const messages = await customerMessages(t, incident.id);
    const told = messages.find((m) => m.event === 'refund_issued');
    assert.equal(told?.data?.expectedOnStatementBy, issued.expectedOnStatementBy);
    const again = await t.call<Refund>('POST', `/api/refunds/${refund.id}/confirm`, {
      reference: 'SEPA-123',
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.creditNoteId, issued.creditNoteId);
  });

  it('cancels before money moves and gives the amount back to the order', async () => {
    const { order } = await paidOrder(t);
    const refund = await refundOk(t, {
      orderId: order.id,
      amount: 4_990,
      currency: 'EUR',
      reason: 'all',
    });
    const cancelled = await t.call<Refund>('POST', `/api/refunds/${refund.id}/cancel`, {
      reason: 'customer kept it',
    });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.state, 'cancelled');
    await refundOk(t, { orderId: order.id, amount: 4_990, currency: 'EUR', reason: 'all again' });
    const issuedLater = await t.call('POST', `/api/refunds/${refund.id}/confirm`, {
      reference: 'X',
    });
    assert.equal(issuedLater.status, 409);
  });

  it('alerts when a refund is not issued 72 h after verification', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const refund = await refundOk(t, {
      orderId: order.id,
      incidentId: incident.id,
      amount: 500,
      currency: 'EUR',
      reason: 'sla',
    });
    assert.equal(
      refund.dueAt,
      new Date(Date.parse(incident.verifiedAt ?? '') + 72 * 3_600_000).toISOString(),
    );
    await advance(t, 'PT71H');
    assert.equal((await getRefund(t, refund.id)).breachedAt, null);
    await advance(t, 'PT2H');
    const breached = await getRefund(t, refund.id);
    assert.ok(breached.breachedAt);
    const alerts = await t.call<{ data: { kind: string; refundId: string }[] }>(
      'GET',
      `/api/refunds/alerts?refundId=${refund.id}`,
    );
    assert.deepEqual(
      alerts.body.data.map((a) => a.kind),
      ['refund_sla_breached'],
    );
    const timeline = await timelineOf(t, incident.id);
    assert.ok(
      timeline.some(
        (e) => e.visibility === 'internal' && e.message.includes('not issued by its due time'),
      ),
    );
  });
});
