import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { customerMessages, errorOf, incidentOf, paidOrder, timelineOf } from './money.factories.js';
import {
  voucherDiscount,
  voucherExposure,
  voucherValueText,
  type IncidentCost,
  type Voucher,
  type VoucherRedemption,
} from './money.js';
import { issueVoucher } from './use-cases/vouchers.js';
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

describe('voucher value', () => {
  const percent = { kind: 'percent', amount: null, percentBp: 2_000, maxAmount: 3_000 } as const;
  const fixed = { kind: 'fixed', amount: 500, percentBp: null, maxAmount: null } as const;

  it('takes a percent voucher’s share rounded half up, then no more than its cap', () => {
    assert.equal(voucherDiscount(percent, 14_997), 2_999);
    assert.equal(voucherDiscount(percent, 14_998), 3_000);
    assert.equal(voucherDiscount(percent, 15_003), 3_000);
    assert.equal(voucherDiscount({ ...percent, maxAmount: null }, 15_003), 3_001);
    assert.equal(voucherDiscount(fixed, 300), 300);
    assert.equal(voucherDiscount(fixed, 6_000), 500);
  });

  it('bounds what a voucher can cost by its amount or cap times its redemptions', () => {
    assert.equal(voucherExposure({ ...fixed, maxRedemptions: 3 }), 1_500);
    assert.equal(voucherExposure({ ...percent, maxRedemptions: 2 }), 6_000);
    assert.equal(voucherExposure({ ...percent, maxAmount: null, maxRedemptions: 1 }), null);
  });

  it('writes the value in words with the cap', () => {
    assert.equal(voucherValueText({ ...percent, currency: 'EUR' }), '20% up to 30.00 EUR');
    assert.equal(voucherValueText({ ...percent, maxAmount: null, currency: 'EUR' }), '20%');
    assert.equal(voucherValueText({ ...fixed, currency: 'EUR' }), '5.00 EUR');
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

  it('caps each redemption of a percent voucher and tells the cap where it shows the value', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const res = await issue({
      customerId: order.customerId,
      incidentId: incident.id,
      kind: 'percent',
      percentBp: 2_000,
      maxAmount: 3_000,
      maxRedemptions: 3,
      party: 'warehouse',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.maxAmount, 3_000);
    const below = await redeem({ code: res.body.code, orderAmount: 14_997 });
    const above = await redeem({ code: res.body.code, orderAmount: 15_003 });
    const far = await redeem({ code: res.body.code, orderAmount: 100_000 });
    assert.deepEqual(
      [below, above, far].map((r) => r.body.discountAmount),
      [2_999, 3_000, 3_000],
    );
    const ledger = await t.call<{ data: IncidentCost[] }>(
      'GET',
      `/api/ledger?incidentId=${incident.id}&kind=voucher`,
    );
    assert.deepEqual(
      ledger.body.data.map((c) => c.amount),
      [2_999, 3_000, 3_000],
    );
    const detail = await t.call<Voucher>('GET', `/api/vouchers/${res.body.id}`);
    assert.equal(detail.body.maxAmount, 3_000);
    const note = (await timelineOf(t, incident.id)).find((e) => e.message.includes(res.body.code));
    assert.match(note?.message ?? '', /of 20% up to 30\.00 EUR issued/);
    const told = (await customerMessages(t, incident.id)).find((m) => m.event === 'voucher_issued');
    assert.equal(told?.data?.maxAmount, 3_000);
  });

  it('refuses an agent a percent voucher without a cap, and counts capped ones in the limit', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const agent = await t.keyFor('agent');
    const percent = { customerId: order.customerId, kind: 'percent', percentBp: 1_000 };
    for (const where of [{ incidentId: incident.id }, {}]) {
      const uncapped = await issue({ ...percent, ...where }, agent);
      assert.equal(uncapped.status, 409);
      assert.equal(errorOf(uncapped.body).code, 'approval_required');
      assert.match(errorOf(uncapped.body).message, /maxAmount.*finance/);
    }
    const capped = await issue(
      { ...percent, incidentId: incident.id, maxAmount: 2_000, maxRedemptions: 2 },
      agent,
    );
    assert.equal(capped.status, 201, JSON.stringify(capped.body));
    const fixed = { customerId: order.customerId, incidentId: incident.id };
    const over = await issue({ ...fixed, amount: 1_500 }, agent);
    assert.equal(over.status, 409);
    assert.equal(errorOf(over.body).code, 'approval_required');
    assert.deepEqual(errorOf(over.body).details, {
      limit: 5_000,
      alreadyGiven: 4_000,
      requested: 1_500,
    });
    assert.equal((await issue({ ...fixed, amount: 1_000 }, agent)).status, 201);
  });

  it('refuses a capped percent voucher past the limit beside fixed ones, void ones not counted', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const agent = await t.keyFor('agent');
    const base = { customerId: order.customerId, incidentId: incident.id };
    const capped = { ...base, kind: 'percent', percentBp: 2_000, maxAmount: 2_500 };
    const fixed = await issue({ ...base, amount: 3_000 }, agent);
    assert.equal(fixed.status, 201);
    const past = await issue(capped, agent);
    assert.equal(past.status, 409);
    assert.deepEqual(errorOf(past.body).details, {
      limit: 5_000,
      alreadyGiven: 3_000,
      requested: 2_500,
    });
    await t.call('POST', `/api/vouchers/${fixed.body.id}/void`, { reason: 'issued by mistake' });
    assert.equal((await issue(capped, agent)).status, 201);
    const thrice = await issue({ ...base, amount: 1_000, maxRedemptions: 3 }, agent);
    assert.equal(thrice.status, 409);
    assert.equal(errorOf(thrice.body).details?.requested, 3_000);
  });

  it('keeps counting what a voucher took off an order after it is voided', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const agent = await t.keyFor('agent');
    const base = { customerId: order.customerId, incidentId: incident.id };
    const used = await issue({ ...base, amount: 1_500, maxRedemptions: 2 }, agent);
    assert.equal(used.status, 201);
    assert.equal((await redeem({ code: used.body.code })).status, 201);
    await t.call('POST', `/api/vouchers/${used.body.id}/void`, { reason: 'second use withdrawn' });
    // 1,500 was spent; 3,500 is left under the limit of 5,000.
    const past = await issue({ ...base, amount: 3_600 }, agent);
    assert.equal(past.status, 409);
    assert.deepEqual(errorOf(past.body).details, {
      limit: 5_000,
      alreadyGiven: 1_500,
      requested: 3_600,
    });
    assert.equal((await issue({ ...base, amount: 3_500 }, agent)).status, 201);
  });

  it('lets finance issue a percent voucher without a cap; an agent then needs finance there', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const finance = await t.keyFor('finance');
    const base = { customerId: order.customerId, incidentId: incident.id };
    const half = await issue({ ...base, kind: 'percent', percentBp: 5_000 }, finance);
    assert.equal(half.status, 201, JSON.stringify(half.body));
    assert.equal(half.body.maxAmount, null);
    assert.equal(
      (await redeem({ code: half.body.code, orderAmount: 20_001 })).body.discountAmount,
      10_001,
    );
    const more = await issue({ ...base, amount: 100 }, await t.keyFor('agent'));
    assert.equal(more.status, 409);
    assert.equal(errorOf(more.body).code, 'approval_required');
    assert.deepEqual(errorOf(more.body).details?.uncapped, [half.body.id]);
    assert.equal((await issue({ ...base, amount: 100 }, finance)).status, 201);
  });

  it('names maxAmount when it is on a fixed voucher or not a positive whole amount', async () => {
    const { order } = await paidOrder(t);
    const percent = { customerId: order.customerId, kind: 'percent', percentBp: 1_000 };
    for (const body of [
      { customerId: order.customerId, amount: 500, maxAmount: 100 },
      { ...percent, maxAmount: 0 },
      { ...percent, maxAmount: 12.5 },
    ]) {
      const res = await issue(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(
        errorOf(res.body).details?.fields?.map((f) => f.path),
        ['maxAmount'],
      );
    }
    const ref = { now: t.clock.now().toISOString(), actor: 'test' };
    for (const input of [
      { kind: 'fixed', amount: 500, maxAmount: 100 },
      { kind: 'percent', percentBp: 1_000, maxAmount: 0 },
      { kind: 'percent', percentBp: 1_000, maxAmount: 12.5 },
    ] as const) {
      await assert.rejects(
        issueVoucher(
          t.ctx.db,
          { customerId: order.customerId, currency: 'EUR', reason: 'sorry', ...input },
          ref,
        ),
        (err: { code?: string; details?: { fields?: { path: string }[] } }) =>
          err.code === 'validation_error' && err.details?.fields?.[0]?.path === 'maxAmount',
      );
    }
  });
});
