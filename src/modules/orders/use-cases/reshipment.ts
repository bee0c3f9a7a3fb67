import type { Executor } from '../../../db/database.js';
import { AppError, validationError } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { findLocationById } from '../../catalog/index.js';
import { reserveStock } from '../../inventory/index.js';
import type { OrderActionRef, ServiceLevel, Shipment } from '../orders.js';
import { shipmentNotFound } from '../orders.errors.js';
import {
  findOrderLines,
  findShipment,
  findShipmentOrderId,
  insertShipment,
  updateShipmentPriority,
} from '../orders.repository.js';
import { lockExistingOrder } from '../orders.service.js';

/**
 * Shipments that fix an order after the fact: a `reship` sends units again (a replacement, the
 * right item, a substitute) and a `return_pickup` collects units from the customer. Neither
 * moves the order lines' counters — the line was already sold and delivered; what the customer
 * finally holds is the incident's business — so both may be made on a closed order.
 */
export interface ReshipmentInput {
  orderId: string;
  kind: 'reship' | 'return_pickup';
  /** Where a reship ships from; where a return pickup brings the units back to. */
  locationId: string;
  /** productId may differ from the line's product: a substitute or the wrong item collected. */
  lines: { orderLineId: string; productId: string; qty: number }[];
  serviceLevel: ServiceLevel;
  priority: number;
  promisedAt: string | null;
  reason: string;
  /** Written on the shipment as its id, so a retried step finds the shipment it made. */
  shipmentId?: string;
}

/** Creates the shipment; a reship reserves its units at the location atomically. */
export async function createReshipment(
  trx: Executor,
  input: ReshipmentInput,
  ref: OrderActionRef,
): Promise<Shipment> {
  await lockExistingOrder(trx, input.orderId, ref.now);
  const id = input.shipmentId ?? newId('shp');
  const existing = await findShipment(trx, id);
  if (existing) return existing;
  const location = await findLocationById(trx, input.locationId);
  if (!location?.active) {
    throw validationError([{ path: 'locationId', message: 'is not an active location' }]);
  }
  const orderLines = await findOrderLines(trx, [input.orderId]);
  input.lines.forEach((l, i) => {
    if (!orderLines.some((o) => o.id === l.orderLineId)) {
      throw validationError([
        { path: `lines.${i}.orderLineId`, message: 'is not a line of this order' },
      ]);
    }
    if (!Number.isSafeInteger(l.qty) || l.qty <= 0) {
      throw validationError([{ path: `lines.${i}.qty`, message: 'must be a positive integer' }]);
    }
  });
  if (input.kind === 'reship') {
    const byProduct = [...input.lines].sort((a, b) => a.productId.localeCompare(b.productId));
    for (const l of byProduct) {
      await reserveStock(
        trx,
        { productId: l.productId, locationId: input.locationId, qty: l.qty },
        { reason: input.reason, refType: 'shipment', refId: id, ...ref },
      );
    }
  }
  await insertShipment(
    trx,
    {
      id,
      order_id: input.orderId,
      location_id: input.locationId,
      kind: input.kind,
      status: 'pending',
      carrier: null,
      service_level: input.serviceLevel,
      tracking_number: null,
      priority: input.priority,
      promised_at: input.promisedAt,
      packed_at: null,
      shipped_at: null,
      delivered_at: null,
      blocked_at: null,
      blocked_reason: null,
      created_at: ref.now,
      updated_at: ref.now,
    },
    input.lines.map((l) => ({
      id: newId('sln'),
      shipment_id: id,
      order_line_id: l.orderLineId,
      product_id: l.productId,
      qty: l.qty,
    })),
  );
  const shipment = await findShipment(trx, id);
  if (!shipment) throw shipmentNotFound(id);
  return shipment;
}

/** Raises a shipment's priority and service level (a backorder that must go first). */
export async function prioritizeShipment(
  trx: Executor,
  shipmentId: string,
  input: { priority: number; serviceLevel?: ServiceLevel; promisedAt?: string | null },
  ref: OrderActionRef,
): Promise<Shipment> {
  const orderId = await findShipmentOrderId(trx, shipmentId);
  if (!orderId) throw shipmentNotFound(shipmentId);
  await lockExistingOrder(trx, orderId, ref.now);
  if (!(await updateShipmentPriority(trx, shipmentId, { ...input, now: ref.now }))) {
    throw new AppError('invalid_state', `Shipment ${shipmentId} has already left`, {
      shipmentId,
    });
  }
  const shipment = await findShipment(trx, shipmentId);
  if (!shipment) throw shipmentNotFound(shipmentId);
  return shipment;
}
