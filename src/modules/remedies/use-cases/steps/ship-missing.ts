import {
  allocateOrder,
  cancelShipment,
  findShipment,
  getOrder,
  prioritizeShipment,
  type Order,
} from '../../../orders/index.js';
import type { UnitSpec } from '../../remedies.js';
import { publicText } from '../../../incidents/index.js';
import {
  cancelledOf,
  carriedBy,
  describeUnits,
  droppedOf,
  locationWithAll,
  stillOwed,
} from './owed-units.js';
import {
  ids,
  unitsOf,
  type CheckResult,
  type SpecOf,
  type StepEnv,
  type StepHandler,
} from './step.js';

/**
 * Sends the missing units of the order's own lines from another location: they are allocated
 * there (the order's line counters follow, so the order completes in full when they arrive),
 * with priority and the zone's service level. Done when every such shipment is delivered, or
 * cancelled with units the order no longer owes (see `followShipments`).
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
  check: (env, spec, refs) =>
    followShipments(env, spec, refs, async (order, owed) => {
      const from =
        (await locationWithAll(env, order, owed, spec.locationId)) ??
        (await locationWithAll(env, order, owed));
      if (!from) return null;
      return { shipmentIds: await allocateUnits(env, owed, from.id, spec), at: from.code };
    }),
};

/** Allocates units the order still owes again; null when no location can ship them now. */
type Reallocate = (
  order: Order,
  owed: UnitSpec[],
) => Promise<{ shipmentIds: string[]; at: string } | null>;

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

export async function allDelivered(
  env: StepEnv,
  _spec: unknown,
  refs: Record<string, unknown>,
): Promise<CheckResult> {
  const list = ids(refs, 'shipmentIds');
  if (list.length === 0) return { done: false };
  for (const id of list) {
    if ((await findShipment(env.trx, id))?.status !== 'delivered') return { done: false };
  }
  return { done: true, message: `Delivered: ${list.join(', ')}${notShipped(refs)}` };
}

/**
 * Waits for the step's shipments like `allDelivered`, and settles one an agent cancelled: the
 * units the order still owes (their line not cancelled, and not on another shipment: the line's
 * unallocated quantity says so) are allocated again through `allocateUnits`, as `run` does, at
 * the step's location or else at one that has them all; units no longer owed are recorded as not
 * shipped. The cancelled shipment then leaves the list, so it is settled once, and the order's
 * counters never let the same units be allocated twice. When no location can ship what is owed,
 * nothing changes and the next watch pass tries again. Done when what is left is delivered.
 */
export async function followShipments(
  env: StepEnv,
  spec: { units: UnitSpec[] },
  refs: Record<string, unknown>,
  reallocate: Reallocate | null,
): Promise<CheckResult> {
  const list = ids(refs, 'shipmentIds');
  const cancelled = await cancelledOf(env, list);
  if (cancelled.length === 0) return allDelivered(env, spec, refs);
  const order = await getOrder(env.trx, env.incident.orderId);
  const { units: owed, dropped } = stillOwed(order, carriedBy(cancelled, spec.units));
  let again: string[] = [];
  let sent = '';
  if (owed.length > 0) {
    const placed = reallocate ? await reallocate(order, owed) : null;
    if (!placed) return { done: false };
    again = placed.shipmentIds;
    sent = `; ${describeUnits(owed)} still owed, allocated again at ${placed.at}: ${again.join(', ')}`;
  }
  const gone = cancelled.map((s) => s.id);
  const next = {
    ...refs,
    shipmentIds: [...list.filter((id) => !gone.includes(id)), ...again],
    cancelledShipmentIds: [...ids(refs, 'cancelledShipmentIds'), ...gone],
    dropped: [...droppedOf(refs), ...dropped],
  };
  const head = `Shipment ${gone.join(', ')} cancelled${sent}`;
  if (next.shipmentIds.length === 0) {
    return { done: true, refs: next, message: `${head}${notShipped(next)}` };
  }
  const delivered = await allDelivered(env, spec, next);
  if (delivered.done) return { done: true, refs: next, message: `${head}; ${delivered.message}` };
  return { done: false, refs: next, message: `${head}${notShipped({ dropped })}` };
}

function notShipped(refs: Record<string, unknown>): string {
  const dropped = droppedOf(refs);
  return dropped.length ? `; not shipped: ${dropped.map((d) => d.why).join('; ')}` : '';
}
