import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { NOTIFY_CUSTOMER_JOB } from '../incidents/index.js';
import { levelOf } from '../orders/orders.factories.js';
import {
  advance,
  choose,
  getOrder,
  incidentOf,
  jobsOf,
  makeRemedyStore,
  planOf,
  reportWrongItem,
  s2Order,
  shipmentSteps,
  stepOf,
} from './remedies.factories.js';
import { executePlan } from './use-cases/execute.js';

describe(`S2 and S10 — wrong item delivered (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('S2: plans reship same day + free pickup + voucher, executes the choice and resolves within 24 h', async () => {
    const s = await makeRemedyStore(t);
    const order = await s2Order(t, s);
    const incidentId = await reportWrongItem(t, s, order);
    await advance(t, 'PT1M');

    const plan = await planOf(t, incidentId, true);
    assert.equal(plan.state, 'proposed');
    assert.equal(plan.policyVersion, 1);
    assert.equal(plan.ruleId, 'wrong-item');
    assert.equal(plan.defaultOptionId, 'reship');
    const byId = Object.fromEntries(plan.options.map((o) => [o.id, o]));
    assert.deepEqual(byId.reship?.actions, ['reship', 'return_pickup', 'voucher']);
    assert.equal(byId.reship?.details.serviceLevel, 'same_day');
    assert.equal(byId.reship?.details.fromLocation, s.w1.code);
    assert.deepEqual(byId.reship?.bonus, { amount: 500, currency: 'EUR' });
    assert.deepEqual(byId.refund?.value, { amount: 4990, currency: 'EUR' });
    assert.deepEqual(byId.refund?.actions, ['refund', 'return_pickup']);
    assert.equal(byId.keep_discount?.available, true);
    assert.match(byId.keep_discount?.customerGets ?? '', /keep the 1 × TSHIRT-M-NAVY/);
    assert.equal(plan.explain?.rule.id, 'wrong-item');
    assert.ok(plan.deadlineAt);
    const incident = await incidentOf(t, incidentId);
    assert.equal(incident.state, 'awaiting_customer');
    const told = await jobsOf(t, NOTIFY_CUSTOMER_JOB, incidentId);
    assert.ok(
      told.some((p) => p.event === 'plan_ready'),
      'the customer gets the options',
    );

    const chosen = await choose(t, incidentId, { optionId: 'reship', channel: 'status_page' });
    assert.equal(chosen.state, 'chosen');
    assert.equal(chosen.chosenVia, 'status_page');
    await advance(t, 'PT1M');

    const running = await planOf(t, incidentId);
    assert.equal(running.state, 'executing');
    const reship = stepOf(running, 'reship');
    const pickup = stepOf(running, 'return_pickup');
    const voucher = stepOf(running, 'voucher');
    assert.deepEqual([reship.state, pickup.state, voucher.state], ['done', 'done', 'done']);
    const after1 = await getOrder(t, order.id);
    const reshipment = after1.shipments.find((x) => x.id === reship.detail.shipmentId);
    assert.deepEqual(
      [reshipment?.kind, reshipment?.serviceLevel, reshipment?.priority, reshipment?.locationId],
      ['reship', 'same_day', 10, s.w1.id],
    );
    assert.equal(
      after1.shipments.find((x) => x.id === pickup.detail.shipmentId)?.kind,
      'return_pickup',
    );
    assert.deepEqual(
      await levelOf(t.ctx.db, s.blue.id, s.w1.id),
      { onHand: 1, reserved: 1 },
      'BLUE reserved at W1',
    );
    const vouchers = await t.ctx.db
      .selectFrom('vouchers')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .execute();
    assert.equal(vouchers.length, 1);
    assert.equal(Number(vouchers[0]?.amount), 500);

    const navyBefore = await levelOf(t.ctx.db, s.navy.id, s.w1.id);
    const received = await t.call(
      'POST',
      `/api/incidents/${incidentId}/plan/steps/${pickup.id}/received`,
      { disposition: 'restock' },
    );
    assert.equal(received.status, 200, JSON.stringify(received.body));
    assert.deepEqual(
      await levelOf(t.ctx.db, s.navy.id, s.w1.id),
      {
        onHand: navyBefore.onHand + 1,
        reserved: 0,
      },
      'NAVY back in stock',
    );

    await shipmentSteps(t, order.id, String(reship.detail.shipmentId), ['pack', 'ship', 'deliver']);
    await advance(t, 'PT15M');
    const done = await incidentOf(t, incidentId);
    assert.equal(done.state, 'resolved');
    assert.ok(Date.parse(done.resolvedAt ?? '') - Date.parse(done.detectedAt) < 24 * 3_600_000);
    assert.equal((await planOf(t, incidentId)).state, 'completed');
    const publicEntries = done.timeline
      .filter((e) => e.visibility === 'public')
      .map((e) => e.message);
    assert.ok(
      publicEntries.some((m) => /sending 1 × TSHIRT-M-BLUE-\w+ again/.test(m)),
      publicEntries.join('\n'),
    );
    assert.ok(
      (await jobsOf(t, NOTIFY_CUSTOMER_JOB, incidentId)).some((p) => p.event === 'resolved'),
    );
  });

  it('S10: with no answer the default executes at the deadline and the resolve clock is met', async () => {
    const s = await makeRemedyStore(t);
    const order = await s2Order(t, s);
    const incidentId = await reportWrongItem(t, s, order);
    await advance(t, 'PT1M');
    assert.equal((await planOf(t, incidentId)).state, 'proposed');
    await advance(t, 'PT23H');
    assert.equal((await planOf(t, incidentId)).state, 'proposed', 'not before the deadline');
    await advance(t, 'PT1H');
    const plan = await planOf(t, incidentId);
    assert.equal(plan.chosenOptionId, 'reship');
    assert.equal(plan.chosenVia, 'deadline');
    assert.equal(plan.chosenBy, 'system');
    const reship = stepOf(plan, 'reship');
    const pickup = stepOf(plan, 'return_pickup');
    assert.equal(reship.state, 'done');
    await shipmentSteps(t, order.id, String(reship.detail.shipmentId), ['pack', 'ship', 'deliver']);
    await shipmentSteps(t, order.id, String(pickup.detail.shipmentId), ['ship', 'deliver']);
    await advance(t, 'PT15M');
    const done = await incidentOf(t, incidentId);
    assert.equal(done.state, 'resolved');
    assert.equal(done.clocks.find((c) => c.clock === 'resolve')?.status, 'met');
    assert.equal(
      stepOf(await planOf(t, incidentId), 'return_pickup').detail.disposition,
      'restock',
    );
  });

  it('resumes after a crash between steps without doing anything twice', async () => {
    const s = await makeRemedyStore(t);
    const order = await s2Order(t, s);
    const incidentId = await reportWrongItem(t, s, order);
    await advance(t, 'PT1M');
    const plan = await choose(t, incidentId, { optionId: 'reship', channel: 'email' });
    await assert.rejects(
      executePlan(t.ctx, plan.id, {
        afterStep: () => {
          throw new Error('runner killed');
        },
      }),
      /runner killed/,
    );
    const half = await planOf(t, incidentId);
    assert.deepEqual(
      half.steps.map((x) => [x.kind, x.state]),
      [
        ['reship', 'done'],
        ['return_pickup', 'pending'],
        ['voucher', 'pending'],
      ],
    );
    await executePlan(t.ctx, plan.id);
    await advance(t, 'PT1M'); // the queued execution job finds nothing left to do
    await executePlan(t.ctx, plan.id);
    const full = await planOf(t, incidentId);
    assert.deepEqual(
      full.steps.map((x) => x.state),
      ['done', 'done', 'done'],
    );
    const o = await getOrder(t, order.id);
    assert.equal(o.shipments.filter((x) => x.kind === 'reship').length, 1);
    assert.equal(o.shipments.filter((x) => x.kind === 'return_pickup').length, 1);
    assert.deepEqual(await levelOf(t.ctx.db, s.blue.id, s.w1.id), { onHand: 1, reserved: 1 });
    const vouchers = await t.ctx.db
      .selectFrom('vouchers')
      .select('id')
      .where('incident_id', '=', incidentId)
      .execute();
    assert.equal(vouchers.length, 1);
  });
});
