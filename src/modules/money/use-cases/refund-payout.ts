import { z } from 'zod';
import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { enqueue, type Job } from '../../../jobs/index.js';
import { addMs, DAY, type Clock } from '../../../shared/clock.js';
import { clockAt } from '../incident-links.js';
import type { Refund } from '../money.js';
import type { MoneySettings } from '../money.settings.js';
import {
  GatewayError,
  refundIdempotencyKey,
  type GatewayRefund,
  type PaymentGateway,
} from '../providers/payment-gateway.js';
import { changeRefund, findRefund } from '../refunds.repository.js';
import { failRefund, issueRefund, REFUND_SETTLE_JOB, settleRefund } from './refund-outcomes.js';

export const refundJobPayload = z.object({ refundId: z.string().min(1) });

export interface PayoutDeps {
  db: Executor;
  clock: Clock;
  gateway: PaymentGateway | null;
  settings: MoneySettings;
}

const system = (clock: Clock) => ({ now: clock.now().toISOString(), actor: 'system' });

/**
 * Marks the refund as handed to its provider (a cancel can no longer win), unless it is no longer
 * approved. A retry after a crash finds it already marked and goes on: the provider call repeats
 * with the same idempotency key, so it cannot pay twice.
 */
async function claimForPayout(db: Executor, id: string, now: string): Promise<Refund | undefined> {
  const claimed = await inTransaction(db, (trx) =>
    changeRefund(
      trx,
      id,
      { from: ['approved'], unsubmitted: true },
      { submitted_at: now, updated_at: now },
    ),
  );
  if (claimed) return claimed;
  const current = await findRefund(db, id);
  return current?.state === 'approved' && current.submittedAt ? current : undefined;
}

/**
 * The payout job of a Stripe refund, after the request committed. Success issues the refund;
 * a refusal, or the last attempt of a transient failure, fails it and alerts; any other
 * failure is thrown so the runner retries with backoff.
 */
export async function payOutRefund(deps: PayoutDeps, job: Job): Promise<void> {
  const { refundId } = refundJobPayload.parse(job.payload);
  if ((await findRefund(deps.db, refundId))?.provider !== 'stripe') return;
  const refund = await claimForPayout(deps.db, refundId, deps.clock.now().toISOString());
  if (!refund) return;
  let result: GatewayRefund;
  try {
    if (!deps.gateway) throw new GatewayError('Stripe is not configured (STRIPE_API_KEY)', true);
    if (!refund.paymentReference) throw new GatewayError('the order has no Stripe payment', true);
    result = await deps.gateway.refund({
      refundId: refund.id,
      idempotencyKey: refundIdempotencyKey(refund.id),
      amount: refund.amount,
      currency: refund.currency,
      paymentReference: refund.paymentReference,
      reason: refund.reason,
    });
  } catch (err) {
    const permanent = err instanceof GatewayError && err.permanent;
    if (!permanent && job.attempts < job.maxAttempts) throw err;
    const why = err instanceof Error ? err.message : String(err);
    const reason = permanent ? why : `${why} (gave up after ${job.attempts} attempts)`;
    await inTransaction(deps.db, (trx) =>
      failRefund(trx, refund.id, 'approved', reason, system(deps.clock)),
    );
    return;
  }
  await inTransaction(deps.db, async (trx) => {
    const ref = system(deps.clock);
    if (result.status === 'failed' || result.status === 'canceled') {
      await failRefund(
        trx,
        refund.id,
        'approved',
        `Stripe refund ${result.id} ${result.status}`,
        ref,
      );
      return;
    }
    const current = await findRefund(trx, refund.id, { lock: true });
    if (current) await issueRefund(trx, current, result.id, ref, deps.settings);
  });
}

/**
 * At the date the statement should show it: a manual or store-credit refund is settled; a Stripe
 * refund is asked for its status — succeeded settles, failed fails (and alerts), still pending
 * looks again a day later.
 */
export async function settleIssuedRefund(deps: PayoutDeps, job: Job): Promise<void> {
  const { refundId } = refundJobPayload.parse(job.payload);
  const refund = await findRefund(deps.db, refundId);
  if (refund?.state !== 'issued') return;
  const status =
    refund.provider === 'stripe' && deps.gateway && refund.providerRef
      ? (await deps.gateway.retrieve(refund.providerRef)).status
      : 'succeeded';
  const ref = system(deps.clock);
  await inTransaction(deps.db, async (trx) => {
    if (status === 'succeeded') {
      await settleRefund(trx, refundId, ref);
    } else if (status === 'failed' || status === 'canceled') {
      await failRefund(trx, refundId, 'issued', `Stripe reports the refund ${status}`, ref);
    } else {
      const runAt = addMs(ref.now, DAY);
      await enqueue(trx, clockAt(ref.now), {
        type: REFUND_SETTLE_JOB,
        payload: { refundId },
        runAt,
        dedupeKey: `refund-settle:${refundId}:${runAt}`,
      });
    }
  });
}
