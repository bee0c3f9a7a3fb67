import { DAY } from '../../../../shared/clock.js';
import { issueVoucher, voidVoucher } from '../../../money/index.js';
import { party } from './reship.js';
import { str, type SpecOf, type StepHandler } from './step.js';

/** A fixed-amount compensation voucher with its own code (money tells the customer). */
export const voucherStep: StepHandler<SpecOf<'voucher'>> = {
  async run(env, spec) {
    const voucher = await issueVoucher(
      env.trx,
      {
        customerId: env.incident.customerId,
        incidentId: env.incident.id,
        kind: 'fixed',
        amount: spec.amount,
        currency: spec.currency,
        expiresAt: new Date(Date.parse(env.ref.now) + spec.expiresInDays * DAY).toISOString(),
        reason: spec.reason,
        party: await party(env),
      },
      env.ref,
    );
    return {
      refs: { voucherId: voucher.id, code: voucher.code },
      awaiting: null,
      message: `Voucher ${voucher.code} of ${spec.amount} ${spec.currency} issued`,
    };
  },
  async undo(env, _spec, refs) {
    const id = str(refs, 'voucherId');
    if (!id) return 'no voucher';
    await voidVoucher(env.trx, id, 'remedy undone', env.ref);
    return `voucher ${id} voided`;
  },
};
