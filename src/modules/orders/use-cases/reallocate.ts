import type { Executor } from '../../../db/database.js';
import { AppError, validationError } from '../../../shared/app-error.js';
import { releaseStock } from '../../inventory/index.js';
import type { AllocationResult, OrderActionRef } from '../orders.js';
import { shipmentNotFound } from '../orders.errors.js';
import {
  changeLineQty,
  findOrderLines,
  findShipment,
  shrinkShipmentLine,
} from '../orders.repository.js';
import { lockOpenOrder } from '../orders.service.js';
import { allocateLines } from './allocate.js';
import { cancelShipment } from './shipment-steps.js';

/**
 * Units a location was allocated but cannot hand over (a store that cannot find the item) are
 * taken off its pending shipment — their reservation released, the shipment shrunk, or cancelled
 * when nothing is left on it — and allocated again anywhere else, same zone first. A pickup
 * order may then be served from a shipping location: that shipment is a transfer to its store.
 * Whatever no other location can promise stays unallocated for the caller to act on.
 */
export interface RejectedUnits {
  orderId: string;
  shipmentId: string;
  sku: string;
  /** Defaults to the whole quantity of the SKU on the shipment. */
  qty?: number | undefined;
  /** Written on the release and on the new reservations. */
  reason: string;
}

export interface ReallocationResult {
  released: {
    shipmentId: string;
    locationId: string;
    orderLineId: string;
    productId: string;
    sku: string;
    qty: number;
    shipmentCancelled: boolean;
  };
  allocation: AllocationResult;
  /** For a pickup order served from another location: the store the new shipments go to. */
  transferTo: string | null;
}

export async function reallocateRejected(
  trx: Executor,
  input: RejectedUnits,
  ref: OrderActionRef,
): Promise<ReallocationResult> {
  const order = await lockOpenOrder(trx, input.orderId, ref.now);
  const shipment = await findShipment(trx, input.shipmentId);
  if (!shipment || shipment.orderId !== order.id) throw shipmentNotFound(input.shipmentId);
  if (shipment.status !== 'pending') {
    throw new AppError(
      'invalid_state',
      `Shipment ${shipment.id} is ${shipment.status}: only a pending shipment's units can be rejected`,
      { shipmentId: shipment.id, status: shipment.status },
    );
  }
  const line = shipment.lines.find((l) => l.sku === input.sku);
  if (!line) {
    throw validationError([{ path: 'sku', message: `is not on shipment ${shipment.id}` }]);
  }
  const qty = input.qty ?? line.qty;
  if (qty > line.qty) {
    throw validationError([
      { path: 'qty', message: `shipment ${shipment.id} holds ${line.qty} of ${line.sku}` },
    ]);
  }

  const whole = shipment.lines.length === 1 && qty === line.qty;
  if (whole) {
    await cancelShipment(trx, { shipmentId: shipment.id }, { reason: input.reason }, ref);
  } else {
    const change = { productId: line.productId, locationId: shipment.locationId, qty };
    await releaseStock(trx, change, {
      reason: input.reason,
      refType: 'shipment',
      refId: shipment.id,
      ...ref,
    });
    const shrunk = await shrinkShipmentLine(trx, line.id, qty);
    const deallocated = shrunk && (await changeLineQty(trx, line.orderLineId, 'deallocate', qty));
    if (!deallocated) {
      throw new AppError('invalid_state', `Shipment ${shipment.id} changed meanwhile; try again`);
    }
  }

  const lines = await findOrderLines(trx, [order.id]);
  const allocation = await allocateLines(
    trx,
    order,
    lines,
    [{ lineId: line.orderLineId, productId: line.productId, qty }],
    undefined,
    ref,
    { avoidLocationIds: [shipment.locationId], allowTransfer: true, reason: input.reason },
  );
  const pickup = order.deliveryMethod === 'pickup' ? order.pickupLocationId : null;
  return {
    released: {
      shipmentId: shipment.id,
      locationId: shipment.locationId,
      orderLineId: line.orderLineId,
      productId: line.productId,
      sku: line.sku,
      qty,
      shipmentCancelled: whole,
    },
    allocation,
    transferTo: pickup && allocation.shipments.some((s) => s.locationId !== pickup) ? pickup : null,
  };
}
