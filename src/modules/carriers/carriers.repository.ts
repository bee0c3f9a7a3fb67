import type { Executor } from '../../db/database.js';
import type { CarrierEffect, CarrierEvent } from './carriers.js';
import { rowToCarrierEvent } from './carriers.mappers.js';
import type { CarrierEventsTable } from './carriers.table.js';

/**
 * Stores the event unless (carrier, event id) is taken — committed or being committed by a
 * concurrent transaction, which PostgreSQL waits for. `on conflict do nothing` rather than
 * catching the violation, so the caller's transaction stays usable. False for a duplicate.
 */
export async function insertEventIfNew(db: Executor, row: CarrierEventsTable): Promise<boolean> {
  const inserted = await db
    .insertInto('carrier_events')
    .values(row)
    .onConflict((oc) => oc.columns(['carrier', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Unmatched events with this tracking number or naming this shipment, oldest occurrence first. */
export async function findUnmatched(
  db: Executor,
  key: { trackingNumber?: string | null; shipmentId?: string },
): Promise<CarrierEvent[]> {
  const { trackingNumber, shipmentId } = key;
  if (!trackingNumber && !shipmentId) return [];
  const rows = await db
    .selectFrom('carrier_events')
    .selectAll()
    .where('status', '=', 'unmatched')
    .where((eb) =>
      eb.or([
        ...(trackingNumber ? [eb('tracking_number', '=', trackingNumber)] : []),
        ...(shipmentId ? [eb('given_shipment_id', '=', shipmentId)] : []),
      ]),
    )
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToCarrierEvent);
}

/** unmatched → applied for this shipment; false when another run applied it first. */
export async function claimEvent(
  db: Executor,
  id: string,
  shipmentId: string,
  now: string,
): Promise<boolean> {
  const res = await db
    .updateTable('carrier_events')
    .set({ status: 'applied', shipment_id: shipmentId, applied_at: now, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'unmatched')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function recordOutcome(
  db: Executor,
  id: string,
  outcome: { effects: CarrierEffect[]; incidentId: string | null },
): Promise<void> {
  await db
    .updateTable('carrier_events')
    .set({ effects: JSON.stringify(outcome.effects), incident_id: outcome.incidentId })
    .where('id', '=', id)
    .execute();
}

/** Kept on events that stay unmatched because applying them failed, for whoever lists them. */
export async function recordMatchError(
  db: Executor,
  trackingNumber: string,
  message: string,
): Promise<void> {
  await db
    .updateTable('carrier_events')
    .set({ last_error: message.slice(0, 2000) })
    .where('tracking_number', '=', trackingNumber)
    .where('status', '=', 'unmatched')
    .execute();
}

/** The ETA the shipment's latest earlier applied event gave, if any. */
export async function findPreviousEta(
  db: Executor,
  shipmentId: string,
  exceptId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('carrier_events')
    .select('new_eta')
    .where('shipment_id', '=', shipmentId)
    .where('status', '=', 'applied')
    .where('new_eta', 'is not', null)
    .where('id', '!=', exceptId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.new_eta ?? null;
}

/** Distinct tracking numbers of unmatched events received since `since`, in text order. */
export async function listUnmatchedTrackingNumbers(
  db: Executor,
  args: { since: string; after?: string; limit: number },
): Promise<string[]> {
  let q = db
    .selectFrom('carrier_events')
    .select('tracking_number')
    .distinct()
    .where('status', '=', 'unmatched')
    .where('tracking_number', 'is not', null)
    .where('received_at', '>=', args.since);
  if (args.after !== undefined) q = q.where('tracking_number', '>', args.after);
  const rows = await q.orderBy('tracking_number').limit(args.limit).execute();
  return rows.flatMap((r) => (r.tracking_number === null ? [] : [r.tracking_number]));
}

export async function countUnmatched(db: Executor, since: string): Promise<number> {
  const row = await db
    .selectFrom('carrier_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'unmatched')
    .where('tracking_number', 'is not', null)
    .where('received_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findEventsByIds(db: Executor, ids: string[]): Promise<CarrierEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('carrier_events').selectAll().where('id', 'in', ids).execute();
  return rows.map(rowToCarrierEvent);
}

export interface CarrierEventFilter {
  shipmentId?: string;
  trackingNumber?: string;
  carrier?: string;
  unmatched?: boolean;
}

/** Newest received first; `limit + 1` rows so the caller can tell whether a next page exists. */
export async function listEventRows(
  db: Executor,
  filter: CarrierEventFilter,
  page: { limit: number; cursor?: string },
): Promise<CarrierEvent[]> {
  let q = db.selectFrom('carrier_events').selectAll();
  const { shipmentId } = filter;
  if (shipmentId) {
    q = q.where((eb) =>
      eb.or([eb('shipment_id', '=', shipmentId), eb('given_shipment_id', '=', shipmentId)]),
    );
  }
  if (filter.trackingNumber) q = q.where('tracking_number', '=', filter.trackingNumber);
  if (filter.carrier) q = q.where('carrier', '=', filter.carrier);
  if (filter.unmatched !== undefined) {
    q = q.where('status', '=', filter.unmatched ? 'unmatched' : 'applied');
  }
  if (page.cursor) q = q.where('id', '<', page.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return rows.map(rowToCarrierEvent);
}
