import { issueCreditNote, moneySettings } from '../../../money/index.js';
import { str, type SpecOf, type StepHandler } from './step.js';

/**
 * A credit note for the units the customer did not get (the B2B remedy). A credit note is never
 * changed: its undo is a correcting credit note that references it.
 */
export const creditNoteStep: StepHandler<SpecOf<'credit_note'>> = {
  async run(env, spec) {
    const note = await issueCreditNote(
      env.trx,
      {
        orderId: env.incident.orderId,
        incidentId: env.incident.id,
        reason: spec.reason,
        lines: spec.units.map((u) => ({
          description: `${u.sku} not delivered`,
          qty: u.qty,
          unitAmount: u.unitPrice,
          taxRateBp: spec.taxRateBp,
          orderLineId: u.orderLineId,
        })),
      },
      env.ref,
      moneySettings(env.ctx.config),
    );
    return {
      refs: { creditNoteId: note.id, number: note.number },
      awaiting: null,
      message: `Credit note ${note.number} issued`,
    };
  },
  async undo(env, spec, refs) {
    const id = str(refs, 'creditNoteId');
    if (!id) return 'no credit note';
    const correction = await issueCreditNote(
      env.trx,
      {
        orderId: env.incident.orderId,
        incidentId: env.incident.id,
        correctsId: id,
        reason: `correction: remedy undone (${spec.reason})`,
        lines: spec.units.map((u) => ({
          description: `${u.sku}: correction`,
          qty: u.qty,
          unitAmount: -u.unitPrice,
          taxRateBp: spec.taxRateBp,
          orderLineId: u.orderLineId,
        })),
      },
      env.ref,
      moneySettings(env.ctx.config),
    );
    return `credit note ${str(refs, 'number') ?? id} corrected by ${correction.number}`;
  },
};
