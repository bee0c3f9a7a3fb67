import type { PublicText } from './public-text.js';
import type { IncidentState } from './lifecycle.js';
import type { ClockStatus, SlaClockName } from './sla-policy.js';

export const incidentTypes = [
  'wrong_item',
  'missing_item',
  'wrong_quantity',
  'extra_item',
  'stockout',
  'late_delivery',
  'damaged',
  'lost',
  'return_request',
  'other',
] as const;
export type IncidentType = (typeof incidentTypes)[number];

/** Who detected it. `agent` and `customer` come through the API; the others from modules. */
export const incidentSources = ['agent', 'customer', 'pack', 'inventory', 'carrier'] as const;
export type IncidentSource = (typeof incidentSources)[number];
export const reportSources = ['agent', 'customer'] as const;

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

/** The severity an incident gets when the reporter does not give one. */
export const defaultSeverityOf: Record<IncidentType, Severity> = {
  stockout: 'high',
  lost: 'high',
  wrong_item: 'medium',
  missing_item: 'medium',
  wrong_quantity: 'medium',
  damaged: 'medium',
  extra_item: 'low',
  late_delivery: 'low',
  return_request: 'low',
  other: 'low',
};

export const rootCauses = [
  'picking_error',
  'look_alike_sku',
  'bin_location_error',
  'inventory_desync',
  'supplier_defect',
  'carrier_damage',
  'address_error',
  'system_error',
  'other',
] as const;
export type RootCause = (typeof rootCauses)[number];

export const visibilities = ['public', 'internal'] as const;
export type Visibility = (typeof visibilities)[number];

export const eventKinds = [
  'created',
  'transition',
  'note',
  'customer_notified',
  'customer_contact',
  'escalated',
  'sla_breached',
  'updated',
  /** Free text classified by triage: its type, confidence and language. */
  'triaged',
  /** A second report of the same order and type joined this incident. */
  'report_joined',
  'attachment_added',
] as const;
export type EventKind = (typeof eventKinds)[number];

/** Kinds an agent may post through the notes endpoint. */
export const noteKinds = ['note', 'customer_notified', 'customer_contact'] as const;
export type NoteKind = (typeof noteKinds)[number];

/** `staff:<name>`, `system` or `customer`, as written on the timeline. */
export type ActorLabel = string;

export interface Incident {
  id: string;
  type: IncidentType;
  source: IncidentSource;
  state: IncidentState;
  severity: Severity;
  orderId: string | null;
  customerId: string | null;
  shipmentId: string | null;
  locationId: string | null;
  summary: string;
  description: string | null;
  escalated: boolean;
  escalatedAt: string | null;
  rootCause: RootCause | null;
  dismissedReason: string | null;
  /** What detection found for the remedy engine: stock elsewhere, substitutes, next inbound… */
  facts: Record<string, unknown> | null;
  /** The type is triage's best guess below the threshold: an agent confirms or changes it. */
  needsTriage: boolean;
  detectedAt: string;
  verifiedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentLine {
  id: string;
  orderLineId: string | null;
  discrepancy: string | null;
  expectedSku: string | null;
  expectedQty: number;
  actualSku: string | null;
  actualQty: number;
  note: string | null;
}

export interface TimelineEntry {
  id: string;
  at: string;
  actor: ActorLabel;
  kind: EventKind;
  visibility: Visibility;
  fromState: IncidentState | null;
  toState: IncidentState | null;
  message: string;
  data: Record<string, unknown> | null;
  /** What the customer is told, in their language, instead of `message` (public entries). */
  publicText: PublicText | null;
}

export interface SlaClock {
  clock: SlaClockName;
  status: ClockStatus;
  startedAt: string;
  dueAt: string;
  targetAt: string | null;
  metAt: string | null;
  breachedAt: string | null;
  /** Milliseconds from now to the due time while the clock runs (negative when overdue). */
  dueInMs: number | null;
}

export interface IncidentSummary extends Incident {
  clocks: SlaClock[];
}

/** A file attached to an incident (photos, documents), stored under the data directory. */
export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: ActorLabel;
  at: string;
  /** Where the file is served: `GET` it with a read key. */
  url: string;
}

export interface IncidentDetail extends IncidentSummary {
  allowedTransitions: IncidentState[];
  lines: IncidentLine[];
  /** Oldest first. */
  timeline: TimelineEntry[];
  /** Oldest first. */
  attachments: Attachment[];
}

/** What a caller passes along with a change: who does it and the time source. */
export interface ChangeContext {
  actor: ActorLabel;
  clock: { now(): Date };
}
