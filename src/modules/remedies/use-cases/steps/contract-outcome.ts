import { recordContractOutcome } from '../../../money/index.js';
import { findShipment } from '../../../orders/index.js';
import { ids, type SpecOf, type StepEnv, type StepHandler } from './step.js';

/**
 * The B2B contract's verdict on the shortfall: avoided when the backordered units ship by the
 * contract's catch-up date, incurred when the date passes first. Recorded once, through money.
 */
export const contractOutcomeStep: StepHandler<SpecOf<'contract_outcome'>> = {
  run(_env, spec) {
    return Promise.resolve({
      refs: { dueBy: spec.dueBy },
      awaiting: 'contract' as const,
      message: `Contract: the shortfall of ${spec.shortfallAmount} ${spec.currency} must ship by ${spec.dueBy}`,
    });
  },
  undo: () => Promise.resolve('nothing recorded yet'),
  async check(env, spec, refs) {
    const shippedAt = await backorderShippedAt(env);
    const now = env.ref.now;
    if (shippedAt === null && now < spec.dueBy) return { done: false };
    const metAt = shippedAt !== null && shippedAt <= spec.dueBy ? shippedAt : null;
    await recordContractOutcome(
      env.trx,
      {
        incidentId: env.incident.id,
        orderId: env.incident.orderId,
        customerId: env.incident.customerId,
        shortfallAmount: spec.shortfallAmount,
        currency: spec.currency,
        dueBy: spec.dueBy,
        metAt,
      },
      env.ref,
    );
    const verdict = metAt
      ? `penalty avoided: shipped ${metAt}`
      : `penalty incurred: not shipped by ${spec.dueBy}`;
    return {
      done: true,
      refs: { ...refs, metAt, outcome: metAt ? 'avoided' : 'incurred' },
      message: `Contract ${verdict}`,
    };
  },
};

/** When the backorder's last shipment left, or null while any has not. */
async function backorderShippedAt(env: StepEnv): Promise<string | null> {
  const backorder = env.siblings.find((s) => s.kind === 'backorder' && s.state === 'done');
  const list = backorder ? ids(backorder.refs, 'shipmentIds') : [];
  if (list.length === 0) return null;
  let last = '';
  for (const id of list) {
    const s = await findShipment(env.trx, id);
    if (!s?.shippedAt) return null;
    if (s.shippedAt > last) last = s.shippedAt;
  }
  return last;
}
