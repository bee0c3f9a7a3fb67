import type { Executor } from '../../db/database.js';
import { otherLocation } from '../../shared/app-error.js';
import { toPage, type Page, type PageQuery } from '../../shared/pagination.js';
import { closingStatus, type Order, type OrderSummary } from './orders.js';
import { orderClosed, orderNotFound } from './orders.errors.js';
import { rowToOrderSummary } from './orders.mappers.js';
import {
  closeOrder,
  findOrder,
  findShipment,
  findOrderLines,
  listOrderRows,
  lockOrder,
  type OrderFilter,
} from './orders.repository.js';

/**
 * Orders own their lines' counters and their shipments: what was ordered, allocated, packed,
 * shipped, delivered, cancelled and returned. This file holds reads and the steps every write
 * shares; each write is a use case under ./use-cases.
 */

/** Refuses a shipment of another location to someone bound to `onlyAt` (null: anyone). */
export async function checkShipmentLocation(
  db: Executor,
  shipmentId: string,
  onlyAt: string | null,
): Promise<void> {
  if (onlyAt === null) return;
  const shipment = await findShipment(db, shipmentId);
  // An unknown shipment is left to the step itself, which answers 404.
  if (shipment && shipment.locationId !== onlyAt) throw otherLocation('Shipment', shipmentId);
}

export async function getOrder(db: Executor, id: string): Promise<Order> {
  const order = await findOrder(db, id);
  if (!order) throw orderNotFound(id);
  return order;
}

export async function listOrders(
  db: Executor,
  query: OrderFilter & PageQuery,
): Promise<Page<OrderSummary>> {
  const { limit, cursor, ...filter } = query;
  // Stored times are UTC `…Z` strings; a bound with an offset is normalised to compare as text.
  const utc = (t: string | undefined) => (t ? new Date(t).toISOString() : undefined);
  const rows = await listOrderRows(
    db,
    { ...filter, placedFrom: utc(filter.placedFrom), placedTo: utc(filter.placedTo) },
    { limit, cursor },
  );
  return toPage(rows.map(rowToOrderSummary), limit);
}

/** Takes the order's row lock for the rest of the transaction (see `lockOrder`). */
export async function lockExistingOrder(
  trx: Executor,
  id: string,
  now: string,
): Promise<OrderSummary> {
  const row = await lockOrder(trx, id, now);
  if (!row) throw orderNotFound(id);
  return rowToOrderSummary(row);
}

export async function lockOpenOrder(trx: Executor, id: string, now: string): Promise<OrderSummary> {
  const order = await lockExistingOrder(trx, id, now);
  if (order.status !== 'open') throw orderClosed(order);
  return order;
}

/**
 * Closes the order when every line is settled; call with the order locked. `closedAt` is when
 * the last event happened (a delivery may be recorded after the fact), `now` when it is recorded.
 */
export async function closeOrderIfSettled(
  trx: Executor,
  orderId: string,
  closedAt: string,
  now: string,
): Promise<void> {
  const status = closingStatus(await findOrderLines(trx, [orderId]));
  if (status) await closeOrder(trx, orderId, status, closedAt, now);
}
