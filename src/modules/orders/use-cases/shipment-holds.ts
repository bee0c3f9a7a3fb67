import type { Executor } from '../../../db/database.js';
import { AppError } from '../../../shared/app-error.js';
import { releaseStock } from '../../inventory/index.js';
import type { OrderActionRef, Shipment } from '../orders.js';
import { shipmentNotFound } from '../orders.errors.js';
import {
  changeLineQty,
  findShipment,
  findShipmentOrderId,
  shrinkShipmentLine,
  setShipmentStatus,
} from '../orders.repository.js';
import { lockExistingOrder } from '../orders.service.js';
import type { ShipmentTarget } from './shipment-steps.js';

/**
 * What pack verification does to a pending shipment besides packing it: the block that keeps a
 * mismatched box from being packed or shipped (the guard is in shipment-steps.ts), and cutting
 * the shipment down to what the shelf had when the packer accepts a short shipment. Each locks
 * the order first, like every shipment step, in the caller's transaction.
 */

/** Blocks a pending shipment (or replaces the reason of a block), keeping the first block time. */
export async function blockShipment(
  trx: Executor,
  target: ShipmentTarget,
  reason: string,
  ref: OrderActionRef,
): Promise<Shipment> {
  const shipment = await lockPending(trx, target, ref);
  await holdChange(trx, shipment, {
    blocked_at: shipment.blockedAt ?? ref.now,
    blocked_reason: reason,
    updated_at: ref.now,
  });
  return reload(trx, shipment.id);
}

export async function unblockShipment(
  trx: Executor,
  target: ShipmentTarget,
  ref: OrderActionRef,
): Promise<Shipment> {
  const shipment = await lockPending(trx, target, ref);
  if (!shipment.blockedAt) return shipment;
  await holdChange(trx, shipment, { blocked_at: null, blocked_reason: null, updated_at: ref.now });
  return reload(trx, shipment.id);
}

/**
 * Takes units off a pending shipment's lines: the order line no longer counts them as allocated
 * (they can be allocated elsewhere) and their reservation at the shipment's location is
 * released. A shipment is never cut to nothing: that is a cancellation.
 */
export async function shortShipment(
  trx: Executor,
  target: ShipmentTarget,
  missing: { shipmentLineId: string; qty: number }[],
  reason: string,
  ref: OrderActionRef,
): Promise<Shipment> {
  const shipment = await lockPending(trx, target, ref);
  const cuts = missing
    .filter((m) => m.qty > 0)
    .map((m) => {
      const line = shipment.lines.find((l) => l.id === m.shipmentLineId);
      if (!line || line.qty < m.qty) {
        throw new AppError(
          'invalid_state',
          `Shipment ${shipment.id} has no line ${m.shipmentLineId} with ${m.qty} units to take off`,
          { shipmentId: shipment.id, shipmentLineId: m.shipmentLineId, qty: m.qty },
        );
      }
      return { line, qty: m.qty };
    })
    // Stock rows in product order, as every transaction takes them.
    .sort((a, b) => a.line.productId.localeCompare(b.line.productId));
  const left = shipment.lines.reduce((n, l) => n + l.qty, 0) - cuts.reduce((n, c) => n + c.qty, 0);
  if (left <= 0) {
    throw new AppError(
      'invalid_state',
      `Shipment ${shipment.id} would be left empty: cancel it instead`,
      { shipmentId: shipment.id },
    );
  }
  for (const { line, qty } of cuts) {
    const problem = `Shipment ${shipment.id} line ${line.sku} cannot give up ${qty}`;
    if (!(await shrinkShipmentLine(trx, line.id, qty))) {
      throw new AppError('invalid_state', problem, { shipmentId: shipment.id, lineId: line.id });
    }
    if (!(await changeLineQty(trx, line.orderLineId, 'deallocate', qty))) {
      throw new AppError('invalid_state', problem, { shipmentId: shipment.id, lineId: line.id });
    }
    await releaseStock(
      trx,
      { productId: line.productId, locationId: shipment.locationId, qty },
      { reason, refType: 'shipment', refId: shipment.id, ...ref },
    );
  }
  return reload(trx, shipment.id);
}

async function lockPending(
  trx: Executor,
  target: ShipmentTarget,
  ref: OrderActionRef,
): Promise<Shipment> {
  const orderId = await findShipmentOrderId(trx, target.shipmentId);
  if (!orderId || (target.orderId !== undefined && orderId !== target.orderId)) {
    throw shipmentNotFound(target.shipmentId);
  }
  await lockExistingOrder(trx, orderId, ref.now);
  const shipment = await reload(trx, target.shipmentId);
  if (shipment.status !== 'pending') {
    throw new AppError(
      'invalid_state',
      `Shipment ${shipment.id} is ${shipment.status}: only a pending shipment is held or cut at packing`,
      { shipmentId: shipment.id, status: shipment.status },
    );
  }
  return shipment;
}

async function holdChange(
  trx: Executor,
  shipment: Shipment,
  patch: { blocked_at: string | null; blocked_reason: string | null; updated_at: string },
): Promise<void> {
  // Conditional on `pending`, like every status change; the order lock makes it a formality.
  await setShipmentStatus(trx, shipment.id, 'pending', { status: 'pending', ...patch });
}

async function reload(trx: Executor, id: string): Promise<Shipment> {
  const shipment = await findShipment(trx, id);
  if (!shipment) throw shipmentNotFound(id);
  return shipment;
}
