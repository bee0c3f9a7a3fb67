import { findAllLocations, type Location } from '../../../catalog/index.js';
import { availableToPromise } from '../../../inventory/index.js';
import {
  findShipment,
  unallocatedQty,
  type Order,
  type OrderLine,
  type Shipment,
} from '../../../orders/index.js';
import type { UnitSpec } from '../../remedies.js';
import type { StepEnv } from './step.js';

/** Units a step meant to ship that the order no longer owes, and why. */
export interface Dropped {
  orderLineId: string;
  sku: string;
  qty: number;
  why: string;
}

/**
 * The wanted units the order still owes: no more of a line than it has neither cancelled nor
 * allocated to a shipment (an agent may have cancelled them, or sent them by another route),
 * nothing of a closed order. What is left out is `dropped`, with the reason.
 */
export function stillOwed(
  order: Order,
  wanted: UnitSpec[],
): { units: UnitSpec[]; dropped: Dropped[] } {
  const room = new Map(
    order.lines.map((l) => [l.id, order.status === 'open' ? unallocatedQty(l) : 0]),
  );
  const units: UnitSpec[] = [];
  const dropped: Dropped[] = [];
  for (const u of wanted) {
    const line = order.lines.find((l) => l.id === u.orderLineId);
    const qty = Math.max(0, Math.min(u.qty, room.get(u.orderLineId) ?? 0));
    room.set(u.orderLineId, (room.get(u.orderLineId) ?? 0) - qty);
    if (qty > 0) units.push({ ...u, qty });
    if (qty === u.qty) continue;
    const gone = u.qty - qty;
    const which = line ? `line ${line.lineNo} (${gone} × ${u.sku})` : `${gone} × ${u.sku}`;
    const why = `${which} ${whyGone(order, line, gone)}`;
    dropped.push({ orderLineId: u.orderLineId, sku: u.sku, qty: gone, why });
  }
  return { units, dropped };
}

function whyGone(order: Order, line: OrderLine | undefined, gone: number): string {
  if (!line) return 'not on the order';
  if (line.qtyCancelled >= gone) return 'cancelled';
  if (order.status !== 'open') return `dropped: order ${order.externalId} is ${order.status}`;
  return line.qtyCancelled > 0
    ? 'cancelled or allocated to another shipment'
    : 'allocated to another shipment';
}

/** A location (`only`, when given) that may ship every unit now, in the order's zone first. */
export async function locationWithAll(
  env: StepEnv,
  order: Order,
  units: UnitSpec[],
  only?: string,
): Promise<Location | null> {
  const locations = (await findAllLocations(env.trx)).filter(
    (l) => l.active && l.capabilities.ship && (only === undefined || l.id === only),
  );
  const atp = await availableToPromise(
    env.trx,
    units.map((u) => u.productId),
    env.ref.now,
  );
  const fits = locations.filter((l) =>
    units.every((u) =>
      (atp.get(u.productId) ?? []).some((a) => a.locationId === l.id && a.atp >= u.qty),
    ),
  );
  fits.sort(
    (a, b) => Number(b.zone === order.shippingZone) - Number(a.zone === order.shippingZone),
  );
  return fits[0] ?? null;
}

/** The step's shipments that were cancelled, as they stand now. */
export async function cancelledOf(env: StepEnv, shipmentIds: string[]): Promise<Shipment[]> {
  const out: Shipment[] = [];
  for (const id of shipmentIds) {
    const s = await findShipment(env.trx, id);
    if (s?.status === 'cancelled') out.push(s);
  }
  return out;
}

/** The step's units that the shipments carried, line by line, priced as the step has them. */
export function carriedBy(shipments: Shipment[], stepUnits: UnitSpec[]): UnitSpec[] {
  return shipments.flatMap((s) =>
    s.lines.map((l) => {
      const u = stepUnits.find((x) => x.orderLineId === l.orderLineId);
      return u
        ? { ...u, qty: l.qty }
        : {
            orderLineId: l.orderLineId,
            productId: l.productId,
            sku: l.sku,
            qty: l.qty,
            unitPrice: 0,
          };
    }),
  );
}

export const describeUnits = (units: UnitSpec[]) =>
  units.map((u) => `${u.qty} × ${u.sku}`).join(', ');

/** What the step recorded as not shipped, for its completion message. */
export function droppedOf(refs: Record<string, unknown>): Dropped[] {
  const v = refs.dropped;
  return Array.isArray(v) ? (v as Dropped[]) : [];
}
