import { cancelLine } from '../../../orders/index.js';
import { publicText } from '../../../incidents/index.js';
import { unitsOf, type SpecOf, type StepHandler } from './step.js';

/** Cancels units no shipment holds; the order closes when that settles its last line. */
export const cancelLineStep: StepHandler<SpecOf<'cancel_line'>> = {
  async run(env, spec) {
    for (const u of spec.units) {
      await cancelLine(
        env.trx,
        { orderId: env.incident.orderId, lineId: u.orderLineId },
        u.qty,
        env.ref,
      );
    }
    const what = spec.units.map((u) => `${u.qty} × ${u.sku}`).join(', ');
    return {
      refs: { cancelled: spec.units.map((u) => ({ orderLineId: u.orderLineId, qty: u.qty })) },
      awaiting: null,
      message: `Cancelled ${what} on the order`,
      publicNote: {
        message: `${what} is cancelled on your order.`,
        text: publicText('lines_cancelled', { units: unitsOf(spec.units) }),
      },
    };
  },
  // Orders have no way to un-cancel a line: the step is placed after every step that can fail.
  undo: () => Promise.resolve('cancelled units stay cancelled'),
};
