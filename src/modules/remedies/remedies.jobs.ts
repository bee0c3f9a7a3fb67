import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { enqueue, type JobHandler } from '../../jobs/index.js';
import { getIncident, PLAN_REMEDIES_JOB } from '../incidents/index.js';
import { findShipment } from '../orders/index.js';
import { applyDeadline, EXECUTE_JOB } from './use-cases/choose.js';
import { executePlan, WATCH_JOB } from './use-cases/execute.js';
import { createPlan, DEADLINE_JOB } from './use-cases/plan.js';
import { RESERVATION_EXPIRY_JOB } from './use-cases/steps/index.js';
import { expireReservation, watchPlans } from './use-cases/watch.js';

const planPayload = z.object({
  incidentId: z.string(),
  reason: z.string().optional(),
  attempt: z.number().optional(),
});
const planIdPayload = z.object({ planId: z.string() });
const expiryPayload = z.object({ planId: z.string(), stepId: z.string() });

/** How long a plan waits while the pack station still holds the shipment it is about. */
const PACK_DEFER_MS = 10 * 60_000;

/** Job handlers of this module, by job type; each is idempotent. */
export function remediesJobHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    [PLAN_REMEDIES_JOB]: (job) => planIncident(ctx, planPayload.parse(job.payload)),
    [DEADLINE_JOB]: (job) => applyDeadline(ctx, planIdPayload.parse(job.payload).planId),
    [EXECUTE_JOB]: (job) => executePlan(ctx, planIdPayload.parse(job.payload).planId),
    [WATCH_JOB]: () => watchPlans(ctx),
    [RESERVATION_EXPIRY_JOB]: (job) => {
      const p = expiryPayload.parse(job.payload);
      return expireReservation(ctx, p.planId, p.stepId);
    },
  };
}

/**
 * Plans an incident that was verified, or that detection opened: such an incident is verified
 * by the plan. One still held at the pack station (the packer has not decided what ships) is
 * looked at again a little later; anything else (dismissed, caught, already planned) is left.
 */
async function planIncident(ctx: AppContext, p: z.infer<typeof planPayload>): Promise<void> {
  const incident = await getIncident(ctx.db, p.incidentId, ctx.clock);
  const detected =
    incident.state === 'detected' && incident.source !== 'agent' && incident.source !== 'customer';
  if (!detected && incident.state !== 'verified') return;
  if (!incident.orderId || !incident.customerId) return;
  if (incident.source === 'pack' && incident.shipmentId) {
    const shipment = await findShipment(ctx.db, incident.shipmentId);
    if (shipment?.blockedAt) {
      const attempt = (p.attempt ?? 0) + 1;
      const runAt = new Date(ctx.clock.now().getTime() + PACK_DEFER_MS).toISOString();
      await enqueue(ctx.db, ctx.clock, {
        type: PLAN_REMEDIES_JOB,
        payload: { ...p, attempt },
        runAt,
        dedupeKey: `${PLAN_REMEDIES_JOB}:${p.incidentId}:deferred:${attempt}`,
      });
      return;
    }
  }
  await createPlan(ctx, incident.id, { actor: 'system' });
}
