import type { Executor } from '../../db/database.js';
import type { StatusPageRequestsTable } from './status-page.table.js';

/**
 * Writes `value` under `name` unless a value is there already, and returns the stored one: two
 * instances starting at once agree on the first writer's value.
 */
export async function claimSetting(
  db: Executor,
  name: string,
  value: string,
  now: string,
): Promise<string> {
  await db
    .insertInto('status_page_settings')
    .values({ name, value, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('status_page_settings')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

export type RequestClaim =
  | { claimed: true }
  | { claimed: false; previous: Pick<StatusPageRequestsTable, 'action' | 'status' | 'response'> };

/** Claims an idempotency key for an action; the unique key makes one of two retries win. */
export async function claimRequest(
  db: Executor,
  row: { incidentId: string; key: string; action: string; now: string },
): Promise<RequestClaim> {
  const result = await db
    .insertInto('status_page_requests')
    .values({
      incident_id: row.incidentId,
      idempotency_key: row.key,
      action: row.action,
      status: null,
      response: null,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(['incident_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) return { claimed: true };
  const previous = await db
    .selectFrom('status_page_requests')
    .select(['action', 'status', 'response'])
    .where('incident_id', '=', row.incidentId)
    .where('idempotency_key', '=', row.key)
    .executeTakeFirstOrThrow();
  return { claimed: false, previous };
}

export async function completeRequest(
  db: Executor,
  row: { incidentId: string; key: string; status: number; response: unknown },
): Promise<void> {
  await db
    .updateTable('status_page_requests')
    .set({ status: row.status, response: JSON.stringify(row.response) })
    .where('incident_id', '=', row.incidentId)
    .where('idempotency_key', '=', row.key)
    .execute();
}

/** Frees a key whose action failed, so that a retry runs the action again. */
export async function releaseRequest(
  db: Executor,
  row: { incidentId: string; key: string },
): Promise<void> {
  await db
    .deleteFrom('status_page_requests')
    .where('incident_id', '=', row.incidentId)
    .where('idempotency_key', '=', row.key)
    .where('status', 'is', null)
    .execute();
}

export interface PickupWindow {
  id: string;
  from: string;
  to: string;
  bookedAt: string;
}

export async function insertPickupWindow(
  db: Executor,
  row: { id: string; incidentId: string; from: string; to: string; now: string },
): Promise<PickupWindow> {
  await db
    .insertInto('status_page_pickup_windows')
    .values({
      id: row.id,
      incident_id: row.incidentId,
      window_from: row.from,
      window_to: row.to,
      booked_at: row.now,
    })
    .execute();
  return { id: row.id, from: row.from, to: row.to, bookedAt: row.now };
}

/** The window booked last, or undefined. */
export async function findLatestPickupWindow(
  db: Executor,
  incidentId: string,
): Promise<PickupWindow | undefined> {
  const row = await db
    .selectFrom('status_page_pickup_windows')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row && { id: row.id, from: row.window_from, to: row.window_to, bookedAt: row.booked_at };
}

/**
 * What the live poller compares between ticks, per incident: the newest timeline entry and the
 * incident's last update. One indexed read of the timeline (incident_events_incident) and one
 * of incidents by primary key, for every watched incident at once.
 */
export async function findChangeMarks(
  db: Executor,
  incidentIds: string[],
): Promise<Map<string, string>> {
  const marks = new Map<string, string>();
  if (incidentIds.length === 0) return marks;
  const events = await db
    .selectFrom('incident_events')
    .select((eb) => ['incident_id', eb.fn.max('id').as('last_event')])
    .where('incident_id', 'in', incidentIds)
    .groupBy('incident_id')
    .execute();
  const incidents = await db
    .selectFrom('incidents')
    .select(['id', 'updated_at'])
    .where('id', 'in', incidentIds)
    .execute();
  const lastEvent = new Map(events.map((e) => [e.incident_id, String(e.last_event)]));
  for (const i of incidents) marks.set(i.id, `${lastEvent.get(i.id) ?? ''}|${i.updated_at}`);
  return marks;
}
