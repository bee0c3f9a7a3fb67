import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { customerMessages, errorOf, incidentOf, paidOrder, timelineOf } from './money.factories.js';
import type { IncidentCost, Voucher, VoucherRedemption } from './money.js';
import { codeAlphabet, newVoucherCode, normalizeVoucherCode } from './voucher-code.js';

describe('voucher codes', () => {
  it('draws 12 characters of an alphabet without look-alikes, grouped by four', () => {
    const codes = new Set(Array.from({ length: 2_000 }, newVoucherCode));
    assert.equal(codes.size, 2_000);
    for (const code of codes) {
      assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      assert.ok(![...code.replaceAll('-', '')].some((c) => !codeAlphabet.includes(c)));
    }
    assert.ok(!/[01OIL]/.test(codeAlphabet));
  });

  it('reads a code as typed: lower case, spaces, no dashes', () => {
    assert.equal(normalizeVoucherCode('abcd efgh-jkmn'), 'ABCD-EFGH-JKMN');
    assert.equal(normalizeVoucherCode('ABCD-EFGH-JKM0'), null);
    assert.equal(normalizeVoucherCode('short'), null);
  });
});

describe(`vouchers API (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function issue(body: Record<string, unknown>, as?: string) {
    return t.call<Voucher>(
      'POST',
      '/api/vouchers',
      { kind: 'fixed', currency: 'EUR', reason: 'sorry', ...body },
      as,
    );
  }
  async function redeem(body: Record<string, unknown>) {
    return t.call<VoucherRedemption>('POST', '/api/vouchers/redeem', {
      orderRef: 'WEB-1',
      orderAmount: 6_000,
      currency: 'EUR',
      idempotencyKey: `key-${Math.random().toString(36).slice(2)}`,
      ...body,
    });
  }

  it('issues a voucher linked to the incident, tells the customer its code, costs nothing yet', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const res = await issue({ customerId: order.customerId, incidentId: incident.id, amount: 500 });
    assert.equal(res.status, 201);
    assert.equal(res.body.incidentId, incident.id);
    const told = (await customerMessages(t, incident.id)).find((m) => m.event === 'voucher_issued');
    assert.equal(told?.data?.code, res.body.code);
    assert.ok(
      (await timelineOf(t, incident.id)).some(
        (e) => e.visibility === 'public' && e.message.includes(res.body.code),
      ),
    );
    const ledger = await t.call<{ data: IncidentCost[] }>(
      'GET',
      `/api/ledger?incidentId=${incident.id}&kind=voucher`,
    );
    assert.deepEqual(ledger.body.data, []);
  });

  it('redeems once per idempotency key and counts its value as the incident’s cost then', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const v = (
      await issue({
        customerId: order.customerId,
        incidentId: incident.id,
        amount: 500,
        party: 'warehouse',
      })
    ).body;
    const body = {
      code: v.code.toLowerCase().replaceAll('-', ' '),
      idempotencyKey: 'redeem-key-1',
    };
    const first = await redeem(body);
    const retry = await redeem(body);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(retry.status, 200);
    assert.equal(retry.body.id, first.body.id);
    assert.equal(first.body.discountAmount, 500);
    const second = await redeem({ code: v.code });
    assert.equal(second.status, 409);
    assert.equal(errorOf(second.body).details?.reason, 'used_up');
    const ledger = await t.call<{ data: IncidentCost[] }>(
      'GET',
      `/api/ledger?incidentId=${incident.id}&kind=voucher`,
    );
    assert.deepEqual(
      ledger.body.data.map((c) => [c.amount, c.party, c.refId]),
      [[500, 'warehouse', first.body.id]],
    );
  });

  it('refuses concurrent redemptions beyond maxRedemptions', async () => {
    const { order } = await paidOrder(t);
    const v = (await issue({ customerId: order.customerId, amount: 300, maxRedemptions: 2 })).body;
    const results = await Promise.all(Array.from({ length: 5 }, () => redeem({ code: v.code })));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 201, 409, 409, 409]);
    const detail = await t.call<Voucher & { redemptionsList: unknown[] }>(
      'GET',
      `/api/vouchers/${v.code}`,
    );
    assert.equal(detail.body.redemptions, 2);
    assert.equal(detail.body.redemptionsList.length, 2);
  });

  it('applies a percent voucher with a minimum order and refuses it expired or voided', async () => {
    const { order } = await paidOrder(t);
    const expiresAt = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    const v = (
      await issue({
        customerId: order.customerId,
        kind: 'percent',
        percentBp: 1_000,
        minOrderAmount: 5_000,
        expiresAt,
        maxRedemptions: 10,
      })
    ).body;
    const below = await redeem({ code: v.code, orderAmount: 4_999 });
    assert.equal(errorOf(below.body).details?.reason, 'below_minimum');
    const ok = await redeem({ code: v.code, orderAmount: 6_005 });
    assert.equal(ok.body.discountAmount, 601);
    const usd = await redeem({ code: v.code, currency: 'USD' });
    assert.equal(errorOf(usd.body).code, 'currency_mismatch');
    t.clock.advance(2 * 86_400_000);
    assert.equal(errorOf((await redeem({ code: v.code })).body).details?.reason, 'expired');
    const w = (await issue({ customerId: order.customerId, amount: 100 })).body;
    const voided = await t.call<Voucher>('POST', `/api/vouchers/${w.id}/void`, {
      reason: 'issued by mistake',
    });
    assert.equal(voided.body.state, 'void');
    assert.equal(errorOf((await redeem({ code: w.code })).body).details?.reason, 'void');
  });

  it('names bad fields and keeps agents within the auto-approve limit per incident', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const bad = await issue({ customerId: order.customerId, kind: 'percent' });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      errorOf(bad.body).details?.fields?.map((f) => f.path),
      ['percentBp'],
    );
    const agent = await t.keyFor('agent');
    assert.equal(
      (await issue({ customerId: order.customerId, incidentId: incident.id, amount: 4_000 }, agent))
        .status,
      201,
    );
    const over = await issue(
      { customerId: order.customerId, incidentId: incident.id, amount: 1_500 },
      agent,
    );
    assert.equal(over.status, 409);
    assert.equal(errorOf(over.body).code, 'approval_required');
    assert.equal(
      (await issue({ customerId: order.customerId, incidentId: incident.id, amount: 1_500 }))
        .status,
      201,
    );
    assert.equal(
      (await issue({ customerId: order.customerId, amount: 100 }, await t.keyFor('viewer'))).status,
      403,
    );
  });
});
