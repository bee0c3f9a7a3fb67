import { AppError, notFound } from '../../shared/app-error.js';
import {
  allowedShipmentSteps,
  type OrderLine,
  type Shipment,
  type ShipmentStep,
} from './orders.js';

export function orderNotFound(id: string): AppError {
  return notFound('order_not_found', 'Order', id);
}

export function lineNotFound(orderId: string, lineId: string): AppError {
  return new AppError('order_line_not_found', `Order ${orderId} has no line ${lineId}`, {
    orderId,
    lineId,
  });
}

export function shipmentNotFound(id: string): AppError {
  return notFound('shipment_not_found', 'Shipment', id);
}

export function invalidShipmentStep(shipment: Shipment, step: ShipmentStep): AppError {
  return new AppError(
    'invalid_transition',
    `Shipment ${shipment.id} is ${shipment.status}: it cannot take the step ${step}`,
    {
      shipmentId: shipment.id,
      kind: shipment.kind,
      status: shipment.status,
      step,
      allowedSteps: allowedShipmentSteps(shipment),
    },
  );
}

/** The hard stop of pack verification: a mismatched box gets no label (USERS.md pattern 10). */
export function shipmentBlocked(shipment: Shipment, step: ShipmentStep): AppError {
  return new AppError(
    'invalid_state',
    `Shipment ${shipment.id} is blocked by pack verification` +
      (shipment.blockedReason ? ` (${shipment.blockedReason})` : '') +
      `: it cannot take the step ${step} until a pack session on it matches`,
    {
      shipmentId: shipment.id,
      status: shipment.status,
      step,
      blockedAt: shipment.blockedAt,
      blockedReason: shipment.blockedReason,
    },
  );
}

export function orderClosed(order: { id: string; status: string }): AppError {
  return new AppError('invalid_state', `Order ${order.id} is ${order.status}`, {
    orderId: order.id,
    status: order.status,
  });
}

/** A quantity above what a line still allows; `available` is what could be done instead. */
export function quantityExceeded(
  line: OrderLine,
  what: 'allocate' | 'cancel' | 'return',
  requested: number,
  available: number,
): AppError {
  return new AppError(
    'quantity_exceeded',
    `Line ${line.lineNo} (${line.sku}): cannot ${what} ${requested}, at most ${available}`,
    { lineId: line.id, sku: line.sku, requested, available },
  );
}
