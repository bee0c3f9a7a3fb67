import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { JobHandler } from '../../jobs/index.js';
import { moneySettings } from './money.settings.js';
import { stripeGateway } from './providers/stripe-gateway.js';
import { payOutRefund, refundJobPayload, settleIssuedRefund } from './use-cases/refund-payout.js';
import {
  checkRefundSla,
  REFUND_PAYOUT_JOB,
  REFUND_SETTLE_JOB,
  REFUND_SLA_JOB,
} from './use-cases/refund-outcomes.js';
import { STORE_CREDIT_EXPIRY_JOB } from './use-cases/store-credit.js';
import { sweepExpiredCredit } from './use-cases/store-credit-takeback.js';

const entryPayload = z.object({ entryId: z.string().min(1) });

/** Job handlers of this module, by job type; each is idempotent. */
export function moneyJobHandlers(ctx: AppContext): Record<string, JobHandler> {
  const stripe = ctx.config.money.stripe;
  const deps = {
    db: ctx.db,
    clock: ctx.clock,
    gateway: stripe ? stripeGateway(stripe) : null,
    settings: moneySettings(ctx.config),
  };
  const now = () => ctx.clock.now().toISOString();
  return {
    [REFUND_PAYOUT_JOB]: (job) => payOutRefund(deps, job),
    [REFUND_SETTLE_JOB]: (job) => settleIssuedRefund(deps, job),
    [REFUND_SLA_JOB]: async (job) => {
      await checkRefundSla(ctx.db, refundJobPayload.parse(job.payload).refundId, now());
    },
    [STORE_CREDIT_EXPIRY_JOB]: (job) =>
      sweepExpiredCredit(ctx.db, entryPayload.parse(job.payload).entryId, now()),
  };
}
