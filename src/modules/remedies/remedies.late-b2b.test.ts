import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { event, makeParcel, postOne } from '../carriers/carriers.factories.js';
import { newId } from '../../shared/ids.js';
import { addStock } from '../orders/orders.factories.js';
import {
  advance,
  createOrder,
  incidentOf,
  incidentsOfOrder,
  makeRemedyStore,
  planOf,
  shipmentSteps,
  stepOf,
} from './remedies.factories.js';

const DAY = 86_400_000;

describe(`S8, S9 — late delivery and a B2B short shipment (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    // The seller comes from the app's config, not from this process's environment.
    t = await createTestApp({ env: { REDRESS_SELLER_NAME: 'Atelier Norte Lda' } });
  });
  after(() => t.close());

  it('S8: a delay past the promise gets a voucher scaled to it at once; resolved on delivery', async () => {
    const parcel = await makeParcel(t);
    const promisedAt = parcel.order.promisedAt;
    const newEta = new Date(Date.parse(promisedAt) + 2 * DAY).toISOString();
    await postOne(
      t,
      event({
        trackingNumber: parcel.trackingNumber,
        occurredAt: t.clock.now().toISOString(),
        type: 'delayed',
        newEta,
      }),
    );
    const [incident] = await incidentsOfOrder(t, parcel.order.id, 'late_delivery');
    assert.ok(incident);
    await advance(t, 'PT1M');

    const plan = await planOf(t, incident.id);
    assert.equal(plan.ruleId, 'late-delivery');
    assert.equal(plan.chosenOptionId, 'late_voucher');
    assert.equal(plan.chosenVia, 'policy', 'issued without asking');
    assert.equal(stepOf(plan, 'voucher').state, 'done');
    assert.equal(stepOf(plan, 'await_delivery').awaiting, 'delivery');
    const vouchers = await t.ctx.db
      .selectFrom('vouchers')
      .selectAll()
      .where('incident_id', '=', incident.id)
      .execute();
    assert.deepEqual(
      vouchers.map((v) => Number(v.amount)),
      [129],
      '2 days × 5% of 1,290',
    );
    assert.equal((await incidentOf(t, incident.id)).state, 'resolving');

    t.clock.advance(2 * DAY);
    await postOne(
      t,
      event({
        trackingNumber: parcel.trackingNumber,
        occurredAt: t.clock.now().toISOString(),
        type: 'delivered',
      }),
    );
    await advance(t, 'PT15M');
    assert.equal((await incidentOf(t, incident.id)).state, 'resolved');
  });

  async function b2bShortOrder() {
    const s = await makeRemedyStore(t);
    const customerId = newId('cus');
    const at = t.clock.now().toISOString();
    await t.ctx.db
      .insertInto('customers')
      .values({
        id: customerId,
        external_id: null,
        name: `Cafe ${customerId}`,
        email: null,
        phone: null,
        locale: 'pt',
        tier: 'b2b',
        address: null,
        contract: JSON.stringify({
          fillRateTarget: 0.98,
          onTimeTarget: 0.95,
          penaltyBpOfShortfall: 300,
          penaltyFixedPerBreach: 0,
          catchUpDays: 7,
        }),
        created_at: at,
        updated_at: at,
      })
      .execute();
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 96);
    const order = await createOrder(t, s, {
      customerId,
      channel: 'b2b',
      lines: [{ sku: s.mug.sku, qty: 100 }],
    });
    const [incident] = await incidentsOfOrder(t, order.id, 'stockout');
    assert.ok(incident);
    await advance(t, 'PT1M');
    return { s, order, incidentId: incident.id };
  }

  it('S9: credit note for 4 × 1,290, the 4 first on the next shipment, penalty avoided when they ship in time', async () => {
    const { s, order, incidentId } = await b2bShortOrder();
    const plan = await planOf(t, incidentId);
    assert.equal(plan.ruleId, 'b2b-shortage');
    assert.equal(plan.chosenOptionId, 'b2b_credit_backorder');
    const note = stepOf(plan, 'credit_note');
    assert.equal(note.state, 'done');
    const notes = await t.ctx.db
      .selectFrom('credit_notes')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .execute();
    assert.deepEqual(
      notes.map((n) => [n.id, Number(n.total_amount)]),
      [[note.detail.creditNoteId, 5160]],
    );
    const lines = JSON.parse(notes[0]?.lines ?? '[]') as { qty: number; unitAmount: number }[];
    assert.deepEqual(
      lines.map((l) => [l.qty, l.unitAmount]),
      [[4, 1290]],
    );
    assert.equal(
      (JSON.parse(notes[0]?.seller ?? '{}') as { name?: string }).name,
      'Atelier Norte Lda',
    );

    await addStock(t.ctx.db, s.mug.id, s.w1.id, 4);
    await advance(t, 'PT15M');
    const backorder = stepOf(await planOf(t, incidentId), 'backorder');
    const [shipmentId] = backorder.detail.shipmentIds as string[];
    assert.ok(shipmentId);
    await shipmentSteps(t, order.id, shipmentId, ['pack', 'ship']);
    await advance(t, 'PT15M');
    const penalties = await t.ctx.db
      .selectFrom('contract_penalties')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .execute();
    assert.deepEqual(
      penalties.map((p) => [p.outcome, Number(p.amount)]),
      [['avoided', 155]],
    );
    await shipmentSteps(t, order.id, shipmentId, ['deliver']);
    await advance(t, 'PT15M');
    assert.equal((await incidentOf(t, incidentId)).state, 'resolved');
  });

  it('S9: the penalty is incurred when the shortfall has not shipped by the contract date', async () => {
    const { incidentId } = await b2bShortOrder();
    await advance(t, 'P7D');
    await advance(t, 'PT15M');
    const penalties = await t.ctx.db
      .selectFrom('contract_penalties')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .execute();
    assert.deepEqual(
      penalties.map((p) => p.outcome),
      ['incurred'],
    );
    assert.equal(
      stepOf(await planOf(t, incidentId), 'contract_outcome').detail.outcome,
      'incurred',
    );
  });
});
