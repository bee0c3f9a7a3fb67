import {
  allocateOrder,
  cancelShipment,
  findShipment,
  prioritizeShipment,
} from '../../../orders/index.js';
import type { UnitSpec } from '../../remedies.js';
import { publicText } from '../../../incidents/index.js';
import { ids, unitsOf, type SpecOf, type StepEnv, type StepHandler } from './step.js';

/**
 * Sends the missing units of the order's own lines from another location: they are allocated
 * there (the order's line counters follow, so the order completes in full when they arrive),
 * with priority and the zone's service level. Done when every such shipment is delivered.
 */
export const shipMissingStep: StepHandler<SpecOf<'ship_missing'>> = {
  async run(env, spec) {
    const shipmentIds = await allocateUnits(env, spec.units, spec.locationId, {
      priority: spec.priority,
      serviceLevel: spec.serviceLevel,
      promisedAt: spec.promisedAt,
    });
    const what = spec.units.map((u) => `${u.qty} × ${u.sku}`).join(', ');
    return {
      refs: { shipmentIds },
      awaiting: 'delivery',
      message: `Missing ${what} allocated at ${spec.locationId}: ${shipmentIds.join(', ')}`,
      publicNote: {
        message: `We are sending the missing ${what} (by ${spec.promisedAt.slice(0, 16)}Z).`,
        text: publicText('missing_sent', {
          units: unitsOf(spec.units),
          promisedAt: spec.promisedAt,
        }),
      },
      notify: {
        event: 'reship_sent',
        data: { shipmentIds, promisedAt: spec.promisedAt, items: what },
      },
    };
  },
  undo: cancelShipments,
  check: allDelivered,
};

export async function allocateUnits(
  env: StepEnv,
  units: UnitSpec[],
  locationId: string,
  priority: {
    priority: number;
    serviceLevel?: 'same_day' | 'express' | 'standard';
    promisedAt?: string | null;
  },
): Promise<string[]> {
  const result = await allocateOrder(
    env.trx,
    env.incident.orderId,
    { locationId, lines: units.map((u) => ({ lineId: u.orderLineId, qty: u.qty })) },
    env.ref,
  );
  const out: string[] = [];
  for (const s of result.shipments) {
    await prioritizeShipment(env.trx, s.shipmentId, priority, env.ref);
    out.push(s.shipmentId);
  }
  return out;
}

export async function cancelShipments(env: StepEnv, _spec: unknown, refs: Record<string, unknown>) {
  const done: string[] = [];
  for (const id of ids(refs, 'shipmentIds')) {
    const s = await findShipment(env.trx, id);
    if (s && (s.status === 'pending' || s.status === 'packed')) {
      await cancelShipment(env.trx, { shipmentId: id }, { reason: 'remedy undone' }, env.ref);
      done.push(id);
    }
  }
  return done.length ? `shipments ${done.join(', ')} cancelled` : 'no shipment to cancel';
}

export async function allDelivered(env: StepEnv, _spec: unknown, refs: Record<string, unknown>) {
  const list = ids(refs, 'shipmentIds');
  if (list.length === 0) return { done: false };
  for (const id of list) {
    if ((await findShipment(env.trx, id))?.status !== 'delivered') return { done: false };
  }
  return { done: true, message: `Delivered: ${list.join(', ')}` };
}
