import { findAllLocations, type Location } from '../../../catalog/index.js';
import { availableToPromise } from '../../../inventory/index.js';
import { getOrder, unallocatedQty, type Order, type OrderLine } from '../../../orders/index.js';
import { zoneTiming } from '../../option-parts.js';
import { currentPolicy } from '../../policy.service.js';
import type { UnitSpec } from '../../remedies.js';
import { allDelivered, allocateUnits, cancelShipments } from './ship-missing.js';
import { publicText } from '../../../incidents/index.js';
import {
  ids,
  unitsOf,
  type CheckResult,
  type SpecOf,
  type StepEnv,
  type StepHandler,
} from './step.js';

/**
 * The partial-delivery plan's backorder: the units wait for the restock date with priority.
 * A purchase order receipt allocates them in its own transaction, before anyone else can promise
 * the units (use-cases/restock.ts); each watch pass catches stock that rose by other routes.
 * Both go oldest plan first, so an earlier backorder is served before a later one, and both
 * allocate through `allocateBackorder`. Once allocated, the step waits for delivery.
 */
export const backorderStep: StepHandler<SpecOf<'backorder'>> = {
  run(_env, spec) {
    const what = describe(spec.units);
    const when = spec.restockAt ? `expected ${spec.restockAt.slice(0, 10)}` : 'when restocked';
    return Promise.resolve({
      refs: { restockAt: spec.restockAt, priority: spec.priority, shipmentIds: [] },
      awaiting: 'restock' as const,
      message: `Backorder of ${what} (${when}), priority ${spec.priority}`,
      publicNote: {
        message: `${what} will follow first as soon as it is back in stock (${when}).`,
        text: publicText('backorder_waiting', {
          units: unitsOf(spec.units),
          restockAt: spec.restockAt,
        }),
      },
    });
  },

  undo: cancelShipments,

  async check(env, spec, refs) {
    if (ids(refs, 'shipmentIds').length > 0) return allDelivered(env, spec, refs);
    return allocateBackorder(env, spec, refs, null);
  },
};

/** A purchase order receipt whose units a backorder may take, where they arrived. */
export interface ReceiptSource {
  purchaseOrderId: string;
  reference: string;
  locationId: string;
}

/**
 * Allocates a waiting backorder where one location can ship every unit the order still owes
 * now (in the order's zone first); told of a receipt, only at the receipt's location, and the
 * step's record says so. Units the order no longer owes (their line cancelled, or the order
 * closed) are not waited for; with none left, the step is done. The customer is told what is on
 * its way, from where and by when: the policy's reship promise for the order's zone.
 */
export async function allocateBackorder(
  env: StepEnv,
  spec: SpecOf<'backorder'>,
  refs: Record<string, unknown>,
  receipt: ReceiptSource | null,
): Promise<CheckResult> {
  const order = await getOrder(env.trx, env.incident.orderId);
  const { units, dropped } = stillOwed(order, spec.units);
  if (units.length === 0) {
    return {
      done: true,
      refs: { ...refs, dropped },
      message: `nothing left to ship: ${dropped.map((d) => d.why).join('; ')}`,
    };
  }
  const from = await locationWithAll(env, order, units, receipt?.locationId);
  if (!from) return { done: false };
  const settings = (await currentPolicy(env.trx, env.ref.now)).policy.settings;
  const timing = zoneTiming(settings, order.shippingZone, env.ref.now);
  const shipmentIds = await allocateUnits(env, units, from.id, {
    priority: spec.priority,
    serviceLevel: timing.serviceLevel,
    promisedAt: timing.promisedAt,
  });
  const what = describe(units);
  const why = receipt ? ` on receipt of purchase order ${receipt.reference}` : '';
  const less = dropped.length ? `; not sent: ${dropped.map((d) => d.why).join('; ')}` : '';
  return {
    done: false,
    awaiting: 'delivery',
    refs: {
      ...refs,
      shipmentIds,
      allocatedAt: env.ref.now,
      promisedAt: timing.promisedAt,
      ...(dropped.length ? { dropped } : {}),
      ...(receipt ? { purchaseOrderId: receipt.purchaseOrderId } : {}),
    },
    message: `Backorder allocated at ${from.code}${why} with priority ${spec.priority}: ${what} on ${shipmentIds.join(', ')}${less}`,
    publicNote: {
      message: `${what} is back in stock and on its way from ${from.name} (${timing.words}, by ${timing.promisedAt.slice(0, 16)}Z).`,
      text: publicText('backorder_allocated', {
        units: unitsOf(units),
        fromLocation: from.name,
        serviceLevel: timing.serviceLevel,
        promisedAt: timing.promisedAt,
      }),
    },
    notify: {
      event: 'backorder_allocated',
      data: {
        shipmentIds,
        skus: units.map((u) => u.sku),
        fromLocation: from.name,
        promisedAt: timing.promisedAt,
        serviceLevel: timing.serviceLevel,
      },
    },
  };
}

const describe = (units: UnitSpec[]) => units.map((u) => `${u.qty} × ${u.sku}`).join(', ');

interface Dropped {
  orderLineId: string;
  sku: string;
  qty: number;
  why: string;
}

/**
 * The backordered units the order still owes: no more of a line than it has neither cancelled
 * nor allocated to a shipment (an agent may have cancelled them, or sent them by another route),
 * nothing of a closed order.
 */
function stillOwed(order: Order, wanted: UnitSpec[]): { units: UnitSpec[]; dropped: Dropped[] } {
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
async function locationWithAll(
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
