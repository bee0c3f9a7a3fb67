import { getOrder } from '../../../orders/index.js';
import { zoneTiming } from '../../option-parts.js';
import { currentPolicy } from '../../policy.service.js';
import type { UnitSpec } from '../../remedies.js';
import { allocateUnits, cancelShipments, followShipments } from './ship-missing.js';
import { cancelledOf, carriedBy, locationWithAll, stillOwed } from './owed-units.js';
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
 *
 * An allocation is one shipment from one location. When an agent cancels it while the order still
 * owes its units, the backorder waits for the restock again, its shipment ids cleared, so the same
 * allocation serves it once stock is there; cancelled with units no longer owed, it settles as
 * `followShipments` does (done when nothing else is on its way).
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
    const list = ids(refs, 'shipmentIds');
    if (list.length === 0) return allocateBackorder(env, spec, refs, null);
    const cancelled = await cancelledOf(env, list);
    const order = cancelled.length ? await getOrder(env.trx, env.incident.orderId) : null;
    const owed = order ? stillOwed(order, carriedBy(cancelled, spec.units)).units : [];
    if (owed.length === 0) return followShipments(env, spec, refs, null);
    const gone = cancelled.map((s) => s.id);
    return {
      done: false,
      awaiting: 'restock',
      refs: {
        ...refs,
        shipmentIds: [],
        cancelledShipmentIds: [...ids(refs, 'cancelledShipmentIds'), ...gone],
      },
      message: `Backorder shipment ${gone.join(', ')} cancelled; ${describe(owed)} still owed: waiting for stock again`,
    };
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
