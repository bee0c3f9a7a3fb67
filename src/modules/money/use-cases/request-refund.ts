import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { enqueue } from '../../../jobs/index.js';
import { AppError } from '../../../shared/app-error.js';
import { addMs } from '../../../shared/clock.js';
import { newId } from '../../../shared/ids.js';
import { getOrder, type Order } from '../../orders/index.js';
import type { Incident } from '../../incidents/index.js';
import { once } from '../idempotency.js';
import { clockAt, loadIncident, noteOn } from '../incident-links.js';
import {
  formatMoney,
  holdingStates,
  refundClock,
  type Consent,
  type CostParty,
  type MoneyRef,
  type Refund,
  type RefundLine,
  type RefundMethod,
  type RefundProvider,
} from '../money.js';
import { currencyMismatch, exceedsRefundable, fieldError } from '../money.errors.js';
import type { MoneySettings } from '../money.settings.js';
import { latestPayment } from '../payments.repository.js';
import {
  ensureLineRefunds,
  ensureOrderMoney,
  holdLineQty,
  holdRefundable,
  incidentRefundTotal,
  insertRefund,
  lineQtyLeft,
  refundableOf,
} from '../refunds.repository.js';
import { getRefund, REFUND_SLA_JOB } from './refund-outcomes.js';
import { afterApproval } from './refund-steps.js';

export interface RefundRequest {
  orderId: string;
  incidentId?: string;
  /** Minor units; defaults to the value of `lines` when they are given. */
  amount?: number;
  currency: string;
  reason: string;
  lines?: RefundLine[];
  method?: RefundMethod;
  /** Required for store credit instead of the original payment method. */
  consent?: Consent;
  idempotencyKey?: string;
  /** true: approved now (the caller applied its own approval rule); false: wait for finance. */
  autoApprove?: boolean;
  /** Who the cost is attributed to; by default from the incident's root cause or type. */
  party?: CostParty;
}

/**
 * Requests a refund of an order. It holds its amount of the order's refundable money (paid minus
 * every refund not cancelled or failed) in one conditional statement, so concurrent requests can
 * never together pay back more than was paid. Within the auto-approve limit it is approved at
 * once and paid out (Stripe after commit, store credit now, manual when finance confirms).
 */
export function requestRefund(
  db: Executor,
  input: RefundRequest,
  ref: MoneyRef,
  settings: MoneySettings,
): Promise<Refund> {
  return requestRefundOnce(db, input, ref, settings).then((r) => r.refund);
}

/** As `requestRefund`, and says whether the idempotency key replayed an earlier request. */
export function requestRefundOnce(
  db: Executor,
  input: RefundRequest,
  ref: MoneyRef,
  settings: MoneySettings,
): Promise<{ refund: Refund; replayed: boolean }> {
  return inTransaction(db, async (trx) => {
    const { idempotencyKey, ...request } = input;
    const { result, replayed } = await once(
      trx,
      { scope: 'refund', key: idempotencyKey, request, now: ref.now },
      () => createRefund(trx, input, ref, settings),
      (id) => getRefund(trx, id),
    );
    return { refund: result, replayed };
  });
}

function checkLines(order: Order, lines: RefundLine[]): number {
  let value = 0;
  lines.forEach((l, i) => {
    const line = order.lines.find((ol) => ol.id === l.orderLineId);
    if (!line) throw fieldError(`lines.${i}.orderLineId`, 'is not a line of the order');
    if (lines.findIndex((x) => x.orderLineId === l.orderLineId) !== i) {
      throw fieldError(`lines.${i}.orderLineId`, 'appears twice');
    }
    value += line.unitPrice * l.qty;
  });
  return value;
}

function amountOf(order: Order, input: RefundRequest): number {
  const lines = input.lines ?? [];
  const value = checkLines(order, lines);
  if (input.amount === undefined) {
    if (lines.length === 0) throw fieldError('amount', 'is required when no lines are given');
    return value;
  }
  if (lines.length > 0 && input.amount > value) {
    throw fieldError('amount', `must not exceed the value of the lines (${value})`);
  }
  return input.amount;
}

async function providerOf(
  trx: Executor,
  order: Order,
  method: RefundMethod,
): Promise<{ provider: RefundProvider; paymentReference: string | null }> {
  if (method === 'store_credit' || order.paymentMethod === 'store_credit') {
    return { provider: 'store_credit', paymentReference: null };
  }
  const stripe = await latestPayment(trx, order.id, 'stripe');
  return stripe
    ? { provider: 'stripe', paymentReference: stripe.reference }
    : { provider: 'manual', paymentReference: null };
}

