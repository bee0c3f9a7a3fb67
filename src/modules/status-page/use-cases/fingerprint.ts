import { createHash } from 'node:crypto';
import type { AppContext } from '../../../context.js';
import { currentPlan, refundsOf } from '../status-page.ports.js';

/**
 * What changes on the page without a timeline entry or an incident update: the plan (options,
 * choice, its state) and the refunds' states. The live poller compares it every few seconds.
 */
export async function fingerprintOf(ctx: AppContext, incidentId: string): Promise<string> {
  const plan = await currentPlan(ctx, incidentId);
  const refunds = await refundsOf(ctx.db, incidentId);
  const facts = {
    plan: plan && [plan.id, plan.state, plan.chosenOptionId, plan.deadlineAt, plan.options],
    refunds: refunds.map((r) => [r.id, r.state, r.issuedAt, r.settledAt, r.expectedOnStatementBy]),
  };
  return createHash('sha256').update(JSON.stringify(facts)).digest('base64url');
}
