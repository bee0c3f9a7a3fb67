import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { enqueue } from '../../../jobs/index.js';
import { newId } from '../../../shared/ids.js';
import { publicText } from '../../incidents/index.js';
import { getOrder } from '../../orders/index.js';
import { clockAt, defaultParty, loadIncident, noteOn, tellCustomer } from '../incident-links.js';
import { expectedOnStatement, formatMoney, type MoneyRef, type Refund } from '../money.js';
import { refundInState, refundNotFound } from '../money.errors.js';
import type { MoneySettings } from '../money.settings.js';
import { refundCreditLines } from '../refund-credit-lines.js';
import {
  changeRefund,
  findRefund,
  insertAlert,
  releaseLineQty,
  releaseRefundable,
} from '../refunds.repository.js';
import { issueCreditNote } from './credit-notes.js';
import { addIncidentCost } from './ledger.js';
import { grantStoreCredit } from './store-credit.js';

/**
 * What happens to a refund once approved: issued (with its documents, cost and message),
 * settled, failed, or breached its SLA. Each step is a conditional update, so a job that runs
 * twice changes nothing the second time.
 */
export const REFUND_PAYOUT_JOB = 'money.refund_payout';
export const REFUND_SETTLE_JOB = 'money.refund_settle';
export const REFUND_SLA_JOB = 'money.refund_sla';

export async function getRefund(db: Executor, id: string, opts: { lock?: boolean } = {}) {
  const refund = await findRefund(db, id, opts);
  if (!refund) throw refundNotFound(id);
  return refund;
}

/** Gives the refund's amount (and units) back to what the order can still refund. */
export async function releaseHolds(trx: Executor, refund: Refund, now: string): Promise<void> {
  await releaseRefundable(trx, refund.orderId, refund.amount, now);
  for (const l of refund.lines) await releaseLineQty(trx, l.orderLineId, l.qty);
}

/**
 * The money left: issued, with its statement date, credit note, incident cost, public timeline
 * entry, customer message and the settle job. A second call for an issued refund changes nothing.
 */
export async function issueRefund(
  trx: Executor,
  refund: Refund,
  providerRef: string | null,
  ref: MoneyRef,
  settings: MoneySettings,
): Promise<Refund> {
  const order = await getOrder(trx, refund.orderId);
  let paidAs = providerRef;
  if (refund.provider === 'store_credit') {
    const entry = await grantStoreCredit(
      trx,
      {
        customerId: order.customerId,
        amount: refund.amount,
        currency: refund.currency,
        reason: `Refund: ${refund.reason}`,
        ...(refund.incidentId ? { incidentId: refund.incidentId } : {}),
      },
      ref,
      settings,
      { refType: 'refund', refId: refund.id, asRefund: true },
    );
    paidAs = entry.id;
  }
  const expected = expectedOnStatement(ref.now, refund.provider, refund.paymentMethod);
  const issued = await changeRefund(
    trx,
    refund.id,
    { from: ['approved'] },
    {
      state: 'issued',
      issued_at: ref.now,
      expected_on_statement_by: expected,
      provider_ref: paidAs,
      updated_at: ref.now,
    },
  );
  if (!issued) {
    const current = await getRefund(trx, refund.id);
    if (current.state === 'issued' || current.state === 'settled') return current;
    throw refundInState(current.state, 'issued', ['approved']);
  }
  const note = await issueCreditNote(
    trx,
    {
      orderId: order.id,
      ...(issued.incidentId ? { incidentId: issued.incidentId } : {}),
      refundId: issued.id,
      reason: issued.reason,
      lines: refundCreditLines(order, issued),
    },
    ref,
    settings,
  );
  const withNote = await changeRefund(
    trx,
    issued.id,
    { from: ['issued'] },
    { credit_note_id: note.id, updated_at: ref.now },
  );
  await announceIssued(trx, issued, ref);
  await enqueue(trx, clockAt(ref.now), {
    type: REFUND_SETTLE_JOB,
    payload: { refundId: issued.id },
    runAt: expected,
    dedupeKey: `refund-settle:${issued.id}`,
  });
  return withNote ?? issued;
}

