import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { event, makeParcel, postOne } from '../carriers/carriers.factories.js';
import type { Incident } from '../incidents/index.js';
import {
  advance,
  customerMessages,
  getCreditNote,
  getRefund,
  refundOk,
  timelineOf,
} from './money.factories.js';
import { addDays, type CreditNote, type IncidentCost, type Refund } from './money.js';

describe(`S7: damaged in transit, refund with documents (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('refunds 1,290 within 72 h of verification with statement date, next credit note and the carrier’s cost', async () => {
    const now = () => t.clock.now().toISOString();
    const p = await makeParcel(t);
    const delivered = await postOne(
      t,
      event({ type: 'delivered', trackingNumber: p.trackingNumber, occurredAt: now() }),
    );
    assert.deepEqual(delivered.effects, ['shipment_delivered']);
    const damaged = await postOne(
      t,
      event({ type: 'damaged', trackingNumber: p.trackingNumber, occurredAt: now() }),
    );
    assert.ok(damaged.incidentId);
    const verified = await t.call<Incident>(
      'POST',
      `/api/incidents/${damaged.incidentId}/transitions`,
      { to: 'verified' },
    );
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    const verifiedAt = verified.body.verifiedAt ?? '';

    const [mug] = p.order.lines;
    assert.ok(mug);
    const before = await t.call<CreditNote>('POST', '/api/credit-notes', {
      orderId: p.order.id,
      reason: 'an earlier document of the series',
      lines: [{ description: 'x', qty: 1, unitAmount: 1, taxRateBp: 0 }],
    });
    const refund = await refundOk(t, {
      orderId: p.order.id,
      incidentId: damaged.incidentId,
      currency: 'EUR',
      reason: 'MUG-WHITE arrived broken',
      lines: [{ orderLineId: mug.id, qty: 1 }],
      party: 'carrier',
    });
    assert.deepEqual([refund.amount, refund.state, refund.provider], [1_290, 'approved', 'manual']);

    await advance(t, 'PT20H');
    const confirmed = await t.call<Refund>('POST', `/api/refunds/${refund.id}/confirm`, {
      reference: 'SEPA-S7',
    });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const issued = await getRefund(t, refund.id);
    assert.equal(issued.state, 'issued');
    assert.ok(
      Date.parse(issued.issuedAt ?? '') - Date.parse(verifiedAt) <= 48 * 3_600_000,
      'within the 48 h target',
    );
    assert.ok((issued.issuedAt ?? '') <= issued.dueAt);
    assert.equal(
      issued.expectedOnStatementBy,
      addDays(issued.issuedAt ?? '', 5, true),
      'card: 5 business days',
    );

    assert.ok(issued.creditNoteId);
    const note = await getCreditNote(t, issued.creditNoteId);
    assert.equal(note.seq, before.body.seq + 1);
    assert.equal(note.totals.total, 1_290);
    assert.equal(note.lines[0]?.orderLineId, mug.id);

    const ledger = await t.call<{ data: IncidentCost[] }>(
      'GET',
      `/api/ledger?incidentId=${damaged.incidentId}&kind=refund`,
    );
    assert.deepEqual(
      ledger.body.data.map((c) => [c.amount, c.party, c.refId]),
      [[1_290, 'carrier', refund.id]],
    );

    const timeline = await timelineOf(t, damaged.incidentId);
    assert.ok(timeline.some((e) => e.message.includes('Refund of 12.90 EUR requested')));
    assert.ok(
      timeline.some(
        (e) => e.visibility === 'public' && e.message.includes('expected on the statement by'),
      ),
    );
    const message = (await customerMessages(t, damaged.incidentId)).find(
      (m) => m.event === 'refund_issued',
    );
    assert.deepEqual(message?.data, {
      refundId: refund.id,
      amount: 1_290,
      currency: 'EUR',
      method: 'original_payment',
      issuedAt: issued.issuedAt,
      expectedOnStatementBy: issued.expectedOnStatementBy,
    });
  });
});
