import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { NOTIFY_CUSTOMER_JOB } from '../incidents/index.js';
import { addStock, levelOf } from '../orders/orders.factories.js';
import {
  advance,
  choose,
  createOrder,
  getOrder,
  incidentOf,
  incidentsOfOrder,
  jobsOf,
  makeRemedyStore,
  planOf,
  reportWrongItem,
  s2Order,
  stepOf,
  type RemedyStore,
} from './remedies.factories.js';

describe(`S5, S6 — stock-out after the sale; failure and undo (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  /** A city order for LAMP-OAK that no location has; WALNUT at S1 and W2; 5 OAK in 6 days. */
  async function stockout(): Promise<{ s: RemedyStore; orderId: string; incidentId: string }> {
    const s = await makeRemedyStore(t);
    await addStock(t.ctx.db, s.walnut.id, s.s1.id, 2);
    await addStock(t.ctx.db, s.walnut.id, s.w2.id, 1);
    const po = await t.call('POST', '/api/inventory/purchase-orders', {
      reference: `PO-${s.lamp.sku}`,
      locationId: s.w1.id,
      expectedAt: new Date(t.clock.now().getTime() + 6 * 86_400_000).toISOString(),
      lines: [{ sku: s.lamp.sku, qty: 5 }],
    });
    assert.equal(po.status, 201, JSON.stringify(po.body));
    const order = await createOrder(t, s, { lines: [{ sku: s.lamp.sku, qty: 1 }] });
    const [incident] = await incidentsOfOrder(t, order.id, 'stockout');
    assert.ok(incident, 'the allocation opened a stock-out');
    await advance(t, 'PT1M');
    return { s, orderId: order.id, incidentId: incident.id };
  }

  it('S5: offers wait with 10% off, WALNUT shipped, WALNUT at S1 with 15% off, or cancel with refund', async () => {
    const { s, incidentId } = await stockout();
    const plan = await planOf(t, incidentId, true);
    assert.equal(plan.ruleId, 'stockout');
    const byId = Object.fromEntries(plan.options.map((o) => [o.id, o]));
    assert.equal(byId.ship_missing?.available, false);
    assert.equal(plan.defaultOptionId, 'wait_restock');
    assert.deepEqual(byId.wait_restock?.value, { amount: 890, currency: 'EUR' });
    assert.equal(byId.ship_substitute?.details.sku, s.walnut.sku);
    assert.equal(byId.ship_substitute?.details.fromLocation, s.w2.code);
    assert.equal(byId.store_substitute?.details.store, s.s1.code);
    assert.deepEqual(byId.store_substitute?.value, { amount: 1335, currency: 'EUR' });
    assert.deepEqual(byId.cancel_refund?.value, { amount: 8900, currency: 'EUR' });
    const why = plan.explain?.options.find((o) => o.id === 'ship_missing')?.why ?? '';
    assert.match(why, /no location that ships has 1 × LAMP-OAK/);
  });

  it('S6: the customer collects WALNUT at S1 with the pickup code: resolved', async () => {
    const { s, incidentId } = await stockout();
    await choose(t, incidentId, { optionId: 'store_substitute', channel: 'status_page' });
    await advance(t, 'PT1M');
    let plan = await planOf(t, incidentId);
    const hold = stepOf(plan, 'reserve_in_store');
    assert.equal(hold.awaiting, 'collection');
    assert.match(String(hold.detail.pickupCode), /^\d{6}$/);
    assert.deepEqual(await levelOf(t.ctx.db, s.walnut.id, s.s1.id), { onHand: 2, reserved: 1 });
    assert.deepEqual(
      plan.steps.map((x) => [x.kind, x.state]),
      [
        ['reserve_in_store', 'done'],
        ['refund', 'pending'],
        ['cancel_line', 'pending'],
      ],
      'the discount and the cancellation wait for the pickup',
    );
    assert.ok(
      (await jobsOf(t, NOTIFY_CUSTOMER_JOB, incidentId)).some(
        (p) => p.event === 'reservation_ready',
      ),
    );

    const url = `/api/incidents/${incidentId}/plan/steps/${hold.id}/received`;
    const wrong = await t.call<{ error: { code: string } }>('POST', url, { code: 'x' });
    assert.equal(wrong.status, 400);
    const ok = await t.call('POST', url, { code: hold.detail.pickupCode });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(await levelOf(t.ctx.db, s.walnut.id, s.s1.id), { onHand: 1, reserved: 0 });
    plan = await planOf(t, incidentId);
    assert.deepEqual(
      plan.steps.map((x) => x.state),
      ['done', 'done', 'done'],
    );
    assert.equal((await incidentOf(t, incidentId)).state, 'resolved');
  });

  it('S6: not collected by the expiry — released, the customer told, the default applies', async () => {
    const { s, orderId, incidentId } = await stockout();
    await choose(t, incidentId, { optionId: 'store_substitute', channel: 'status_page' });
    await advance(t, 'PT1M');
    await advance(t, 'PT72H');
    const plan = await planOf(t, incidentId);
    assert.deepEqual(await levelOf(t.ctx.db, s.walnut.id, s.s1.id), { onHand: 2, reserved: 0 });
    assert.equal(plan.chosenOptionId, 'wait_restock');
    assert.equal(plan.chosenVia, 'expiry');
    assert.equal(plan.steps.find((x) => x.kind === 'reserve_in_store')?.state, 'undone');
    assert.deepEqual(
      plan.steps.filter((x) => x.optionId === 'store_substitute').map((x) => x.state),
      ['undone', 'skipped', 'skipped'],
    );
    assert.equal(stepOf(plan, 'backorder').state, 'done');
    assert.equal(stepOf(plan, 'refund').state, 'done');
    assert.ok(
      (await jobsOf(t, NOTIFY_CUSTOMER_JOB, incidentId)).some(
        (p) => p.event === 'reservation_expired',
      ),
    );
    const order = await getOrder(t, orderId);
    assert.equal(order.lines[0]?.qtyCancelled, 0, 'the lamp still comes');
  });

  it('undoes the done steps in reverse when a later one fails, and escalates', async () => {
    const s = await makeRemedyStore(t);
    const order = await s2Order(t, s);
    const incidentId = await reportWrongItem(t, s, order);
    await advance(t, 'PT1M');
    await choose(t, incidentId, { optionId: 'refund', channel: 'phone' });
    // The pickup goes back to W1, which closes before the plan runs.
    await t.ctx.db.updateTable('locations').set({ active: 0 }).where('id', '=', s.w1.id).execute();
    await advance(t, 'PT1M');
    const plan = await planOf(t, incidentId);
    assert.equal(plan.state, 'failed');
    assert.match(plan.failure ?? '', /validation_error/);
    assert.deepEqual(
      plan.steps.map((x) => [x.kind, x.state]),
      [
        ['refund', 'undone'],
        ['return_pickup', 'failed'],
      ],
    );
    const refunds = await t.ctx.db
      .selectFrom('refunds')
      .select(['state'])
      .where('incident_id', '=', incidentId)
      .execute();
    assert.deepEqual(
      refunds.map((r) => r.state),
      ['cancelled'],
    );
    const incident = await incidentOf(t, incidentId);
    assert.equal(incident.state, 'resolving');
    assert.equal(incident.escalated, true);
    assert.ok(incident.timeline.some((e) => /Remedy step return_pickup failed/.test(e.message)));

    await t.ctx.db.updateTable('locations').set({ active: 1 }).where('id', '=', s.w1.id).execute();
    const again = await t.call<{ state: string; id: string }>(
      'POST',
      `/api/incidents/${incidentId}/plan`,
      {},
    );
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(again.body.state, 'proposed', 'a failed plan can be planned again');
    assert.notEqual(again.body.id, plan.id);
  });
});
