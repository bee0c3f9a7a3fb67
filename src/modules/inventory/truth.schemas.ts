import { z } from 'zod';
import { feedKinds, feedRejectionReasons, maxFeedItems, rejectionReasons } from './inventory.js';
import { ledgerEntrySchema, maxQuantity } from './inventory.schemas.js';

const id = z.string().trim().min(1).max(100);

export const feedBody = z.object({
  source: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe('The system that sent it, e.g. `pos-s1`; written on every movement'),
  locationId: id,
  kind: z
    .enum(feedKinds)
    .describe('`levels`: absolute on hand; `deltas`: signed changes; `counts`: cycle counts'),
  items: z
    .array(z.unknown())
    .min(1)
    .max(maxFeedItems)
    .describe(
      'Rows by kind — levels `{sku, onHand, version}`, deltas `{sku, delta, version}`, counts ' +
        '`{sku, counted, version}`. `version` is a non-negative integer that grows with every ' +
        'change at the source (a sequence number or the source clock in epoch milliseconds); a ' +
        'row not newer than the version last applied to its level is ignored as stale. A full ' +
        "snapshot should carry its own time as every row's version: a row that repeats the " +
        'version already applied counts as stale, and a batch that applies nothing does not ' +
        "refresh the location's freshness. Each row is checked on its own: a bad row is " +
        'reported and the others are applied.',
    ),
});

export const feedResponse = z.object({
  batchId: z.string(),
  applied: z.number().int(),
  ignoredStale: z.number().int(),
  rejected: z
    .array(
      z.object({
        index: z.number().int(),
        sku: z.string().nullable(),
        reason: z.enum(feedRejectionReasons),
        message: z.string(),
      }),
    )
    .describe('Every row not applied, stale rows included (also counted in ignoredStale)'),
  movements: z.number().int().describe('Ledger movements written'),
});

export const freshnessSchema = z.object({
  locationId: z.string(),
  code: z.string(),
  kind: z.string(),
  lastFeedAt: z.string().nullable().describe('Last feed batch that applied a row; null if never'),
  lastFeedSource: z.string().nullable(),
  ageMinutes: z.number().int().nullable(),
  stale: z.boolean().describe('Fed before, but not within the tolerance'),
  toleranceMinutes: z.number().int(),
  safetyBuffer: z.number().int().describe('Units held back from promises while stale'),
  customised: z.boolean().describe('False: the location kind’s default settings'),
});

export const freshnessParams = z.object({ locationId: id });

export const freshnessBody = z.object({
  toleranceMinutes: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 60),
  safetyBuffer: z.number().int().min(0).max(maxQuantity),
});

export const rejectionBody = z.object({
  orderId: id,
  shipmentId: id,
  sku: z.string().trim().min(1).max(100),
  qty: z.number().int().min(1).max(maxQuantity).optional().describe('Default: all on the shipment'),
  reason: z.enum(rejectionReasons),
  note: z.string().trim().min(1).max(500).optional(),
});

const allocatedLine = z.object({ lineId: z.string(), sku: z.string(), qty: z.number().int() });

export const rejectionResponse = z.object({
  locationId: z.string(),
  sku: z.string(),
  qty: z.number().int(),
  reason: z.enum(rejectionReasons),
  corrections: z.array(ledgerEntrySchema).describe('How the store’s stock was corrected'),
  released: z.object({
    shipmentId: z.string(),
    locationId: z.string(),
    orderLineId: z.string(),
    productId: z.string(),
    sku: z.string(),
    qty: z.number().int(),
    shipmentCancelled: z.boolean(),
  }),
  reallocated: z.array(
    z.object({ shipmentId: z.string(), locationId: z.string(), lines: z.array(allocatedLine) }),
  ),
  transferTo: z
    .string()
    .nullable()
    .describe('Pickup order served from elsewhere: the new shipments are transfers to this store'),
  unallocated: z.array(allocatedLine),
  promiseKept: z.boolean(),
  incident: z.object({ id: z.string(), created: z.boolean() }).nullable(),
});

export const driftQuery = z.object({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Inclusive; default: 30 days before to'),
  to: z.iso.datetime({ offset: true }).optional().describe('Exclusive; default: now'),
  minCounts: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(2)
    .describe('Listed from this many counts that differed'),
  locationId: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const driftResponse = z.object({
  from: z.string(),
  to: z.string(),
  minCounts: z.number().int(),
  data: z.array(
    z.object({
      sku: z.string(),
      productId: z.string(),
      locationId: z.string(),
      locationCode: z.string(),
      counts: z.number().int(),
      differing: z.number().int(),
      shareDiffering: z.number(),
      absUnits: z.number().int(),
      netUnits: z.number().int(),
      differingFromFeeds: z.number().int(),
      differingFromRejections: z.number().int(),
      lastCountAt: z.string(),
    }),
  ),
});
