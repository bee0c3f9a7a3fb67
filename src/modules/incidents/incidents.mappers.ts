import type { PublicText } from './public-text.js';
import type {
  Attachment,
  EventKind,
  Incident,
  IncidentLine,
  IncidentSource,
  IncidentType,
  RootCause,
  Severity,
  SlaClock,
  TimelineEntry,
  Visibility,
} from './incidents.js';
import type {
  IncidentAttachmentsTable,
  IncidentClocksTable,
  IncidentEventsTable,
  IncidentLinesTable,
  IncidentsTable,
} from './incidents.table.js';
import type { IncidentState } from './lifecycle.js';
import { clockStatus, type SlaClockName } from './sla-policy.js';

export function rowToIncident(row: IncidentsTable): Incident {
  return {
    id: row.id,
    type: row.type as IncidentType,
    source: row.source as IncidentSource,
    state: row.state as IncidentState,
    severity: row.severity as Severity,
    orderId: row.order_id,
    customerId: row.customer_id,
    shipmentId: row.shipment_id,
    locationId: row.location_id,
    summary: row.summary,
    description: row.description,
    escalated: Number(row.escalated) === 1,
    escalatedAt: row.escalated_at,
    rootCause: row.root_cause as RootCause | null,
    dismissedReason: row.dismissed_reason,
    facts: row.facts ? (JSON.parse(row.facts) as Record<string, unknown>) : null,
    needsTriage: Number(row.needs_triage) === 1,
    detectedAt: row.detected_at,
    verifiedAt: row.verified_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function rowToLine(row: IncidentLinesTable): IncidentLine {
  return {
    id: row.id,
    orderLineId: row.order_line_id,
    discrepancy: row.discrepancy,
    expectedSku: row.expected_sku,
    expectedQty: row.expected_qty,
    actualSku: row.actual_sku,
    actualQty: row.actual_qty,
    note: row.note,
  };
}

export function rowToEvent(row: IncidentEventsTable): TimelineEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    kind: row.kind as EventKind,
    visibility: row.visibility as Visibility,
    fromState: row.from_state as IncidentState | null,
    toState: row.to_state as IncidentState | null,
    message: row.message,
    data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
    publicText: row.public_text === null ? null : (JSON.parse(row.public_text) as PublicText),
  };
}

/** A clock as shown: its status depends on the incident's state, `dueInMs` on the time now. */
export function rowToClock(row: IncidentClocksTable, state: IncidentState, now: Date): SlaClock {
  const status = clockStatus({ metAt: row.met_at, breachedAt: row.breached_at }, state);
  return {
    clock: row.clock as SlaClockName,
    status,
    startedAt: row.started_at,
    dueAt: row.due_at,
    targetAt: row.target_at,
    metAt: row.met_at,
    breachedAt: row.breached_at,
    dueInMs: status === 'running' ? Date.parse(row.due_at) - now.getTime() : null,
  };
}

export function rowToAttachment(row: IncidentAttachmentsTable): Attachment {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    at: row.at,
    url: `/api/incidents/${row.incident_id}/attachments/${row.id}`,
  };
}
