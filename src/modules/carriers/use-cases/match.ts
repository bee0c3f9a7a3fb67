import type { Db, Executor } from '../../../db/database.js';
import { enqueue } from '../../../jobs/index.js';
import { DAY, type Clock } from '../../../shared/clock.js';
import type { ChangeContext } from '../../incidents/index.js';
import { findShipmentOrderId, findShipmentsByTracking } from '../../orders/index.js';
import {
  nextSlot,
  pickShipment,
  type CarrierEvent,
  type ShipmentRef,
  type TrackedShipment,
} from '../carriers.js';
import {
  countUnmatched,
  findUnmatched,
  listUnmatchedTrackingNumbers,
  recordMatchError,
} from '../carriers.repository.js';
import { applyEvent, type Outcome } from './effects.js';

/**
 * Matching events that arrived before their shipment had a tracking number.
 *
 * The orders ship step sets the tracking number and knows nothing of carrier events, so nothing
 * runs when it commits. Instead the `carrier.match` job looks for unmatched events whose
 * tracking number now belongs to a shipment and applies them, oldest occurrence first, each
 * claimed with a conditional update (a second run, or a concurrent ingest, applies it once):
 * - an ingest that stores an unmatched event queues a run at the start of the next minute;
 * - every run queues the next one at the next 5-minute slot while unmatched events younger than
 *   30 days remain (older ones stay listed with `unmatched=true` but stop the polling).
 * Runs of one slot share a dedupe key, so a burst of unmatched events makes one job. A new event
 * that matches also applies the older unmatched events of its shipment first, in the same
 * transaction, so a shipment's events apply in order even before the job runs.
 */
export const MATCH_JOB = 'carrier.match';
export const FIRST_MATCH_MS = 60_000;
export const MATCH_EVERY_MS = 5 * 60_000;
export const MATCH_WINDOW_MS = 30 * DAY;

const PAGE = 200;

/** Queues a match run at the next slot of `everyMs`, unless one is queued for that slot. */
export async function scheduleMatch(db: Executor, clock: Clock, everyMs: number): Promise<void> {
  const runAt = nextSlot(clock.now(), everyMs);
  await enqueue(db, clock, {
    type: MATCH_JOB,
    payload: {},
    runAt,
    dedupeKey: `${MATCH_JOB}:${runAt}`,
  });
}

/** The shipment an event names (by id, else by tracking number), if it exists now. */
export async function resolveShipment(
  trx: Executor,
  event: Pick<CarrierEvent, 'givenShipmentId' | 'trackingNumber' | 'carrier'>,
  cache: Map<string, TrackedShipment[]> = new Map(),
): Promise<ShipmentRef | undefined> {
  if (event.givenShipmentId) {
    const orderId = await findShipmentOrderId(trx, event.givenShipmentId);
    if (orderId) return { id: event.givenShipmentId, orderId };
  }
  const tracking = event.trackingNumber;
  if (!tracking) return undefined;
  let candidates = cache.get(tracking);
  if (!candidates) {
    candidates = await findShipmentsByTracking(trx, [tracking]);
    cache.set(tracking, candidates);
  }
  return pickShipment(candidates, event.carrier);
}

/**
 * Applies, oldest occurrence first, the unmatched events with this tracking number or naming
 * this shipment that now resolve to a shipment (only to `onlyShipmentId` when given). `cache`
 * keeps the shipments of each tracking number already looked up in this transaction.
 */
export async function applyUnmatched(
  trx: Executor,
  key: { trackingNumber?: string | null; shipmentId?: string },
  ctx: ChangeContext,
  opts: { onlyShipmentId?: string; cache?: Map<string, TrackedShipment[]> } = {},
): Promise<Map<string, Outcome>> {
  const applied = new Map<string, Outcome>();
  const cache = opts.cache ?? new Map<string, TrackedShipment[]>();
  for (const event of await findUnmatched(trx, key)) {
    const shipment = await resolveShipment(trx, event, cache);
    if (!shipment || (opts.onlyShipmentId && shipment.id !== opts.onlyShipmentId)) continue;
    const outcome = await applyEvent(trx, event, shipment, ctx);
    if (outcome) applied.set(event.id, outcome);
  }
  return applied;
}

/**
 * The `carrier.match` job. One transaction per tracking number: a failure leaves that number's
 * events unmatched with `lastError` set, the others apply, and the job fails afterwards so the
 * runner logs and retries it. Returns how many events it applied.
 */
export async function runMatch(ctx: { db: Db; clock: Clock }): Promise<number> {
  const { db, clock } = ctx;
  const since = new Date(clock.now().getTime() - MATCH_WINDOW_MS).toISOString();
  const change: ChangeContext = { actor: 'system', clock };
  const failed: string[] = [];
  let applied = 0;
  let after: string | undefined;
  for (;;) {
    const numbers = await listUnmatchedTrackingNumbers(db, { since, after, limit: PAGE });
    if (numbers.length === 0) break;
    after = numbers[numbers.length - 1];
    const shipped = new Set(
      (await findShipmentsByTracking(db, numbers)).map((s) => s.trackingNumber),
    );
    for (const trackingNumber of numbers.filter((n) => shipped.has(n))) {
      try {
        const done = await db
          .transaction()
          .execute((trx) => applyUnmatched(trx, { trackingNumber }, change));
        applied += done.size;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        failed.push(`${trackingNumber}: ${message}`);
        await recordMatchError(db, trackingNumber, message);
      }
    }
    if (numbers.length < PAGE) break;
  }
  if ((await countUnmatched(db, since)) > 0) await scheduleMatch(db, clock, MATCH_EVERY_MS);
  if (failed.length > 0) throw new Error(`carrier events failed to apply: ${failed.join('; ')}`);
  return applied;
}
