import type { AppContext } from '../../context.js';
import { AppError } from '../../shared/app-error.js';
import { claimRequest, completeRequest, releaseRequest } from './status-page.repository.js';

/**
 * Customer actions sent with an `Idempotency-Key` run once: the key is claimed before the
 * action (a unique row per link incident and key), the first answer is stored, and a retry gets
 * that answer back. A failed action frees its key so that the retry runs it again. Without a
 * key the action simply runs.
 */
export async function runOnce<T>(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  scope: { incidentId: string; key: string | undefined; action: string; status: number },
  run: () => Promise<T>,
): Promise<{ status: number; body: T }> {
  const { incidentId, key, action, status } = scope;
  if (key === undefined) return { status, body: await run() };
  const now = ctx.clock.now().toISOString();
  const claim = await claimRequest(ctx.db, { incidentId, key, action, now });
  if (!claim.claimed) {
    const { previous } = claim;
    if (previous.action !== action) {
      throw new AppError(
        'idempotency_conflict',
        `This Idempotency-Key was used for ${previous.action}; use a new key for ${action}`,
        { field: 'idempotency-key' },
      );
    }
    if (previous.status === null || previous.response === null) {
      throw new AppError(
        'conflict',
        'The first request with this Idempotency-Key is still running',
      );
    }
    return { status: previous.status, body: JSON.parse(previous.response) as T };
  }
  try {
    const body = await run();
    await completeRequest(ctx.db, { incidentId, key, status, response: body });
    return { status, body };
  } catch (err) {
    await releaseRequest(ctx.db, { incidentId, key });
    throw err;
  }
}
