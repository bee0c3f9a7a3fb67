import { cancelRefund, moneySettings, requestRefund } from '../../../money/index.js';
import { party } from './reship.js';
import { str, type SpecOf, type StepHandler } from './step.js';

/** A refund to the original payment, through money (which issues it and tells the customer). */
export const refundStep: StepHandler<SpecOf<'refund'>> = {
  async run(env, spec) {
    const refund = await requestRefund(
      env.trx,
      {
        orderId: env.incident.orderId,
        incidentId: env.incident.id,
        amount: spec.amount,
        currency: spec.currency,
        reason: spec.reason,
        ...(spec.units
          ? { lines: spec.units.map((u) => ({ orderLineId: u.orderLineId, qty: u.qty })) }
          : {}),
        method: 'original_payment',
        idempotencyKey: `remedy:${env.stepId}`,
        autoApprove: true,
        party: await party(env),
      },
      env.ref,
      moneySettings(env.ctx.config),
    );
    return {
      refs: { refundId: refund.id, state: refund.state },
      awaiting: null,
      message: `Refund ${refund.id} of ${spec.amount} ${spec.currency} requested (${refund.state})`,
    };
  },
  async undo(env, _spec, refs) {
    const id = str(refs, 'refundId');
    if (!id) return 'no refund';
    const r = await cancelRefund(env.trx, id, 'remedy undone', env.ref);
    return `refund ${r.id} ${r.state}`;
  },
};
