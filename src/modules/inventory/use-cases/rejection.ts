import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { findLocationById } from '../../catalog/index.js';
import {
  checkShipmentLocation,
  reallocateRejected,
  type AllocationResult,
  type ReallocationResult,
} from '../../orders/index.js';
import type { LedgerEntry, Movement, RejectionReason, StockRef } from '../inventory.js';
import { findLevel } from '../inventory.repository.js';
import { withSkus } from '../inventory.service.js';
import { clearAvailable, writeOffStock } from '../stock.service.js';
import { openStockoutIncident } from './stockout.js';

/**
 * A store reports it cannot hand over an item allocated to an order. In one transaction:
 * the units come off the store's shipment and are allocated elsewhere (orders), the store's
 * stock is corrected at once — not found or mismatched: on hand drops to what stays reserved,
 * so it promises no more; damaged: the units are written off — and only when no other location
 * can keep the promise does a `stockout` incident open, with the customer notified.
 */
export interface RejectionInput {
  orderId: string;
  shipmentId: string;
  sku: string;
  qty?: number | undefined;
  reason: RejectionReason;
  note?: string | undefined;
}

export interface RejectionResult {
  locationId: string;
  sku: string;
  qty: number;
  reason: RejectionReason;
  /** The movements that corrected the store's stock (none when it had nothing left to promise). */
  corrections: LedgerEntry[];
  released: ReallocationResult['released'];
  /** The new shipments; for a pickup order served from elsewhere they are transfers. */
  reallocated: AllocationResult['shipments'];
  transferTo: string | null;
  unallocated: AllocationResult['unallocated'];
  /** True when every rejected unit found another location. */
  promiseKept: boolean;
  incident: { id: string; created: boolean } | null;
}

export async function rejectAllocatedItem(
  db: Executor,
  input: RejectionInput,
  ctx: { now: string; actor: string; onlyAt?: string | null },
): Promise<RejectionResult> {
  const { onlyAt = null, ...by } = ctx;
  return inTransaction(db, async (trx) => {
    await checkShipmentLocation(trx, input.shipmentId, onlyAt);
    const label = `store rejection (${input.reason})`;
    const moved = await reallocateRejected(
      trx,
      {
        orderId: input.orderId,
        shipmentId: input.shipmentId,
        sku: input.sku,
        qty: input.qty,
        reason: label,
      },
      by,
    );
    const { released } = moved;
    const store = await findLocationById(trx, released.locationId);
    const ref: StockRef = {
      ...by,
      reason:
        `${input.reason} at ${store?.code ?? released.locationId} for order ${input.orderId}` +
        (input.note ? `: ${input.note}` : ''),
      refType: 'store_rejection',
      refId: released.shipmentId,
    };
    const corrections = await correctStock(trx, input.reason, released, ref);

    const unallocated = moved.allocation.unallocated;
    const incident =
      unallocated.length === 0
        ? null
        : await openStockoutIncident(
            trx,
            {
              orderId: input.orderId,
              lines: unallocated.map((u) => ({ orderLineId: u.lineId, qty: u.qty })),
              cause: 'store_rejection',
              shipmentId: released.shipmentId,
              locationId: released.locationId,
            },
            by,
          );
    return {
      locationId: released.locationId,
      sku: released.sku,
      qty: released.qty,
      reason: input.reason,
      corrections: await withSkus(trx, corrections),
      released,
      reallocated: moved.allocation.shipments,
      transferTo: moved.transferTo,
      unallocated,
      promiseKept: unallocated.length === 0,
      incident: incident && { id: incident.incidentId, created: incident.created },
    };
  });
}

async function correctStock(
  trx: Executor,
  reason: RejectionReason,
  released: ReallocationResult['released'],
  ref: StockRef,
): Promise<Movement[]> {
  const key = { productId: released.productId, locationId: released.locationId };
  switch (reason) {
    case 'not_found':
    case 'mismatch': {
      const m = await clearAvailable(trx, key, ref);
      return m ? [m] : [];
    }
    case 'damaged': {
      // Never more than is on the shelf: the record may already be short.
      const onHand = (await findLevel(trx, key.productId, key.locationId))?.on_hand ?? 0;
      const qty = Math.min(released.qty, onHand);
      return qty > 0 ? [await writeOffStock(trx, { ...key, qty }, ref)] : [];
    }
  }
}
