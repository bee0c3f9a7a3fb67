import type { Executor } from '../../../db/database.js';
import { AppError, validationError } from '../../../shared/app-error.js';
import { pickStock, releaseStock } from '../../inventory/index.js';
import {
  holdsStock,
  movesLineCounters,
  nextShipmentStatus,
  type OrderActionRef,
  type ServiceLevel,
  type Shipment,
  type ShipmentStatus,
  type ShipmentStep,
} from '../orders.js';
import { invalidShipmentStep, shipmentBlocked, shipmentNotFound } from '../orders.errors.js';
import {
  changeLineQty,
  findShipment,
  findShipmentOrderId,
  setShipmentStatus,
  type LineChange,
  type ShipmentPatch,
} from '../orders.repository.js';
import { closeOrderIfSettled, lockExistingOrder } from '../orders.service.js';

/**
 * The physical steps of a shipment. Each one locks the order, moves the shipment along the
 * transition table in orders.ts, changes stock at the shipment's own location and moves the
 * lines' counters by the shipment's quantities, all in the caller's transaction.
 */
export interface ShipmentTarget {
  shipmentId: string;
  /** When given, the shipment must belong to this order (404 otherwise). */
  orderId?: string;
}

export interface ShipInput {
  /** Required unless the shipment is a store pickup handed over at the counter. */
  carrier?: string | null;
  trackingNumber?: string | null;
  serviceLevel?: ServiceLevel;
}

export interface DeliverInput {
  /** When the carrier delivered; defaults to now. */
  deliveredAt?: string;
}

/** pending → packed. The pack-verification flow calls this once the scans match. */
export async function markShipmentPacked(
  trx: Executor,
  target: ShipmentTarget,
  ref: OrderActionRef,
): Promise<Shipment> {
  const { shipment, to } = await startStep(trx, target, 'pack', ref);
  await moveShipment(trx, shipment, 'pack', { status: to, packed_at: ref.now }, ref);
  await moveCounters(trx, shipment, 'pack');
  return reload(trx, shipment.id);
}

/** packed → shipped (pending → shipped for a store pickup): the units leave the shelf. */
export async function shipShipment(
  trx: Executor,
  target: ShipmentTarget,
  input: ShipInput,
  ref: OrderActionRef,
): Promise<Shipment> {
  const { shipment, to } = await startStep(trx, target, 'ship', ref);
  const carrier = input.carrier ?? null;
  if (!carrier && shipment.kind !== 'pickup') {
    throw validationError([
      { path: 'carrier', message: 'is required unless it is a store pickup' },
    ]);
  }
  await moveShipment(
    trx,
    shipment,
    'ship',
    {
      status: to,
      shipped_at: ref.now,
      carrier,
      tracking_number: input.trackingNumber ?? null,
      service_level: input.serviceLevel ?? shipment.serviceLevel,
    },
    ref,
  );
  for (const line of holdsStock(shipment.kind) ? byProduct(shipment) : []) {
    await pickStock(
      trx,
      { productId: line.productId, locationId: shipment.locationId, qty: line.qty },
      { reason: 'shipped', refType: 'shipment', refId: shipment.id, ...ref },
    );
  }
  await moveCounters(trx, shipment, 'ship');
  return reload(trx, shipment.id);
}

/** shipped → delivered; closes the order when this settles its last line. */
export async function deliverShipment(
  trx: Executor,
  target: ShipmentTarget,
  input: DeliverInput,
  ref: OrderActionRef,
): Promise<Shipment> {
  const { shipment, to } = await startStep(trx, target, 'deliver', ref);
  const deliveredAt = input.deliveredAt ? new Date(input.deliveredAt).toISOString() : ref.now;
  if (deliveredAt > ref.now || (shipment.shippedAt && deliveredAt < shipment.shippedAt)) {
    throw validationError([
      { path: 'deliveredAt', message: 'must be between the shipping time and now' },
    ]);
  }
  await moveShipment(trx, shipment, 'deliver', { status: to, delivered_at: deliveredAt }, ref);
  await moveCounters(trx, shipment, 'deliver');
  await closeOrderIfSettled(trx, shipment.orderId, deliveredAt, ref.now);
  return reload(trx, shipment.id);
}

/** pending|packed → cancelled: the reserved units are released and can be allocated again. */
export async function cancelShipment(
  trx: Executor,
  target: ShipmentTarget,
  input: { reason?: string | null },
  ref: OrderActionRef,
): Promise<Shipment> {
  const { shipment, to } = await startStep(trx, target, 'cancel', ref);
  await moveShipment(trx, shipment, 'cancel', { status: to }, ref);
  for (const line of holdsStock(shipment.kind) ? byProduct(shipment) : []) {
    await releaseStock(
      trx,
      { productId: line.productId, locationId: shipment.locationId, qty: line.qty },
      {
        reason: input.reason ?? 'shipment cancelled',
        refType: 'shipment',
        refId: shipment.id,
        ...ref,
      },
    );
  }
  await moveCounters(trx, shipment, 'deallocate');
  if (shipment.status === 'packed') await moveCounters(trx, shipment, 'unpack');
  return reload(trx, shipment.id);
}

async function startStep(
  trx: Executor,
  target: ShipmentTarget,
  step: ShipmentStep,
  ref: OrderActionRef,
): Promise<{ shipment: Shipment; to: ShipmentStatus }> {
  const orderId = await findShipmentOrderId(trx, target.shipmentId);
  if (!orderId || (target.orderId !== undefined && orderId !== target.orderId)) {
    throw shipmentNotFound(target.shipmentId);
  }
  await lockExistingOrder(trx, orderId, ref.now);
  // Read after taking the lock, so the status is the one no concurrent step can change.
  const shipment = await reload(trx, target.shipmentId);
  if (shipment.blockedAt && (step === 'pack' || step === 'ship')) {
    throw shipmentBlocked(shipment, step);
  }
  const to = nextShipmentStatus(shipment, step);
  if (!to) throw invalidShipmentStep(shipment, step);
  return { shipment, to };
}

async function moveShipment(
  trx: Executor,
  shipment: Shipment,
  step: ShipmentStep,
  patch: Omit<ShipmentPatch, 'updated_at'>,
  ref: OrderActionRef,
): Promise<void> {
  const moved = await setShipmentStatus(trx, shipment.id, shipment.status, {
    ...patch,
    updated_at: ref.now,
  });
  if (!moved) throw invalidShipmentStep(await reload(trx, shipment.id), step);
}

async function moveCounters(trx: Executor, shipment: Shipment, change: LineChange): Promise<void> {
  if (!movesLineCounters(shipment.kind)) return;
  for (const line of shipment.lines) {
    if (!(await changeLineQty(trx, line.orderLineId, change, line.qty))) {
      throw new AppError(
        'invalid_state',
        `Order line ${line.sku} of shipment ${shipment.id} has no room to ${change} ${line.qty}`,
        { shipmentId: shipment.id, orderLineId: line.orderLineId, change, qty: line.qty },
      );
    }
  }
}

/** Stock rows are changed in product order, the same order every transaction uses. */
function byProduct(shipment: Shipment): Shipment['lines'] {
  return [...shipment.lines].sort((a, b) => a.productId.localeCompare(b.productId));
}

async function reload(trx: Executor, id: string): Promise<Shipment> {
  const shipment = await findShipment(trx, id);
  if (!shipment) throw shipmentNotFound(id);
  return shipment;
}
