import type { Executor } from '../../../db/database.js';
import { validationError } from '../../../shared/app-error.js';
import type { Clock } from '../../../shared/clock.js';
import { toPage, type Page } from '../../../shared/pagination.js';
import { findAttachments } from '../attachments.repository.js';
import { incidentNotFound } from '../incidents.errors.js';
import type { Incident, IncidentDetail, IncidentSummary } from '../incidents.js';
import { rowToClock } from '../incidents.mappers.js';
import {
  findClockRows,
  findEvents,
  findIncident,
  findLines,
  listBySlaRisk,
  listNewest,
  type IncidentFilter,
} from '../incidents.repository.js';
import type { ListIncidentsQuery } from '../incidents.schemas.js';
import { allowedTransitions } from '../lifecycle.js';

/**
 * `lock`: the incident's row stays locked until the transaction ends, so a total another module
 * keeps per incident (the vouchers an agent may give) is read and added to by one at a time.
 */
export async function getIncident(
  db: Executor,
  id: string,
  clock: Clock,
  opts: { lock?: boolean } = {},
): Promise<IncidentDetail> {
  const incident = await findIncident(db, id, opts);
  if (!incident) throw incidentNotFound(id);
  const [summary] = await withClocks(db, [incident], clock);
  const lines = await findLines(db, id);
  const timeline = await findEvents(db, id);
  const attachments = await findAttachments(db, id);
  return {
    ...(summary ?? { ...incident, clocks: [] }),
    allowedTransitions: allowedTransitions(incident.state),
    lines,
    timeline,
    attachments,
  };
}

/**
 * `newest` pages by id (cursor = last id); `sla_risk` is the agent queue, paged by offset
 * (cursor = the offset of the next page), because its order moves as clocks are met.
 */
export async function listIncidents(
  db: Executor,
  query: ListIncidentsQuery,
  clock: Clock,
): Promise<Page<IncidentSummary>> {
  const filter: IncidentFilter = {
    states: query.state,
    type: query.type,
    source: query.source,
    severity: query.severity,
    orderId: query.orderId,
    customerId: query.customerId,
    escalated: query.escalated,
    needsTriage: query.needsTriage,
    breached: query.breached,
    detectedFrom: query.detectedFrom,
    detectedTo: query.detectedTo,
  };
  const { limit } = query;
  if (query.sort === 'newest') {
    const page = toPage(await listNewest(db, filter, { limit, cursor: query.cursor }), limit);
    return { data: await withClocks(db, page.data, clock), nextCursor: page.nextCursor };
  }
  const offset = offsetOf(query.cursor);
  const rows = await listBySlaRisk(db, filter, { limit, offset });
  const data = await withClocks(db, rows.slice(0, limit), clock);
  return { data, nextCursor: rows.length > limit ? String(offset + limit) : null };
}

function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  if (!/^\d{1,9}$/.test(cursor)) {
    throw validationError([
      { path: 'querystring.cursor', message: 'must be the nextCursor of a sla_risk page' },
    ]);
  }
  return Number(cursor);
}

async function withClocks(
  db: Executor,
  incidents: Incident[],
  clock: Clock,
): Promise<IncidentSummary[]> {
  const now = clock.now();
  const rows = await findClockRows(
    db,
    incidents.map((i) => i.id),
  );
  return incidents.map((incident) => ({
    ...incident,
    clocks: rows
      .filter((r) => r.incident_id === incident.id)
      .map((r) => rowToClock(r, incident.state, now)),
  }));
}
