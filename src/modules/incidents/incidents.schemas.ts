import { z } from 'zod';
import { pageQuerySchema } from '../../shared/pagination.js';
import {
  eventKinds,
  incidentSources,
  incidentTypes,
  noteKinds,
  reportSources,
  rootCauses,
  severities,
  visibilities,
} from './incidents.js';
import { incidentStates } from './lifecycle.js';
import { clockStatuses, slaClockNames } from './sla-policy.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const incidentLineInput = z.object({
  orderLineId: z.string().min(1).optional().describe('Must be a line of the incident’s order'),
  expectedSku: text(100).optional().describe('Defaults to the order line’s SKU'),
  expectedQty: z.number().int().min(0),
  actualSku: text(100).optional(),
  actualQty: z.number().int().min(0),
  discrepancy: text(200).optional(),
  note: text(2000).optional(),
});

/** What opens an incident, from any source: the HTTP body and the service input. */
export const openIncidentInput = z.object({
  type: z.enum(incidentTypes),
  source: z.enum(incidentSources),
  severity: z.enum(severities).optional().describe('Defaults by type'),
  orderId: z.string().min(1).optional().describe('The customer is taken from the order'),
  shipmentId: z.string().min(1).optional(),
  locationId: z.string().min(1).optional(),
  summary: text(200),
  description: text(5000).optional(),
  rootCause: z.enum(rootCauses).optional().describe('A suggestion from the detection data'),
  lines: z.array(incidentLineInput).max(200).default([]),
  facts: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('What detection found for the remedy engine'),
  notifyCustomer: z
    .boolean()
    .optional()
    .describe('Queue the customer notification; default: yes unless caught at the pack station'),
  needsTriage: z
    .boolean()
    .optional()
    .describe('The type is a guess of triage below its threshold: an agent confirms it'),
});
export type OpenIncidentInput = z.input<typeof openIncidentInput>;

/** `POST /api/incidents`: a report by an agent, or by staff on behalf of a customer. */
export const reportIncidentBody = openIncidentInput
  .omit({ facts: true, notifyCustomer: true, needsTriage: true })
  .extend({
    type: z
      .enum(incidentTypes)
      .optional()
      .describe('Absent: triage classifies the description (or summary)'),
    source: z.enum(reportSources).describe('agent, or customer when staff report on their behalf'),
    summary: text(200).optional().describe('Defaults to the first sentence of the description'),
  })
  .refine((b) => b.summary !== undefined || b.description !== undefined, {
    path: ['description'],
    message: 'is required when there is no summary: say what went wrong',
  });
export type ReportIncidentInput = z.output<typeof reportIncidentBody>;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum(values)).min(1));

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listIncidentsQuery = pageQuerySchema.extend({
  state: csv(incidentStates).optional().describe('One state or several, comma-separated'),
  type: z.enum(incidentTypes).optional(),
  source: z.enum(incidentSources).optional(),
  severity: z.enum(severities).optional(),
  orderId: z.string().min(1).optional(),
  customerId: z.string().min(1).optional(),
  escalated: bool.optional(),
  needsTriage: bool.optional().describe('true: the queue of reports whose type an agent confirms'),
  breached: bool.optional().describe('Any clock breached'),
  detectedFrom: z.iso.datetime().optional().describe('Inclusive'),
  detectedTo: z.iso.datetime().optional().describe('Exclusive'),
  sort: z
    .enum(['newest', 'sla_risk'])
    .default('newest')
    .describe('sla_risk: open incidents by their nearest due unmet clock (the agent queue)'),
  cursor: z
    .string()
    .min(1)
    .optional()
    .describe('nextCursor of the previous page (an id for newest, an offset for sla_risk)'),
});
export type ListIncidentsQuery = z.output<typeof listIncidentsQuery>;

export const transitionBody = z.object({
  to: z.enum(incidentStates),
  reason: text(2000).optional().describe('Required to dismiss'),
  note: text(2000).optional(),
  rootCause: z.enum(rootCauses).optional().describe('Required to close unless already set'),
  visibility: z.enum(visibilities).default('internal'),
});

export const noteBody = z.object({
  message: text(5000),
  visibility: z.enum(visibilities).default('internal'),
  kind: z.enum(noteKinds).default('note'),
});

export const escalateBody = z.object({ reason: text(2000) });

export const patchIncidentBody = z
  .object({
    type: z
      .enum(incidentTypes)
      .optional()
      .describe('Confirms or changes the type while detected or verified; clears needsTriage'),
    severity: z.enum(severities).optional(),
    rootCause: z.enum(rootCauses).optional(),
    summary: text(200).optional(),
    description: text(5000).nullable().optional().describe('null clears it'),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'give at least one of type, severity, rootCause, summary, description',
  });
export type PatchIncidentInput = z.output<typeof patchIncidentBody>;

export const idParams = z.object({ id: z.string().min(1) });
export const attachmentParams = idParams.extend({ attachmentId: z.string().min(1) });

export const slaClockSchema = z.object({
  clock: z.enum(slaClockNames),
  status: z.enum(clockStatuses),
  startedAt: z.string(),
  dueAt: z.string(),
  targetAt: z.string().nullable(),
  metAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  dueInMs: z.number().nullable().describe('From now to due, while running; negative when overdue'),
});

export const incidentSchema = z.object({
  id: z.string(),
  type: z.enum(incidentTypes),
  source: z.enum(incidentSources),
  state: z.enum(incidentStates),
  severity: z.enum(severities),
  orderId: z.string().nullable(),
  customerId: z.string().nullable(),
  shipmentId: z.string().nullable(),
  locationId: z.string().nullable(),
  summary: z.string(),
  description: z.string().nullable(),
  escalated: z.boolean(),
  escalatedAt: z.string().nullable(),
  rootCause: z.enum(rootCauses).nullable(),
  dismissedReason: z.string().nullable(),
  facts: z.record(z.string(), z.unknown()).nullable(),
  needsTriage: z.boolean().describe('The type is a guess of triage: an agent confirms it'),
  detectedAt: z.string(),
  verifiedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const incidentSummarySchema = incidentSchema.extend({ clocks: z.array(slaClockSchema) });

export const timelineEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  kind: z.enum(eventKinds),
  visibility: z.enum(visibilities),
  fromState: z.enum(incidentStates).nullable(),
  toState: z.enum(incidentStates).nullable(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
});

export const incidentLineSchema = z.object({
  id: z.string(),
  orderLineId: z.string().nullable(),
  discrepancy: z.string().nullable(),
  expectedSku: z.string().nullable(),
  expectedQty: z.number().int(),
  actualSku: z.string().nullable(),
  actualQty: z.number().int(),
  note: z.string().nullable(),
});

export const attachmentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string().describe('Read from the file’s first bytes'),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  at: z.string(),
  url: z.string().describe('GET it to download the file'),
});

export const incidentDetailSchema = incidentSummarySchema.extend({
  allowedTransitions: z.array(z.enum(incidentStates)),
  lines: z.array(incidentLineSchema),
  timeline: z.array(timelineEntrySchema),
  attachments: z.array(attachmentSchema),
});

export const reportResultSchema = incidentDetailSchema.extend({
  joined: z
    .boolean()
    .describe('true (status 200): the report joined an open incident of the same order and type'),
});

export const attachmentsAddedSchema = z.object({ data: z.array(attachmentSchema) });

export const incidentPageSchema = z.object({
  data: z.array(incidentSummarySchema),
  nextCursor: z.string().nullable(),
});
