import type { AppContext } from '../../context.js';
import type { JobHandler } from '../../jobs/index.js';
import { MATCH_JOB, runMatch } from './use-cases/match.js';

/** Job handlers of this module, by job type; each is idempotent. */
export function carrierJobHandlers(
  ctx: Pick<AppContext, 'db' | 'clock'>,
): Record<string, JobHandler> {
  return {
    [MATCH_JOB]: async () => {
      await runMatch(ctx);
    },
  };
}
