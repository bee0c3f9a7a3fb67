import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { locksRows } from '../../db/dialect.js';
import { newId } from '../../shared/ids.js';
import type { EventKind, Incident, IncidentLine, TimelineEntry, Visibility } from './incidents.js';
import type { PublicText } from './public-text.js';
import { rowToEvent, rowToIncident, rowToLine } from './incidents.mappers.js';
import type {
  IncidentClocksTable,
  IncidentEventsTable,
  IncidentLinesTable,
  IncidentsTable,
} from './incidents.table.js';
import { finalStates, type IncidentState } from './lifecycle.js';
import type { SlaClockName } from './sla-policy.js';

export async function insertIncident(db: Executor, row: IncidentsTable): Promise<Incident> {
  await db.insertInto('incidents').values(row).execute();
  return rowToIncident(row);
}

export async function insertLines(
  db: Executor,
  rows: IncidentLinesTable[],
): Promise<IncidentLine[]> {
  if (rows.length > 0) await db.insertInto('incident_lines').values(rows).execute();
  return rows.map(rowToLine);
}

export async function insertClocks(db: Executor, rows: IncidentClocksTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('incident_clocks').values(rows).execute();
}

export interface NewEvent {
  incidentId: string;
  at: string;
  actor: string;
  kind: EventKind;
  visibility: Visibility;
  fromState?: IncidentState | null;
  toState?: IncidentState | null;
  message: string;
  data?: Record<string, unknown> | null;
  publicText?: PublicText | null | undefined;
}

/** The timeline is append-only: this module has no statement that updates or deletes an event. */
export async function insertEvent(db: Executor, e: NewEvent): Promise<TimelineEntry> {
  const row: IncidentEventsTable = {
    id: newId('iev'),
    incident_id: e.incidentId,
    at: e.at,
    actor: e.actor,
    kind: e.kind,
    visibility: e.visibility,
    from_state: e.fromState ?? null,
    to_state: e.toState ?? null,
    message: e.message,
    data: e.data && Object.keys(e.data).length > 0 ? JSON.stringify(e.data) : null,
    public_text: e.publicText ? JSON.stringify(e.publicText) : null,
  };
  await db.insertInto('incident_events').values(row).execute();
  return rowToEvent(row);
}

/**
 * `lock`: on PostgreSQL the row stays locked until commit (SQLite runs one writer at a time).
 * `for no key update`: rows that reference the incident (timeline entries) can still be added.
 */
export async function findIncident(
  db: Executor,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<Incident | undefined> {
  let q = db.selectFrom('incidents').selectAll().where('id', '=', id);
  if (opts.lock && locksRows(db)) q = q.forNoKeyUpdate();
  const row = await q.executeTakeFirst();
  return row && rowToIncident(row);
}

export async function findLines(db: Executor, incidentId: string): Promise<IncidentLine[]> {
  const rows = await db
    .selectFrom('incident_lines')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id')
    .execute();
  return rows.map(rowToLine);
}

/** Oldest first: event ids are sortable and made in the order the events happened. */
export async function findEvents(db: Executor, incidentId: string): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom('incident_events')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id')
    .execute();
  return rows.map(rowToEvent);
}

export async function findClockRows(
  db: Executor,
  incidentIds: string[],
): Promise<IncidentClocksTable[]> {
  if (incidentIds.length === 0) return [];
  return db
    .selectFrom('incident_clocks')
    .selectAll()
    .where('incident_id', 'in', incidentIds)
    .orderBy('incident_id')
    .orderBy('due_at')
    .execute();
}

export type IncidentChanges = Partial<
  Pick<
    IncidentsTable,
    | 'state'
    | 'type'
    | 'needs_triage'
    | 'severity'
    | 'summary'
    | 'description'
    | 'root_cause'
    | 'dismissed_reason'
    | 'verified_at'
    | 'resolved_at'
    | 'closed_at'
  >
> & { updated_at: string };

/**
 * Changes the state only if it is still `from`: two concurrent transitions cannot both win.
 * Returns the incident after the change, or undefined when the state had moved on.
 */
export async function updateIncidentIfState(
  db: Executor,
  id: string,
  from: IncidentState,
  changes: IncidentChanges,
): Promise<Incident | undefined> {
  const row = await db
    .updateTable('incidents')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', from)
    .returningAll()
    .executeTakeFirst();
  return row && rowToIncident(row);
}

export async function updateIncident(
  db: Executor,
  id: string,
  changes: IncidentChanges,
): Promise<Incident> {
  const row = await db
    .updateTable('incidents')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToIncident(row);
}

