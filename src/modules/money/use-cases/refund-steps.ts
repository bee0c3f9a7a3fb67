import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { enqueue } from '../../../jobs/index.js';
import { AppError } from '../../../shared/app-error.js';
import { clockAt, noteOn } from '../incident-links.js';
import {
  cancellableStates,
  formatMoney,
  type MoneyRef,
  type Refund,
  type RefundState,
} from '../money.js';
import { refundInState } from '../money.errors.js';
import type { MoneySettings } from '../money.settings.js';
import { changeRefund, listAlerts, listRefundRows } from '../refunds.repository.js';
import { getRefund, issueRefund, REFUND_PAYOUT_JOB, releaseHolds } from './refund-outcomes.js';

/** The refund steps people take: approve, confirm a transfer, cancel; and the lists. */
/** Approved: Stripe pays in a job after commit, store credit is granted now, manual waits. */
export async function afterApproval(
  trx: Executor,
  refund: Refund,
  ref: MoneyRef,
  settings: MoneySettings,
): Promise<Refund> {
  switch (refund.provider) {
    case 'stripe':
      await enqueue(trx, clockAt(ref.now), {
        type: REFUND_PAYOUT_JOB,
        payload: { refundId: refund.id },
        dedupeKey: `refund-payout:${refund.id}`,
      });
      return refund;
    case 'store_credit':
      return issueRefund(trx, refund, null, ref, settings);
    case 'manual':
      return refund;
  }
}

/** Finance (or admin) approves a refund above the auto-approve limit; who and when are kept. */
export function approveRefund(
  db: Executor,
  id: string,
  ref: MoneyRef,
  settings: MoneySettings,
): Promise<Refund> {
  return inTransaction(db, async (trx) => {
    const approved = await changeRefund(
      trx,
      id,
      { from: ['requested'] },
      { state: 'approved', approved_at: ref.now, approved_by: ref.actor, updated_at: ref.now },
    );
    if (!approved) {
      const current = await getRefund(trx, id);
      if (current.approvedAt && current.state !== 'cancelled') return current;
      throw refundInState(current.state, 'approved', ['requested']);
    }
    await noteOn(
      trx,
      approved.incidentId,
      {
        message: `Refund of ${formatMoney(approved.amount, approved.currency)} approved by ${ref.actor}`,
        visibility: 'internal',
      },
      ref,
    );
    return afterApproval(trx, approved, ref, settings);
  });
}

/** Finance confirms a manual refund's transfer with its bank reference: the refund is issued. */
export function confirmRefund(
  db: Executor,
  id: string,
  reference: string,
  ref: MoneyRef,
  settings: MoneySettings,
): Promise<Refund> {
  return inTransaction(db, async (trx) => {
    const refund = await getRefund(trx, id, { lock: true });
    if (refund.provider !== 'manual') {
      throw new AppError(
        'invalid_state',
        `This refund is paid through ${refund.provider}: there is no transfer to confirm`,
        { provider: refund.provider },
      );
    }
    const done: RefundState[] = ['issued', 'settled'];
    if (done.includes(refund.state) && refund.providerRef === reference) return refund;
    if (refund.state !== 'approved') throw refundInState(refund.state, 'confirmed', ['approved']);
    return issueRefund(trx, refund, reference, ref, settings);
  });
}

/**
 * Undoes a refund before any money moved: requested, or approved and not yet handed to its
 * provider. Its hold on the order's refundable amount is released. Cancelling twice is a no-op.
 */
export function cancelRefund(
  db: Executor,
  id: string,
  reason: string,
  ref: MoneyRef,
): Promise<Refund> {
  return inTransaction(db, async (trx) => {
    const cancelled = await changeRefund(
      trx,
      id,
      { from: cancellableStates, unsubmitted: true },
      {
        state: 'cancelled',
        cancelled_at: ref.now,
        cancelled_by: ref.actor,
        cancel_reason: reason,
        updated_at: ref.now,
      },
    );
    if (!cancelled) {
      const current = await getRefund(trx, id);
      if (current.state === 'cancelled') return current;
      if (current.state === 'approved') {
        throw new AppError(
          'invalid_state',
          'The refund is already being paid out: it cannot be cancelled',
          {
            current: current.state,
          },
        );
      }
      throw refundInState(current.state, 'cancelled', [...cancellableStates]);
    }
    await releaseHolds(trx, cancelled, ref.now);
    await noteOn(
      trx,
      cancelled.incidentId,
      {
        message: `Refund of ${formatMoney(cancelled.amount, cancelled.currency)} cancelled: ${reason}`,
        visibility: 'internal',
      },
      ref,
    );
    return cancelled;
  });
}

export function listRefunds(
  db: Executor,
  filter: { orderId?: string; incidentId?: string; state?: RefundState },
): Promise<Refund[]> {
  return listRefundRows(db, filter);
}

export async function listRefundPage(
  db: Executor,
  f: { orderId?: string; incidentId?: string; state?: RefundState; cursor?: string; limit: number },
): Promise<{ data: Refund[]; nextCursor: string | null }> {
  const rows = await listRefundRows(db, { ...f, limit: f.limit + 1 });
  const data = rows.slice(0, f.limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > f.limit && last ? last.id : null };
}

export function listRefundAlerts(db: Executor, f: { refundId?: string; limit: number }) {
  return listAlerts(db, f);
}
