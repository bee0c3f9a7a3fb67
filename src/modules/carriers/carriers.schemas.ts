import { z } from 'zod';
import { pageQuerySchema } from '../../shared/pagination.js';
import { carrierEffects, carrierEventStatuses, carrierEventTypes } from './carriers.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoTime = z.iso.datetime({ offset: true });

export const MAX_BATCH = 500;
/** The provider's payload, as JSON text, at most this long. */
export const MAX_RAW_CHARS = 10_000;

export const carrierEventInput = z
  .object({
    carrier: text(50).toLowerCase().describe('Stored lower-case; with eventId, the dedupe key'),
    eventId: text(200).describe("The carrier's own id of this event"),
    type: z.enum(carrierEventTypes),
    occurredAt: isoTime.describe('When it happened at the carrier; any offset, stored as UTC'),
    trackingNumber: text(100).optional(),
    shipmentId: text(100).optional().describe('Wins over trackingNumber when it names a shipment'),
    newEta: isoTime.optional().describe('Required for delayed; any other ETA is compared too'),
    location: text(200).optional(),
    description: text(2000).optional(),
    raw: z.unknown().optional().describe("The provider's payload, kept as JSON"),
  })
  .refine((e) => e.trackingNumber !== undefined || e.shipmentId !== undefined, {
    path: ['trackingNumber'],
    message: 'give trackingNumber or shipmentId (or both)',
  })
  .refine((e) => e.type !== 'delayed' || e.newEta !== undefined, {
    path: ['newEta'],
    message: 'is required for a delayed event',
  })
  .refine((e) => e.raw === undefined || (JSON.stringify(e.raw)?.length ?? 0) <= MAX_RAW_CHARS, {
    path: ['raw'],
    message: `must be at most ${MAX_RAW_CHARS} characters as JSON`,
  });
export type CarrierEventInput = z.output<typeof carrierEventInput>;

export const carrierEventBatch = z.object({
  events: z.array(carrierEventInput).min(1).max(MAX_BATCH),
});

/** One event, or `{ events: [...] }`; the route validates against the one the body's shape names. */
export const ingestBody = z.union([carrierEventBatch, carrierEventInput]);
export type IngestBody = z.output<typeof ingestBody>;

export const ingestedEventSchema = z.object({
  eventId: z.string(),
  carrier: z.string(),
  status: z.enum(['applied', 'duplicate', 'unmatched']),
  duplicate: z.boolean(),
  id: z.string().nullable().describe('The stored event; null for a duplicate'),
  shipmentId: z.string().nullable(),
  incidentId: z.string().nullable().describe('The incident opened, or else the one noted'),
  effects: z.array(z.enum(carrierEffects)),
});
export type IngestedEvent = z.output<typeof ingestedEventSchema>;

export const ingestResultSchema = z.object({
  results: z.array(ingestedEventSchema).describe('One per event, in the order posted'),
});

export const listCarrierEventsQuery = pageQuerySchema.extend({
  shipmentId: text(100).optional().describe('Matched to it, or naming it'),
  trackingNumber: text(100).optional(),
  carrier: text(50).toLowerCase().optional(),
  unmatched: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only events waiting for their shipment; false: only applied ones'),
});

export const carrierEventSchema = z.object({
  id: z.string(),
  carrier: z.string(),
  eventId: z.string(),
  type: z.enum(carrierEventTypes),
  occurredAt: z.string(),
  trackingNumber: z.string().nullable(),
  shipmentId: z.string().nullable(),
  givenShipmentId: z.string().nullable(),
  newEta: z.string().nullable(),
  location: z.string().nullable(),
  description: z.string().nullable(),
  raw: z.unknown(),
  status: z.enum(carrierEventStatuses),
  effects: z.array(z.enum(carrierEffects)),
  incidentId: z.string().nullable(),
  lastError: z.string().nullable(),
  actor: z.string(),
  receivedAt: z.string(),
  appliedAt: z.string().nullable(),
});
