import { recordIncidentCost } from '../../../money/index.js';
import {
  cancelShipment,
  createReshipment,
  deliverShipment,
  findShipment,
  shipShipment,
} from '../../../orders/index.js';
import { returnStock, writeOffStock } from '../../../inventory/index.js';
import { party } from './reship.js';
import { publicText } from '../../../incidents/index.js';
import { derivedId, str, unitsOf, type SpecOf, type StepEnv, type StepHandler } from './step.js';

/**
 * Collects units from the customer: a `return_pickup` shipment with its pickup window. When it
 * comes in (`receivePickup`, by staff or when the shipment is recorded delivered) the units go
 * back on hand at the location, or are written off as damaged.
 */
export type Disposition = 'restock' | 'damaged';

export const returnPickupStep: StepHandler<SpecOf<'return_pickup'>> = {
  async run(env, spec) {
    const { trx, incident, ref } = env;
    const window = spec.window ?? defaultWindow(ref.now);
    const shipment = await createReshipment(
      trx,
      {
        orderId: incident.orderId,
        kind: 'return_pickup',
        locationId: spec.locationId,
        lines: spec.units.map((u) => ({
          orderLineId: u.orderLineId,
          productId: u.productId,
          qty: u.qty,
        })),
        serviceLevel: 'standard',
        priority: 0,
        promisedAt: window.to,
        reason: `pickup for incident ${incident.id}`,
        shipmentId: derivedId('shp', env.stepId),
      },
      ref,
    );
    await recordIncidentCost(
      trx,
      {
        incidentId: incident.id,
        kind: 'pickup',
        amount: spec.pickupCost,
        currency: spec.currency,
        party: await party(env),
        refType: 'shipment',
        refId: shipment.id,
        note: 'free pickup from the customer',
      },
      ref,
    );
    const what = spec.units.map((u) => `${u.qty} × ${u.sku}`).join(', ');
    return {
      refs: { shipmentId: shipment.id, window },
      awaiting: 'return',
      message: `Pickup ${shipment.id} of ${what} booked`,
      publicNote: {
        message: `A free pickup of ${what} is booked between ${window.from.slice(0, 16)}Z and ${window.to.slice(0, 16)}Z.`,
        text: publicText('pickup_booked', {
          units: unitsOf(spec.units),
          from: window.from,
          to: window.to,
        }),
      },
      notify: { event: 'pickup_booked', data: { shipmentId: shipment.id, window, items: what } },
    };
  },

  async undo(env, _spec, refs) {
    const id = str(refs, 'shipmentId');
    const shipment = id ? await findShipment(env.trx, id) : undefined;
    if (!shipment || shipment.status === 'cancelled') return 'no pickup to cancel';
    if (shipment.status !== 'pending' && shipment.status !== 'packed') {
      return `pickup ${shipment.id} already collected: the units come back anyway`;
    }
    await cancelShipment(
      env.trx,
      { shipmentId: shipment.id },
      { reason: 'remedy undone' },
      env.ref,
    );
    return `pickup ${shipment.id} cancelled`;
  },

  async check(env, spec, refs) {
    const id = str(refs, 'shipmentId');
    const shipment = id ? await findShipment(env.trx, id) : undefined;
    if (shipment?.status !== 'delivered') return { done: false };
    const disposition = env.incident.rootCause === 'carrier_damage' ? 'damaged' : 'restock';
    return receivePickup(env, spec, refs, disposition);
  },
};

function defaultWindow(now: string): { from: string; to: string } {
  const start = Date.parse(now) + 2 * 3_600_000;
  return {
    from: new Date(start).toISOString(),
    to: new Date(start + 48 * 3_600_000).toISOString(),
  };
}

/** The units arrived at the location: the shipment is closed and the stock follows. */
export async function receivePickup(
  env: StepEnv,
  spec: SpecOf<'return_pickup'>,
  refs: Record<string, unknown>,
  disposition: Disposition,
): Promise<{ done: true; refs: Record<string, unknown>; message: string }> {
  const { trx, ref } = env;
  const id = str(refs, 'shipmentId');
  let shipment = id ? await findShipment(trx, id) : undefined;
  if (shipment && shipment.status === 'pending') {
    shipment = await shipShipment(trx, { shipmentId: shipment.id }, { carrier: 'pickup' }, ref);
  }
  if (shipment && shipment.status === 'shipped') {
    shipment = await deliverShipment(trx, { shipmentId: shipment.id }, {}, ref);
  }
  const stockRef = {
    reason: `returned for incident ${env.incident.id}`,
    refType: 'remedy_step',
    refId: env.stepId,
    ...ref,
  };
  const units = [...spec.units].sort((a, b) => a.productId.localeCompare(b.productId));
  for (const u of units) {
    const change = { productId: u.productId, locationId: spec.locationId, qty: u.qty };
    await returnStock(trx, change, stockRef);
    if (disposition === 'damaged') {
      await writeOffStock(trx, change, {
        ...stockRef,
        reason: `damaged, returned for incident ${env.incident.id}`,
      });
    }
  }
  if (disposition === 'damaged') {
    await recordIncidentCost(
      trx,
      {
        incidentId: env.incident.id,
        kind: 'write_off',
        amount: spec.units.reduce((s, u) => s + u.unitPrice * u.qty, 0),
        currency: spec.currency,
        party: await party(env),
        refType: 'remedy_step',
        refId: env.stepId,
        note: 'returned damaged',
      },
      ref,
    );
  }
  const what = spec.units.map((u) => `${u.qty} × ${u.sku}`).join(', ');
  return {
    done: true,
    refs: { ...refs, receivedAt: ref.now, disposition },
    message: `Pickup received: ${what} ${disposition === 'restock' ? 'back in stock' : 'written off as damaged'}`,
  };
}