async function announceIssued(trx: Executor, refund: Refund, ref: MoneyRef): Promise<void> {
  if (!refund.incidentId) return;
  const incident = await loadIncident(trx, refund.incidentId, ref.now);
  await addIncidentCost(
    trx,
    {
      incidentId: incident.id,
      kind: 'refund',
      amount: refund.amount,
      currency: refund.currency,
      party: refund.party ?? (await defaultParty(trx, incident)),
      refType: 'refund',
      refId: refund.id,
      note: refund.reason,
    },
    ref,
  );
  const to =
    refund.provider === 'store_credit' ? 'as store credit' : 'to the original payment method';
  const by = refund.expectedOnStatementBy ?? refund.issuedAt ?? ref.now;
  await noteOn(
    trx,
    incident.id,
    {
      message:
        `Refund of ${formatMoney(refund.amount, refund.currency)} issued ${to} on ` +
        `${ref.now.slice(0, 10)}; expected on the statement by ${by.slice(0, 10)}`,
      visibility: 'public',
      publicText: publicText('refund_issued', {
        amount: refund.amount,
        currency: refund.currency,
        toStoreCredit: refund.provider === 'store_credit',
        issuedAt: ref.now,
        expectedBy: by,
      }),
    },
    ref,
  );
  await tellCustomer(
    trx,
    incident.id,
    {
      event: 'refund_issued',
      key: refund.id,
      data: {
        refundId: refund.id,
        amount: refund.amount,
        currency: refund.currency,
        method: refund.method,
        issuedAt: refund.issuedAt,
        expectedOnStatementBy: refund.expectedOnStatementBy,
      },
    },
    ref.now,
  );
}

/** Writes an alert (once per kind and refund) and an internal entry on the incident. */
export async function alertRefund(
  trx: Executor,
  refund: Refund,
  kind: 'refund_sla_breached' | 'refund_failed',
  message: string,
  ref: MoneyRef,
): Promise<void> {
  const fresh = await insertAlert(trx, {
    id: newId('alr'),
    kind,
    refund_id: refund.id,
    incident_id: refund.incidentId,
    message,
    at: ref.now,
  });
  if (fresh) await noteOn(trx, refund.incidentId, { message, visibility: 'internal' }, ref);
}

/**
 * The provider gave up (or refused): the refund fails, its hold is released so another refund can
 * be made, and finance is alerted. A refund that had been issued also gets its cost reversed.
 */
export async function failRefund(
  trx: Executor,
  refundId: string,
  from: 'approved' | 'issued',
  reason: string,
  ref: MoneyRef,
): Promise<Refund | undefined> {
  const failed = await changeRefund(
    trx,
    refundId,
    { from: [from] },
    {
      state: 'failed',
      failed_at: ref.now,
      failure_reason: reason.slice(0, 1000),
      updated_at: ref.now,
    },
  );
  if (!failed) return undefined;
  await releaseHolds(trx, failed, ref.now);
  if (from === 'issued' && failed.incidentId) {
    const incident = await loadIncident(trx, failed.incidentId, ref.now);
    await addIncidentCost(
      trx,
      {
        incidentId: failed.incidentId,
        kind: 'refund',
        amount: -failed.amount,
        currency: failed.currency,
        party: failed.party ?? (await defaultParty(trx, incident)),
        refType: 'refund_failure',
        refId: failed.id,
        note: reason.slice(0, 200),
      },
      ref,
    );
  }
  const doc = failed.creditNoteId ? `; credit note ${failed.creditNoteId} needs a correction` : '';
  await alertRefund(
    trx,
    failed,
    'refund_failed',
    `Refund of ${formatMoney(failed.amount, failed.currency)} failed: ${reason}${doc}`,
    ref,
  );
  return failed;
}

export async function settleRefund(trx: Executor, refundId: string, ref: MoneyRef) {
  return changeRefund(
    trx,
    refundId,
    { from: ['issued'] },
    { state: 'settled', settled_at: ref.now, updated_at: ref.now },
  );
}

/** The SLA job at the refund's due time: still not issued → breached, alerted once. */
export function checkRefundSla(db: Executor, refundId: string, now: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const breached = await changeRefund(
      trx,
      refundId,
      { from: ['requested', 'approved'], unbreached: true },
      { breached_at: now, updated_at: now },
    );
    if (!breached) return false;
    await alertRefund(
      trx,
      breached,
      'refund_sla_breached',
      `Refund of ${formatMoney(breached.amount, breached.currency)} not issued by its due time ` +
        `${breached.dueAt} (72 h after verification); it is ${breached.state}`,
      { now, actor: 'system' },
    );
    return true;
  });
}
