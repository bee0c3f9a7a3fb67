import type { AppContext } from '../../context.js';
import type { Job, JobHandler } from '../../jobs/index.js';
import { customerMessagePayload, NOTIFY_CUSTOMER_JOB } from '../incidents/index.js';
import { providersFor } from './providers/index.js';
import { deliverMessage, type DeliverEnv } from './use-cases/deliver.js';
import {
  deliverPayload,
  emailFallback,
  fallbackPayload,
  notifyCustomer,
} from './use-cases/notify.js';
import { DELIVER_JOB, FALLBACK_JOB } from './use-cases/prepare.js';

const lastAttempt = (job: Job) => job.attempts >= job.maxAttempts;

/** Job handlers of this module, by job type; each is idempotent. */
export function notificationsJobHandlers(ctx: AppContext): Record<string, JobHandler> {
  const env: DeliverEnv = {
    db: ctx.db,
    clock: ctx.clock,
    config: ctx.config,
    providers: providersFor(ctx.config),
  };
  return {
    [NOTIFY_CUSTOMER_JOB]: (job) =>
      notifyCustomer(env, customerMessagePayload.parse(job.payload), lastAttempt(job)),
    [DELIVER_JOB]: (job) =>
      deliverMessage(env, deliverPayload.parse(job.payload).messageId, lastAttempt(job)),
    [FALLBACK_JOB]: (job) =>
      emailFallback(env, fallbackPayload.parse(job.payload), lastAttempt(job)),
  };
}
