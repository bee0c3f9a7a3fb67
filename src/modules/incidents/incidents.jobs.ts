import type { AppContext } from '../../context.js';
import type { JobHandler } from '../../jobs/index.js';
import { SLA_CHECK_JOB, checkSlaClock, slaCheckPayload } from './use-cases/sla.js';

/** Job handlers of this module, by job type; each is idempotent. */
export function incidentJobHandlers(
  ctx: Pick<AppContext, 'db' | 'clock'>,
): Record<string, JobHandler> {
  return {
    [SLA_CHECK_JOB]: async (job) => {
      const payload = slaCheckPayload.parse(job.payload);
      await ctx.db.transaction().execute((trx) => checkSlaClock(trx, payload, ctx.clock));
    },
  };
}
