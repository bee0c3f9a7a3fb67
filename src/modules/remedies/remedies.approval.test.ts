import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { addStock, makeProduct } from '../orders/orders.factories.js';
import { orderAt } from '../packing/packing.factories.js';
import { defaultPolicyText } from './policy.js';
import {
  advance,
  choose,
  incidentOf,
  makeRemedyStore,
  planOf,
  shipmentSteps,
  stepOf,
  type RemedyStore,
} from './remedies.factories.js';
import type { RemedyPlan } from './remedies.js';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

describe(`S11, approvals, overrides and the policy API (${dialect})`, () => {
  let t: TestApp;
  let agent: string;
  let finance: string;
  before(async () => {
    t = await createTestApp();
    agent = await t.keyFor('agent');
    finance = await t.keyFor('finance');
  });
  after(() => t.close());

  /** A delivered order of a 600.00 item; the customer received another; an agent verifies. */
  async function wrongExpensiveItem(
    s: RemedyStore,
    item: { id: string; sku: string },
    wrongSku: string,
  ) {
    await addStock(t.ctx.db, item.id, s.w1.id, 2);
    const { order, shipment } = await orderAt(t, s, s.w1.id, [{ sku: item.sku, qty: 1 }]);
    await shipmentSteps(t, order.id, shipment.id, ['pack', 'ship', 'deliver']);
    const res = await t.call<{ id: string }>('POST', '/api/incidents', {
      type: 'wrong_item',
      source: 'customer',
      orderId: order.id,
      summary: 'Not what I ordered',
      lines: [
        { orderLineId: order.lines[0]?.id, expectedQty: 1, actualSku: wrongSku, actualQty: 1 },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await t.call('POST', `/api/incidents/${res.body.id}/transitions`, { to: 'verified' });
    await advance(t, 'PT1M');
    return res.body.id;
  }

  it('S11: a second failure within 90 days gets more, and above 5,000 waits for finance (who and when audited)', async () => {
    const s = await makeRemedyStore(t);
    const sofa = await makeProduct(t.ctx.db, { sku: 'SOFA', price: 60_000 });
    const chair = await makeProduct(t.ctx.db, { sku: 'CHAIR', price: 60_000 });
    const first = await wrongExpensiveItem(s, sofa, chair.sku);
    const p1 = await planOf(t, first);
    assert.equal(p1.options.find((o) => o.id === 'reship')?.bonus?.amount, 5000);
    assert.equal(p1.compensation?.needsApproval, false);
    assert.equal(
      (await choose(t, first, { optionId: 'reship', channel: 'email' })).state,
      'chosen',
    );

    t.clock.advance(20 * 86_400_000);
    const second = await wrongExpensiveItem(s, sofa, chair.sku);
    const p2 = await planOf(t, second, true);
    assert.equal(p2.options.find((o) => o.id === 'reship')?.bonus?.amount, 7500, 'larger: × 1.5');
    assert.equal(p2.compensation?.needsApproval, true);
    assert.match(p2.explain?.compensation ?? '', /waits for finance/);

    const waiting = await choose(t, second, { optionId: 'reship', channel: 'status_page' });
    assert.equal(waiting.state, 'awaiting_approval');
    await advance(t, 'PT1M');
    assert.deepEqual(
      (await planOf(t, second)).steps.map((x) => x.state),
      ['pending', 'pending', 'pending'],
      'nothing runs before the approval',
    );

    const refused = await t.call<ErrorBody>(
      'POST',
      `/api/incidents/${second}/plan/approve`,
      {},
      agent,
    );
    assert.equal(refused.status, 403);
    const approved = await t.call<RemedyPlan>(
      'POST',
      `/api/incidents/${second}/plan/approve`,
      { note: 'repeat customer' },
      finance,
    );
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'chosen');
    assert.equal(approved.body.approvedBy, 'test finance');
    assert.equal(approved.body.approvedAt, t.clock.now().toISOString());
    await advance(t, 'PT1M');
    assert.equal(stepOf(await planOf(t, second), 'voucher').state, 'done');
    const timeline = (await incidentOf(t, second)).timeline;
    assert.ok(
      timeline.some(
        (e) =>
          e.message.startsWith('Compensation approved by test finance at ') &&
          e.actor === 'test finance',
      ),
    );
    assert.ok(timeline.some((e) => /above the auto-approve limit of 5000/.test(e.message)));
  });

  it('an agent override needs a reason and is on the timeline', async () => {
    const s = await makeRemedyStore(t);
    const lamp = await makeProduct(t.ctx.db, { sku: 'VASE', price: 3_000 });
    const id = await wrongExpensiveItem(s, lamp, s.navy.sku);
    const noReason = await t.call<ErrorBody>(
      'POST',
      `/api/incidents/${id}/plan/choose`,
      { optionId: 'refund', channel: 'agent' },
      agent,
    );
    assert.equal(noReason.status, 400);
    assert.deepEqual(noReason.body.error.details.fields, [
      { path: 'reason', message: 'is required when an agent overrides' },
    ]);
    const unknown = await t.call<ErrorBody>(
      'POST',
      `/api/incidents/${id}/plan/choose`,
      { optionId: 'teleport', channel: 'agent', reason: 'x' },
      agent,
    );
    assert.equal(unknown.status, 400);
    const plan = await choose(
      t,
      id,
      { optionId: 'refund', channel: 'agent', reason: 'customer needs the money back' },
      agent,
    );
    assert.deepEqual(
      [plan.chosenOptionId, plan.chosenVia, plan.chosenBy, plan.choiceReason],
      ['refund', 'agent', 'test agent', 'customer needs the money back'],
    );
    const again = await choose(
      t,
      id,
      { optionId: 'store_credit', channel: 'agent', reason: 'changed their mind' },
      agent,
    );
    assert.equal(again.chosenOptionId, 'store_credit');
    assert.deepEqual(
      again.steps.map((x) => [x.optionId, x.state]),
      [
        ['refund', 'skipped'],
        ['refund', 'skipped'],
        ['store_credit', 'pending'],
        ['store_credit', 'pending'],
      ],
    );
    const timeline = (await incidentOf(t, id)).timeline
      .filter((e) => e.visibility === 'internal')
      .map((e) => e.message);
    assert.ok(
      timeline.includes(
        'Override by test agent: refund instead of reship — customer needs the money back',
      ),
    );
    assert.ok(
      timeline.some((m) =>
        m.startsWith('Consent to store credit instead of a refund given via agent'),
      ),
    );
  });

  it('takes exactly one of two choices made at the same moment', async () => {
    const s = await makeRemedyStore(t);
    const vase = await makeProduct(t.ctx.db, { sku: 'VASE', price: 3_000 });
    const id = await wrongExpensiveItem(s, vase, s.navy.sku);
    const url = `/api/incidents/${id}/plan/choose`;
    const [a, b] = await Promise.all([
      t.call<ErrorBody>('POST', url, { optionId: 'refund', channel: 'status_page' }),
      t.call<ErrorBody>('POST', url, { optionId: 'store_credit', channel: 'email' }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const loser = a.status === 409 ? a : b;
    assert.equal(loser.body.error.code, 'invalid_state');
    const plan = await planOf(t, id);
    assert.equal(plan.steps.length, 2, 'the steps of one option only');
    assert.ok(plan.steps.every((x) => x.optionId === plan.chosenOptionId));
  });

  it('serves, validates and versions the policy; a plan records the version it used', async () => {
    const current = await t.call<{ version: number; document: string }>('GET', '/api/policy');
    assert.equal(current.status, 200);
    assert.equal(current.body.version, 1);
    const put = (payload: string, key = t.adminKey) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/policy',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/yaml' },
        payload,
      });
    const bad = defaultPolicyText.replace(
      'compensation: { appliesTo: [reship] }',
      'compensation: { appliesTo: [reship], shareBp: 12000 }',
    );
    const refused = await put(bad);
    assert.equal(refused.statusCode, 400);
    const err = refused.json<ErrorBody>().error;
    assert.equal(err.code, 'policy_invalid');
    assert.match(err.message, /line \d+: rules\.1\.compensation\.shareBp: must be ≤ 10000/);
    assert.equal((await put(defaultPolicyText, agent)).statusCode, 403);

    const richer = defaultPolicyText.replace('creditBonusBp: 1000', 'creditBonusBp: 1500');
    const saved = await put(richer);
    assert.equal(saved.statusCode, 201, saved.body);
    assert.equal(saved.json<{ version: number }>().version, 2);
    const asJson = await t.call<{ version: number }>(
      'PUT',
      '/api/policy',
      JSON.parse(
        JSON.stringify((await t.call<{ policy: unknown }>('GET', '/api/policy')).body.policy),
      ),
    );
    assert.equal(asJson.status, 201, JSON.stringify(asJson.body));
    assert.equal(asJson.body.version, 3);
    const versions = await t.call<{ data: { version: number; createdBy: string }[] }>(
      'GET',
      '/api/policy/versions',
    );
    assert.deepEqual(
      versions.body.data.map((v) => [v.version, v.createdBy]),
      [
        [3, 'test admin'],
        [2, 'test admin'],
        [1, 'system'],
      ],
    );
    const v1 = await t.call<{ document: string }>('GET', '/api/policy/versions/1');
    assert.equal(v1.body.document, defaultPolicyText, 'the previous version is kept');

    const s = await makeRemedyStore(t);
    const vase = await makeProduct(t.ctx.db, { sku: 'VASE', price: 3_000 });
    const id = await wrongExpensiveItem(s, vase, s.navy.sku);
    const plan = await planOf(t, id);
    assert.equal(plan.policyVersion, 3);
    assert.equal(
      plan.options.find((o) => o.id === 'store_credit')?.bonus?.amount,
      450,
      '15% of 3,000',
    );
  });
});
