import { recordIncidentCost } from '../../../money/index.js';
import { cancelShipment, createReshipment, findShipment } from '../../../orders/index.js';
import { findLocationById } from '../../../catalog/index.js';
import { publicText } from '../../../incidents/index.js';
import {
  derivedId,
  partyOf,
  str,
  unitsOf,
  type SpecOf,
  type StepEnv,
  type StepHandler,
} from './step.js';

/**
 * Sends units again from the chosen location: a `reship` shipment with priority and service
 * level, its stock reserved at once; what it costs is the incident's. Done when delivered, or
 * when an agent cancelled it (see `check`).
 */
export const reshipStep: StepHandler<SpecOf<'reship'>> = {
  async run(env, spec) {
    const { trx, incident, ref } = env;
    const shipment = await createReshipment(
      trx,
      {
        orderId: incident.orderId,
        kind: 'reship',
        locationId: spec.locationId,
        lines: spec.units.map((u) => ({
          orderLineId: u.orderLineId,
          productId: u.productId,
          qty: u.qty,
        })),
        serviceLevel: spec.serviceLevel,
        priority: spec.priority,
        promisedAt: spec.promisedAt,
        reason: `reship for incident ${incident.id}`,
        shipmentId: derivedId('shp', env.stepId),
      },
      ref,
    );
    const value = spec.units.reduce((s, u) => s + u.unitPrice * u.qty, 0);
    await recordIncidentCost(
      trx,
      {
        incidentId: incident.id,
        kind: 'reship',
        amount: value,
        currency: incident.currency,
        party: await party(env),
        refType: 'shipment',
        refId: shipment.id,
        note: 'units sent again',
      },
      ref,
    );
    const what = spec.units.map((u) => `${u.qty} × ${u.sku}`).join(', ');
    return {
      refs: { shipmentId: shipment.id },
      awaiting: 'delivery',
      message: `Reship ${shipment.id}: ${what}, priority ${spec.priority}, ${spec.serviceLevel}`,
      publicNote: {
        message: `We are sending ${what} again (${spec.serviceLevel.replace('_', '-')} delivery, by ${spec.promisedAt.slice(0, 16)}Z).`,
        text: publicText('reship_sent', {
          units: unitsOf(spec.units),
          serviceLevel: spec.serviceLevel,
          promisedAt: spec.promisedAt,
        }),
      },
      notify: {
        event: 'reship_sent',
        data: {
          shipmentId: shipment.id,
          promisedAt: spec.promisedAt,
          serviceLevel: spec.serviceLevel,
          items: what,
        },
      },
    };
  },

  async undo(env, _spec, refs) {
    const id = str(refs, 'shipmentId');
    if (!id) return 'nothing was shipped';
    const shipment = await findShipment(env.trx, id);
    if (!shipment || shipment.status === 'cancelled') return `reship ${id} already cancelled`;
    if (shipment.status !== 'pending' && shipment.status !== 'packed') {
      return `reship ${id} has already left (${shipment.status}): it cannot be called back`;
    }
    await cancelShipment(env.trx, { shipmentId: id }, { reason: 'remedy undone' }, env.ref);
    return `reship ${id} cancelled, its stock released`;
  },

  // A reship is not counted on the order's lines, so nothing on the order says whether the units
  // of one an agent cancelled are still owed or were sent another way: sending them again could
  // ship them twice. The cancellation is taken as the agent's decision, and the step is done
  // with a note of what was not sent.
  async check(env, spec, refs) {
    const id = str(refs, 'shipmentId');
    const shipment = id ? await findShipment(env.trx, id) : undefined;
    if (shipment?.status === 'delivered') {
      return { done: true, message: `Reship ${shipment.id} delivered` };
    }
    if (shipment?.status === 'cancelled') {
      const what = spec.units.map((u) => `${u.qty} × ${u.sku}`).join(', ');
      return {
        done: true,
        message: `Reship ${shipment.id} was cancelled before it left: ${what} not sent`,
      };
    }
    return { done: false };
  },
};

export async function party(env: StepEnv) {
  const at = env.incident.locationId
    ? await findLocationById(env.trx, env.incident.locationId)
    : undefined;
  return partyOf(env.incident.rootCause, at?.kind ?? null);
}
