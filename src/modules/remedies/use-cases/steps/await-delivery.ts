import { findShipment } from '../../../orders/index.js';
import type { SpecOf, StepHandler } from './step.js';

/** Waits for a shipment already on its way (a late parcel): the incident resolves on delivery. */
export const awaitDeliveryStep: StepHandler<SpecOf<'await_delivery'>> = {
  run(_env, spec) {
    return Promise.resolve({
      refs: { shipmentId: spec.shipmentId },
      awaiting: 'delivery' as const,
      message: `Waiting for shipment ${spec.shipmentId} to be delivered`,
    });
  },
  undo: () => Promise.resolve('nothing to undo'),
  async check(env, spec) {
    const s = await findShipment(env.trx, spec.shipmentId);
    if (s?.status === 'delivered') return { done: true, message: `Shipment ${s.id} delivered` };
    return { done: false };
  },
};
