import { findAllLocations } from '../../../catalog/index.js';
import { availableToPromise } from '../../../inventory/index.js';
import { findOrderHeader } from '../../../orders/index.js';
import { allDelivered, allocateUnits, cancelShipments } from './ship-missing.js';
import { ids, type CheckResult, type SpecOf, type StepEnv, type StepHandler } from './step.js';

/**
 * The partial-delivery plan's backorder: the units wait for the restock date with priority.
 * A purchase order receipt allocates them in its own transaction, before anyone else can promise
 * the units (use-cases/restock.ts); each watch pass catches stock that rose by other routes.
 * Both go oldest plan first, so an earlier backorder is served before a later one, and both
 * allocate through `allocateBackorder`. Once allocated, the step waits for delivery.
 */
export const backorderStep: StepHandler<SpecOf<'backorder'>> = {
  run(_env, spec) {
    const what = spec.units.map((u) => `${u.qty} × ${u.sku}`).join(', ');
    const when = spec.restockAt ? `expected ${spec.restockAt.slice(0, 10)}` : 'when restocked';
    return Promise.resolve({
      refs: { restockAt: spec.restockAt, priority: spec.priority, shipmentIds: [] },
      awaiting: 'restock' as const,
      message: `Backorder of ${what} (${when}), priority ${spec.priority}`,
      publicMessage: `${what} will follow first as soon as it is back in stock (${when}).`,
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
 * Allocates a waiting backorder where one location can ship every unit now (in the order's zone
 * first); told of a receipt, only at the receipt's location, and the step's record says so.
 */
export async function allocateBackorder(
  env: StepEnv,
  spec: SpecOf<'backorder'>,
  refs: Record<string, unknown>,
  receipt: ReceiptSource | null,
): Promise<CheckResult> {
  const from = await locationWithAll(env, spec, receipt?.locationId);
  if (!from) return { done: false };
  const shipmentIds = await allocateUnits(env, spec.units, from, {
    priority: spec.priority,
    serviceLevel: 'express',
  });
  const why = receipt ? ` on receipt of purchase order ${receipt.reference}` : '';
  return {
    done: false,
    awaiting: 'delivery',
    refs: {
      ...refs,
      shipmentIds,
      allocatedAt: env.ref.now,
      ...(receipt ? { purchaseOrderId: receipt.purchaseOrderId } : {}),
    },
    message: `Backorder allocated at ${from}${why} with priority ${spec.priority}: ${shipmentIds.join(', ')}`,
  };
}

/** A location (`only`, when given) that may ship every unit now, in the order's zone first. */
async function locationWithAll(
  env: StepEnv,
  spec: SpecOf<'backorder'>,
  only?: string,
): Promise<string | null> {
  const order = await findOrderHeader(env.trx, env.incident.orderId);
  const locations = (await findAllLocations(env.trx)).filter(
    (l) => l.active && l.capabilities.ship && (only === undefined || l.id === only),
  );
  const atp = await availableToPromise(
    env.trx,
    spec.units.map((u) => u.productId),
    env.ref.now,
  );
  const fits = locations.filter((l) =>
    spec.units.every((u) =>
      (atp.get(u.productId) ?? []).some((a) => a.locationId === l.id && a.atp >= u.qty),
    ),
  );
  fits.sort(
    (a, b) => Number(b.zone === order?.shippingZone) - Number(a.zone === order?.shippingZone),
  );
  return fits[0]?.id ?? null;
}
