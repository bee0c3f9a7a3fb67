import type { Executor } from '../../../db/database.js';
import { AppError, validationError, type FieldIssue } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { findAllLocations, findLocationById, type Location } from '../../catalog/index.js';
import { availableToPromise, reserveStock } from '../../inventory/index.js';
import { planAllocation, type AllocationPlan, type PlanNeed } from '../allocation-plan.js';
import {
  unallocatedQty,
  type AllocationResult,
  type OrderActionRef,
  type OrderLine,
  type OrderSummary,
} from '../orders.js';
import { quantityExceeded } from '../orders.errors.js';
import { changeLineQty, findOrderLines, insertShipment } from '../orders.repository.js';
import { lockOpenOrder } from '../orders.service.js';
import { reportShortfall } from './shortfall.js';

/**
 * Allocation reserves stock and records it on a pending shipment of the same location: the
 * location reserved at and the shipment's location are the one variable `locationId` below.
 * Reservations run in (location, product) order so that concurrent orders lock stock rows in the
 * same order on PostgreSQL; every reservation and every `qty_allocated` change is a guarded
 * UPDATE, so nothing is ever over-reserved or over-allocated, even under a race.
 *
 * Plans use what each location may promise (inventory's available-to-promise: a store whose stock
 * feed is stale holds back a safety buffer), not its raw available stock.
 */
export interface AllocateInput {
  /** Take everything from this location, or fail with `insufficient_stock`. */
  locationId?: string;
  /** Only these lines and quantities; by default every unallocated unit. */
  lines?: { lineId: string; qty: number }[];
}

export async function allocateOrder(
  trx: Executor,
  orderId: string,
  input: AllocateInput,
  ref: OrderActionRef,
): Promise<AllocationResult> {
  const order = await lockOpenOrder(trx, orderId, ref.now);
  const lines = await findOrderLines(trx, [orderId]);
  const result = await allocateLines(
    trx,
    order,
    lines,
    needsOf(lines, input.lines),
    input.locationId,
    ref,
  );
  await reportShortfall(trx, order.id, result, ref);
  return result;
}

export interface AllocateOptions {
  /** Locations not to take stock from (a store that just reported it cannot find the item). */
  avoidLocationIds?: string[];
  /** A pickup order may also be served by any shipping location, as a transfer to its store. */
  allowTransfer?: boolean;
  /** Written on the reservations; `allocation` by default. */
  reason?: string;
}

/** Allocates `needs` of an order whose row the caller has locked (or just created). */
export async function allocateLines(
  trx: Executor,
  order: OrderSummary,
  lines: OrderLine[],
  needs: PlanNeed[],
  locationId: string | undefined,
  ref: OrderActionRef,
  opts: AllocateOptions = {},
): Promise<AllocationResult> {
  const plan = locationId
    ? await planAtLocation(trx, order, lines, needs, locationId, ref.now)
    : await planAnywhere(trx, order, needs, ref.now, opts);
  const reason = opts.reason ?? 'allocation';
  return executePlan(trx, order, lines, plan, { strict: locationId !== undefined, reason }, ref);
}

/** Units each location may promise, keyed `productId@locationId`. */
async function promisable(
  trx: Executor,
  productIds: string[],
  now: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [productId, levels] of await availableToPromise(trx, productIds, now)) {
    for (const l of levels) out.set(`${productId}@${l.locationId}`, l.atp);
  }
  return out;
}

function needsOf(lines: OrderLine[], requested: AllocateInput['lines']): PlanNeed[] {
  if (!requested) {
    return lines.map((l) => ({ lineId: l.id, productId: l.productId, qty: unallocatedQty(l) }));
  }
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const needs: PlanNeed[] = [];
  requested.forEach((r, i) => {
    const line = lines.find((l) => l.id === r.lineId);
    if (!line) issues.push({ path: `lines.${i}.lineId`, message: 'is not a line of this order' });
    else if (seen.has(r.lineId)) issues.push({ path: `lines.${i}.lineId`, message: 'is repeated' });
    else {
      seen.add(r.lineId);
      if (r.qty > unallocatedQty(line)) {
        throw quantityExceeded(line, 'allocate', r.qty, unallocatedQty(line));
      }
      needs.push({ lineId: line.id, productId: line.productId, qty: r.qty });
    }
  });
  if (issues.length > 0) throw validationError(issues);
  return needs;
}

function mayServe(order: OrderSummary, location: Location): boolean {
  if (!location.active) return false;
  return location.capabilities.ship || location.id === order.pickupLocationId;
}

async function planAtLocation(
  trx: Executor,
  order: OrderSummary,
  lines: OrderLine[],
  needs: PlanNeed[],
  locationId: string,
  now: string,
): Promise<AllocationPlan> {
  const location = await findLocationById(trx, locationId);
  if (!location || !mayServe(order, location)) {
    throw validationError([
      { path: 'locationId', message: 'is not an active location that can serve this order' },
    ]);
  }
  const wanted = needs.filter((n) => n.qty > 0);
  const productIds = [...new Set(wanted.map((n) => n.productId))];
  const atp = await promisable(trx, productIds, now);
  const short = productIds.flatMap((productId) => {
    const requested = wanted
      .filter((n) => n.productId === productId)
      .reduce((s, n) => s + n.qty, 0);
    const available = atp.get(`${productId}@${locationId}`) ?? 0;
    const sku = lines.find((l) => l.productId === productId)?.sku ?? productId;
    return requested > available ? [{ sku, productId, requested, available }] : [];
  });
  if (short.length > 0) {
    throw new AppError(
      'insufficient_stock',
      `Location ${location.code} cannot fill: ${short.map((s) => s.sku).join(', ')}`,
      { locationId, short },
    );
  }
  return { shipments: wanted.length ? [{ locationId, lines: wanted }] : [], unallocated: [] };
}

