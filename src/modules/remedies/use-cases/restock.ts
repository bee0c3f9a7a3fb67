import type { Transaction } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { Database } from '../../../db/database.js';
import { lockConflict } from '../../../db/dialect.js';
import { withSavepoint, withShortLockWaits } from '../../../db/transaction.js';
import { AppError } from '../../../shared/app-error.js';
import { availableToPromise, type StockReceived } from '../../inventory/index.js';
import { backordersAwaitingRestock, findSteps, lockPlan } from '../remedies.repository.js';
import type { StepSpec } from '../remedies.js';
import { envFor, finishIfComplete, refsOf, scheduleWatch, specOf } from './execute.js';
import type { Ref } from './incident-side.js';
import { allocateBackorder, type ReceiptSource } from './steps/index.js';
import { recordCheck } from './watch.js';

/** The longest the receipt waits for a lock another transaction holds (PostgreSQL). */
const LOCK_WAIT_MS = 200;

/**
 * The priority a partial-delivery plan promises: a purchase order receipt's units go to the
 * backorders waiting for them in the receipt's own transaction, so no order placed meanwhile can
 * promise them first. Oldest plan first, as the watch pass does, through the backorder step's
 * own allocation, at the receipt's location only. One whose units are not all there waits on,
 * and a younger one may take them, as in the watch pass.
 *
 * Each backorder is allocated under a savepoint: when it fails, what it wrote is undone and the
 * receipt goes on. A failure that another try may not meet (a concurrent order took a unit the
 * receipt did not bring, or PostgreSQL broke a deadlock) leaves it to the watch pass, and with it
 * the younger backorders that need any of its products, so none takes what it may still get.
 * One whose order no longer owes its units (the line cancelled meanwhile) completes with nothing
 * to ship, and its plan may finish; one that cannot be allocated as it stands for another reason
 * holds nobody up; the watch pass reports it.
 *
 * On PostgreSQL the receipt holds the rows of the levels it raised until it commits, so an order
 * placed meanwhile reads them without the new units, or waits and then finds them reserved. The
 * receipt takes those rows before any plan's, the reverse of the watch pass and of an agent's
 * step; so here no lock is waited for longer than LOCK_WAIT_MS: a plan (or a level) that another
 * transaction holds is left to the watch pass instead of risking a deadlock in which PostgreSQL
 * might fail that other transaction.
 */
export async function serveBackorders(
  ctx: AppContext,
  trx: Transaction<Database>,
  received: StockReceived,
): Promise<void> {
  const waiting = await backordersAwaitingRestock(trx);
  if (waiting.length === 0) return;
  const arrived = new Set(received.items.map((i) => i.productId));
  const receipt: ReceiptSource = {
    purchaseOrderId: received.purchaseOrderId,
    reference: received.reference,
    locationId: received.locationId,
  };
  const ref: Ref = { now: received.now, actor: 'system' };
  const heldBack = new Set<string>();
  let served = false;
  await withShortLockWaits(trx, LOCK_WAIT_MS, async () => {
    for (const candidate of waiting) {
      const products = productsOf(candidate.spec);
      if (!products.some((p) => arrived.has(p)) || products.some((p) => heldBack.has(p))) continue;
      let allocated: boolean;
      try {
        allocated = await withSavepoint(trx, 'backorder', () =>
          serveOne(ctx, trx, candidate, receipt, ref),
        );
      } catch (err) {
        if (mayFitLater(err)) for (const p of products) heldBack.add(p);
        else if (!(err instanceof AppError)) throw err;
        continue;
      }
      if (!allocated) continue;
      served = true;
      if (await nothingLeft(trx, received, arrived)) break;
    }
  });
  // What was held back is the next watch pass's, as is the delivery of what was served.
  if (served || heldBack.size > 0) await scheduleWatch(ctx, trx, ref.now, null);
}

/**
 * Allocates one backorder at the receipt's location if it still waits and every unit the order
 * still owes is there to take; false when it no longer waits, does not fit (a younger one may,
 * as in the watch), or has nothing left to wait for (it completes, taking none of the units).
 */
async function serveOne(
  ctx: AppContext,
  trx: Transaction<Database>,
  candidate: { id: string; plan_id: string },
  receipt: ReceiptSource,
  ref: Ref,
): Promise<boolean> {
  const plan = await lockPlan(trx, candidate.plan_id);
  if (!plan || plan.state !== 'executing') return false;
  const all = await findSteps(trx, plan.id);
  const step = all.find((s) => s.id === candidate.id);
  if (
    !step ||
    step.option_id !== plan.chosen_option_id ||
    step.state !== 'done' ||
    step.completed_at ||
    step.awaiting !== 'restock'
  ) {
    return false;
  }
  const spec = specOf(step);
  if (spec.kind !== 'backorder') return false;
  const env = await envFor(ctx, trx, plan, step, all, ref);
  const result = await allocateBackorder(env, spec, refsOf(step), receipt);
  if (!result.refs) return false;
  await recordCheck(trx, plan, step, result, ref);
  if (!result.done) return true;
  // The order owes none of its units any more: the step is done, and with it perhaps the plan.
  const after = (await findSteps(trx, plan.id)).filter(
    (s) => s.option_id === plan.chosen_option_id && s.state !== 'skipped',
  );
  await finishIfComplete(ctx, trx, plan, after, ref);
  return false;
}

/** A refusal that another try may not meet: a concurrent transaction held or took a unit. */
function mayFitLater(err: unknown): boolean {
  return lockConflict(err) || (err instanceof AppError && err.code === 'insufficient_stock');
}

function productsOf(spec: string): string[] {
  const parsed = JSON.parse(spec) as StepSpec;
  return parsed.kind === 'backorder' ? parsed.units.map((u) => u.productId) : [];
}

/** Whether the receipt's location has nothing left to promise of what arrived. */
async function nothingLeft(
  trx: Transaction<Database>,
  received: StockReceived,
  arrived: Set<string>,
): Promise<boolean> {
  const atp = await availableToPromise(trx, [...arrived], received.now);
  return [...arrived].every(
    (p) => !(atp.get(p) ?? []).some((a) => a.locationId === received.locationId && a.atp > 0),
  );
}