async function holdMoney(
  trx: Executor,
  order: Order,
  amount: number,
  lines: RefundLine[],
  now: string,
) {
  await ensureLineRefunds(
    trx,
    order.lines.map((l) => ({ orderLineId: l.id, orderId: order.id, qtyLimit: l.qtyOrdered })),
  );
  for (const [i, l] of lines.entries()) {
    if (!(await holdLineQty(trx, l.orderLineId, l.qty))) {
      const left = await lineQtyLeft(trx, l.orderLineId);
      throw new AppError(
        'quantity_exceeded',
        `Only ${left} unit(s) of this line are left to refund`,
        {
          field: `lines.${i}.qty`,
          orderLineId: l.orderLineId,
          remaining: left,
        },
      );
    }
  }
  await ensureOrderMoney(trx, {
    orderId: order.id,
    currency: order.currency,
    paid: order.totals.paid,
    now,
  });
  if (!(await holdRefundable(trx, order.id, amount, now))) {
    const money = await refundableOf(trx, order.id);
    throw exceedsRefundable(amount, money ? money.paid - money.refunded : 0, order.currency);
  }
}

async function shouldApprove(
  trx: Executor,
  input: RefundRequest,
  amount: number,
  incident: Incident | null,
  settings: MoneySettings,
): Promise<boolean> {
  if (input.autoApprove !== undefined) return input.autoApprove;
  const before = incident ? await incidentRefundTotal(trx, incident.id, holdingStates) : 0;
  return before + amount <= settings.autoApproveLimit;
}

/** The order, the incident and the amount of a valid request; the consent rule, enforced. */
async function checkRequest(trx: Executor, input: RefundRequest, now: string) {
  const order = await getOrder(trx, input.orderId);
  if (input.currency !== order.currency) {
    throw currencyMismatch('currency', input.currency, order.currency);
  }
  const incident = input.incidentId ? await loadIncident(trx, input.incidentId, now) : null;
  if (incident && incident.orderId !== order.id) {
    throw fieldError('incidentId', 'is not an incident of this order');
  }
  const amount = amountOf(order, input);
  const method = input.method ?? 'original_payment';
  if (method === 'store_credit' && order.paymentMethod !== 'store_credit' && !input.consent) {
    throw new AppError(
      'consent_required',
      'A refund goes back to the original payment method; store credit instead needs the ' +
        "customer's recorded consent (consent: { channel, at, statement })",
      { field: 'consent' },
    );
  }
  return { order, incident, amount, method };
}

async function createRefund(
  trx: Executor,
  input: RefundRequest,
  ref: MoneyRef,
  settings: MoneySettings,
): Promise<Refund> {
  const { order, incident, amount, method } = await checkRequest(trx, input, ref.now);
  const lines = input.lines ?? [];
  await holdMoney(trx, order, amount, lines, ref.now);
  // After the hold: its conditional update locks the order's money row until commit, so the
  // refunds of one incident (all on its order) are summed one request at a time.
  const approve = await shouldApprove(trx, input, amount, incident, settings);
  const { provider, paymentReference } = await providerOf(trx, order, method);
  const start = incident?.verifiedAt ?? ref.now;
  const refund = await insertRefund(trx, {
    ...newRefundRow(ref),
    id: newId('rfd'),
    order_id: order.id,
    incident_id: incident?.id ?? null,
    state: approve ? 'approved' : 'requested',
    amount,
    currency: order.currency,
    method,
    provider,
    payment_reference: paymentReference,
    payment_method: order.paymentMethod,
    reason: input.reason,
    lines: JSON.stringify(lines),
    consent: input.consent ? JSON.stringify(input.consent) : null,
    party: input.party ?? null,
    approved_at: approve ? ref.now : null,
    approved_by: approve ? 'system:auto-approve' : null,
    due_at: addMs(start, refundClock.dueMs),
    target_at: addMs(start, refundClock.targetMs),
  });
  await enqueue(trx, clockAt(ref.now), {
    type: REFUND_SLA_JOB,
    payload: { refundId: refund.id },
    runAt: refund.dueAt,
    dedupeKey: `refund-sla:${refund.id}`,
  });
  await noteOn(
    trx,
    refund.incidentId,
    { message: requestedNote(refund, input, ref, settings), visibility: 'internal' },
    ref,
  );
  return approve ? afterApproval(trx, refund, ref, settings) : refund;
}

/** The columns a refund starts with empty. */
function newRefundRow(ref: MoneyRef) {
  return {
    requested_at: ref.now,
    requested_by: ref.actor,
    submitted_at: null,
    issued_at: null,
    expected_on_statement_by: null,
    settled_at: null,
    failed_at: null,
    failure_reason: null,
    cancelled_at: null,
    cancelled_by: null,
    cancel_reason: null,
    provider_ref: null,
    breached_at: null,
    credit_note_id: null,
    updated_at: ref.now,
  };
}

function requestedNote(
  refund: Refund,
  input: RefundRequest,
  ref: MoneyRef,
  settings: MoneySettings,
): string {
  const limit = formatMoney(settings.autoApproveLimit, refund.currency);
  const status =
    refund.state === 'approved'
      ? 'approved at once'
      : input.autoApprove === false
        ? 'waiting for approval by finance'
        : `waiting for approval by finance (above ${limit} per incident)`;
  return `Refund of ${formatMoney(refund.amount, refund.currency)} requested by ${ref.actor}: ${status}`;
}
