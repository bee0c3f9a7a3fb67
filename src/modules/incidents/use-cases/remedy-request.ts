import type { Executor } from '../../../db/database.js';
import { enqueue } from '../../../jobs/index.js';
import type { Clock } from '../../../shared/clock.js';

/**
 * The job that asks the remedies module for a plan. Incidents queue it (in the transaction of the
 * change) when one is verified, and when detection opens one that concerns a customer; the
 * remedies module handles it. Once per incident and reason: a retried transaction adds nothing.
 */
export const PLAN_REMEDIES_JOB = 'remedies.plan';

export interface PlanRemediesPayload {
  incidentId: string;
  reason: 'verified' | 'detected';
}

export async function requestRemedyPlan(
  trx: Executor,
  clock: Clock,
  payload: PlanRemediesPayload,
): Promise<void> {
  await enqueue(trx, clock, {
    type: PLAN_REMEDIES_JOB,
    payload,
    dedupeKey: `${PLAN_REMEDIES_JOB}:${payload.incidentId}:${payload.reason}`,
  });
}