/** Sets the flag; `escalated_at` keeps the first escalation. */
export async function flagEscalated(db: Executor, id: string, now: string): Promise<Incident> {
  const row = await db
    .updateTable('incidents')
    .set((eb) => ({
      escalated: 1,
      escalated_at: eb.fn.coalesce('escalated_at', eb.val(now)),
      updated_at: now,
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToIncident(row);
}

/**
 * Meets the named clocks that are still open and not yet due, unless the incident's clocks have
 * stopped. Returns the clocks this call met.
 */
export async function meetClocks(
  db: Executor,
  args: { incidentId: string; clocks: SlaClockName[]; now: string; stoppedIn: IncidentState[] },
): Promise<SlaClockName[]> {
  const { incidentId, clocks, now, stoppedIn } = args;
  if (clocks.length === 0) return [];
  const rows = await db
    .updateTable('incident_clocks')
    .set({ met_at: now })
    .where('incident_id', '=', incidentId)
    .where('clock', 'in', clocks)
    .where('met_at', 'is', null)
    .where('breached_at', 'is', null)
    .where('due_at', '>=', now)
    .where((eb) => incidentNotIn(eb, incidentId, stoppedIn))
    .returning('clock')
    .execute();
  return rows.map((r) => r.clock as SlaClockName);
}

/**
 * Marks a clock breached (at its due time) when it is due, still open and not stopped.
 * Returns the due time when this call breached it; undefined when there was nothing to do.
 */
export async function breachClock(
  db: Executor,
  args: { incidentId: string; clock: SlaClockName; now: string; stoppedIn: IncidentState[] },
): Promise<string | undefined> {
  const { incidentId, clock, now, stoppedIn } = args;
  const row = await db
    .updateTable('incident_clocks')
    .set((eb) => ({ breached_at: eb.ref('due_at') }))
    .where('incident_id', '=', incidentId)
    .where('clock', '=', clock)
    .where('met_at', 'is', null)
    .where('breached_at', 'is', null)
    .where('due_at', '<=', now)
    .where((eb) => incidentNotIn(eb, incidentId, stoppedIn))
    .returning('due_at')
    .executeTakeFirst();
  return row?.due_at;
}

function incidentNotIn(
  eb: ExpressionBuilder<Database, 'incident_clocks'>,
  incidentId: string,
  states: IncidentState[],
) {
  let q = eb.selectFrom('incidents').select('incidents.id').where('incidents.id', '=', incidentId);
  if (states.length > 0) q = q.where('incidents.state', 'not in', states);
  return eb.exists(q);
}

export interface IncidentFilter {
  states?: IncidentState[];
  type?: string;
  source?: string;
  severity?: string;
  orderId?: string;
  customerId?: string;
  escalated?: boolean;
  needsTriage?: boolean;
  breached?: boolean;
  /** Inclusive. */
  detectedFrom?: string;
  /** Exclusive. */
  detectedTo?: string;
}

function filtered(db: Executor, f: IncidentFilter) {
  let q = db.selectFrom('incidents').selectAll('incidents');
  if (f.states && f.states.length > 0) q = q.where('incidents.state', 'in', f.states);
  if (f.type) q = q.where('incidents.type', '=', f.type);
  if (f.source) q = q.where('incidents.source', '=', f.source);
  if (f.severity) q = q.where('incidents.severity', '=', f.severity);
  if (f.orderId) q = q.where('incidents.order_id', '=', f.orderId);
  if (f.customerId) q = q.where('incidents.customer_id', '=', f.customerId);
  if (f.escalated !== undefined) q = q.where('incidents.escalated', '=', f.escalated ? 1 : 0);
  if (f.needsTriage !== undefined) {
    q = q.where('incidents.needs_triage', '=', f.needsTriage ? 1 : 0);
  }
  if (f.detectedFrom) q = q.where('incidents.detected_at', '>=', f.detectedFrom);
  if (f.detectedTo) q = q.where('incidents.detected_at', '<', f.detectedTo);
  if (f.breached !== undefined) {
    const breached = f.breached;
    q = q.where((eb) => {
      const any = eb.exists(
        eb
          .selectFrom('incident_clocks as c')
          .select('c.clock')
          .whereRef('c.incident_id', '=', 'incidents.id')
          .where('c.breached_at', 'is not', null),
      );
      return breached ? any : eb.not(any);
    });
  }
  return q;
}

/** Newest first, paged by id: pass the last id of a page as `cursor` for the next. */
export async function listNewest(
  db: Executor,
  f: IncidentFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<Incident[]> {
  let q = filtered(db, f);
  if (page.cursor) q = q.where('incidents.id', '<', page.cursor);
  const rows = await q
    .orderBy('incidents.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return rows.map(rowToIncident);
}

/**
 * The agent queue: incidents not in a final state, by the earliest due time among their clocks
 * that are not met (a breached clock is overdue, so it comes first); incidents with every clock
 * met come last.
 */
export async function listBySlaRisk(
  db: Executor,
  f: IncidentFilter,
  page: { limit: number; offset: number },
): Promise<Incident[]> {
  const nextDue = db
    .selectFrom('incident_clocks')
    .select((eb) => ['incident_id', eb.fn.min('due_at').as('next_due')])
    .where('met_at', 'is', null)
    .groupBy('incident_id')
    .as('nc');
  const rows = await filtered(db, f)
    .where('incidents.state', 'not in', finalStates)
    .leftJoin(nextDue, 'nc.incident_id', 'incidents.id')
    .orderBy(sql`case when nc.next_due is null then 1 else 0 end`)
    .orderBy('nc.next_due')
    .orderBy('incidents.id')
    .limit(page.limit + 1)
    .offset(page.offset)
    .execute();
  return rows.map(rowToIncident);
}
