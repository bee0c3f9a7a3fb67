import type { Executor } from '../../../db/database.js';
import { openStockoutIncident } from '../../inventory/index.js';
import type { AllocationResult, OrderActionRef } from '../orders.js';

/**
 * Units sold that no location could supply (after a creation or an explicit allocation) open a
 * stock-out incident in the same transaction: inventory gathers the facts and opens it, once
 * per order while one is open.
 */
export async function reportShortfall(
  trx: Executor,
  orderId: string,
  result: AllocationResult,
  ref: OrderActionRef,
): Promise<void> {
  if (result.unallocated.length === 0) return;
  await openStockoutIncident(
    trx,
    {
      orderId,
      lines: result.unallocated.map((u) => ({ orderLineId: u.lineId, qty: u.qty })),
      cause: 'allocation',
    },
    ref,
  );
}
