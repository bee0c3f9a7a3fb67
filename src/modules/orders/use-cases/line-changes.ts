import type { Executor } from '../../../db/database.js';
import { validationError, type FieldIssue } from '../../../shared/app-error.js';
import { findLocationById } from '../../catalog/index.js';
import { returnStock } from '../../inventory/index.js';
import { unallocatedQty, type OrderActionRef, type OrderLine } from '../orders.js';
import { lineNotFound, quantityExceeded } from '../orders.errors.js';
import { changeLineQty, findOrderLines } from '../orders.repository.js';
import { closeOrderIfSettled, lockExistingOrder, lockOpenOrder } from '../orders.service.js';

/**
 * Cancels units of a line that no shipment holds (allocated units are cancelled by cancelling
 * their shipment first). Closes the order when this settles its last line.
 */
export async function cancelLine(
  trx: Executor,
  target: { orderId: string; lineId: string },
  qty: number,
  ref: OrderActionRef,
): Promise<OrderLine> {
  await lockOpenOrder(trx, target.orderId, ref.now);
  const lines = await findOrderLines(trx, [target.orderId]);
  const line = lines.find((l) => l.id === target.lineId);
  if (!line) throw lineNotFound(target.orderId, target.lineId);
  const changed = await changeLineQty(trx, line.id, 'cancel', qty);
  if (!changed) throw quantityExceeded(line, 'cancel', qty, unallocatedQty(line));
  await closeOrderIfSettled(trx, target.orderId, ref.now, ref.now);
  return changed;
}

export interface ReturnInput {
  /** Where the units came back to. */
  locationId: string;
  lines: { lineId: string; qty: number }[];
  /** Put the units back on hand at the location (sellable again). */
  restock: boolean;
  reason: string;
}

/** Records delivered units coming back; never more than delivered minus already returned. */
export async function recordReturn(
  trx: Executor,
  orderId: string,
  input: ReturnInput,
  ref: OrderActionRef,
): Promise<OrderLine[]> {
  await lockExistingOrder(trx, orderId, ref.now);
  const lines = await findOrderLines(trx, [orderId]);
  const issues: FieldIssue[] = [];
  const location = await findLocationById(trx, input.locationId);
  if (!location?.active || !location.capabilities.returns) {
    issues.push({ path: 'locationId', message: 'is not an active location that takes returns' });
  }
  input.lines.forEach((r, i) => {
    if (!lines.some((l) => l.id === r.lineId)) {
      issues.push({ path: `lines.${i}.lineId`, message: 'is not a line of this order' });
    }
  });
  if (issues.length > 0) throw validationError(issues);

  const changed: OrderLine[] = [];
  for (const r of input.lines) {
    const after = await changeLineQty(trx, r.lineId, 'return', r.qty);
    if (!after) {
      const line = (await findOrderLines(trx, [orderId])).find((l) => l.id === r.lineId);
      if (!line) throw lineNotFound(orderId, r.lineId);
      throw quantityExceeded(line, 'return', r.qty, line.qtyDelivered - line.qtyReturned);
    }
    changed.push(after);
  }
  if (input.restock) {
    // Stock rows in product order, as every transaction takes them.
    const units = input.lines
      .map((r) => ({
        productId: lines.find((l) => l.id === r.lineId)?.productId ?? '',
        qty: r.qty,
      }))
      .sort((a, b) => a.productId.localeCompare(b.productId));
    for (const u of units) {
      await returnStock(
        trx,
        { productId: u.productId, locationId: input.locationId, qty: u.qty },
        { reason: input.reason, refType: 'order', refId: orderId, ...ref },
      );
    }
  }
  return changed;
}
