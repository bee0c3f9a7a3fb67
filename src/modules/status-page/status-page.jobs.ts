import type { AppContext } from '../../context.js';
import type { JobHandler } from '../../jobs/index.js';

/** Job handlers of this module, by job type; each is idempotent. */
export function statusPageJobHandlers(_ctx: AppContext): Record<string, JobHandler> {
  return {};
}
