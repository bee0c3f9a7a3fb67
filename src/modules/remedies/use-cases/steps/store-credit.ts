import { grantStoreCredit, moneySettings, reverseStoreCredit } from '../../../money/index.js';
import { party } from './reship.js';
import { str, type SpecOf, type StepHandler } from './step.js';

/** Store credit (the affected value plus the policy's bonus), chosen with the customer's consent. */
export const storeCreditStep: StepHandler<SpecOf<'store_credit'>> = {
  async run(env, spec) {
    const entry = await grantStoreCredit(
      env.trx,
      {
        customerId: env.incident.customerId,
        amount: spec.amount + spec.bonus,
        currency: spec.currency,
        reason: `${spec.reason} (${spec.amount} + bonus ${spec.bonus})`,
        incidentId: env.incident.id,
        idempotencyKey: `remedy:${env.stepId}`,
        party: await party(env),
      },
      env.ref,
      moneySettings(env.ctx.config),
    );
    return {
      refs: { storeCreditEntryId: entry.id },
      awaiting: null,
      message: `Store credit ${entry.id} of ${spec.amount + spec.bonus} ${spec.currency} granted`,
    };
  },
  async undo(env, _spec, refs) {
    const id = str(refs, 'storeCreditEntryId');
    if (!id) return 'no store credit';
    await reverseStoreCredit(env.trx, id, 'remedy undone', env.ref);
    return `store credit ${id} reversed`;
  },
};