async function planAnywhere(
  trx: Executor,
  order: OrderSummary,
  needs: PlanNeed[],
  now: string,
  opts: AllocateOptions,
): Promise<AllocationPlan> {
  const avoid = new Set(opts.avoidLocationIds ?? []);
  const locations = (await findAllLocations(trx)).filter(
    (l) =>
      l.active &&
      !avoid.has(l.id) &&
      (order.deliveryMethod === 'pickup'
        ? l.id === order.pickupLocationId || (opts.allowTransfer === true && l.capabilities.ship)
        : l.capabilities.ship),
  );
  const wanted = needs.filter((n) => n.qty > 0);
  const available = await promisable(trx, [...new Set(wanted.map((n) => n.productId))], now);
  return planAllocation({
    needs: wanted,
    candidates: locations.map((l) => ({ locationId: l.id, code: l.code, zone: l.zone })),
    orderZone: order.shippingZone,
    available: (productId, locationId) => available.get(`${productId}@${locationId}`) ?? 0,
  });
}

async function executePlan(
  trx: Executor,
  order: OrderSummary,
  lines: OrderLine[],
  plan: AllocationPlan,
  opts: { strict: boolean; reason: string },
  ref: OrderActionRef,
): Promise<AllocationResult> {
  const withSku = (n: PlanNeed) => ({
    lineId: n.lineId,
    sku: lines.find((l) => l.id === n.lineId)?.sku ?? '',
    qty: n.qty,
  });
  const result: AllocationResult = { shipments: [], unallocated: plan.unallocated.map(withSku) };
  const byLocation = [...plan.shipments].sort((a, b) => a.locationId.localeCompare(b.locationId));
  for (const planned of byLocation) {
    const shipmentId = newId('shp');
    const { placed, short } = await reserveAt(trx, shipmentId, planned, lines, opts, ref);
    result.unallocated.push(...short.map(withSku));
    if (placed.length === 0) continue;
    await insertPendingShipment(trx, order, shipmentId, planned.locationId, placed, ref);
    result.shipments.push({
      shipmentId,
      locationId: planned.locationId,
      lines: placed.map(withSku),
    });
  }
  return result;
}

/** Reserves one planned shipment's units at its location and counts them as allocated. */
async function reserveAt(
  trx: Executor,
  shipmentId: string,
  planned: AllocationPlan['shipments'][number],
  lines: OrderLine[],
  opts: { strict: boolean; reason: string },
  ref: OrderActionRef,
): Promise<{ placed: PlanNeed[]; short: PlanNeed[] }> {
  const { locationId } = planned;
  const stockRef = { reason: opts.reason, refType: 'shipment', refId: shipmentId, ...ref };
  const placed: PlanNeed[] = [];
  const short: PlanNeed[] = [];
  const byProduct = [...planned.lines].sort((a, b) => a.productId.localeCompare(b.productId));
  for (const need of byProduct) {
    const line = lines.find((l) => l.id === need.lineId);
    if (!line) throw new AppError('internal_error', `Line ${need.lineId} is not in the order`);
    const change = { productId: need.productId, locationId, qty: need.qty };
    const qty = opts.strict
      ? (await reserveStock(trx, change, stockRef)).reservedDelta
      : await reserveUpTo(trx, change, stockRef);
    if (qty < need.qty) short.push({ ...need, qty: need.qty - qty });
    if (qty === 0) continue;
    if (!(await changeLineQty(trx, line.id, 'allocate', qty))) {
      throw quantityExceeded(line, 'allocate', qty, unallocatedQty(line));
    }
    placed.push({ ...need, qty });
  }
  return { placed, short };
}

/**
 * Reserves as much of `qty` as the location still has. The plan was made from levels read
 * without a lock; when a concurrent order took some of them first, the guarded reservation
 * refuses (changing nothing) and reports what is left, which is then taken instead.
 */
async function reserveUpTo(
  trx: Executor,
  change: { productId: string; locationId: string; qty: number },
  stockRef: Parameters<typeof reserveStock>[2],
): Promise<number> {
  let qty = change.qty;
  for (let attempt = 0; attempt < 3 && qty > 0; attempt++) {
    try {
      await reserveStock(trx, { ...change, qty }, stockRef);
      return qty;
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'insufficient_stock') throw err;
      qty = Math.min(qty, Math.max(0, Number(err.details?.available ?? 0)));
    }
  }
  return 0;
}

async function insertPendingShipment(
  trx: Executor,
  order: OrderSummary,
  shipmentId: string,
  locationId: string,
  placed: PlanNeed[],
  ref: OrderActionRef,
): Promise<void> {
  const pickupHere = order.deliveryMethod === 'pickup' && locationId === order.pickupLocationId;
  await insertShipment(
    trx,
    {
      id: shipmentId,
      order_id: order.id,
      location_id: locationId,
      kind: pickupHere ? 'pickup' : 'outbound',
      status: 'pending',
      carrier: null,
      service_level: pickupHere ? 'pickup' : 'standard',
      tracking_number: null,
      priority: 0,
      promised_at: order.promisedAt,
      packed_at: null,
      shipped_at: null,
      delivered_at: null,
      blocked_at: null,
      blocked_reason: null,
      created_at: ref.now,
      updated_at: ref.now,
    },
    placed.map((p) => ({
      id: newId('sln'),
      shipment_id: shipmentId,
      order_line_id: p.lineId,
      product_id: p.productId,
      qty: p.qty,
    })),
  );
}
