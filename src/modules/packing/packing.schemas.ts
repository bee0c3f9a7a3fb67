import { z } from 'zod';
import { incidentStates, incidentTypes, rootCauses } from '../incidents/index.js';
import { shipmentStatuses } from '../orders/index.js';
import {
  discrepancyKinds,
  scanClassifications,
  sessionResults,
  sessionStatuses,
} from './packing.js';

const id = z.string().min(1).max(100);
const isoTime = z.iso.datetime({ offset: true });

export const openSessionBody = z.object({
  shipmentId: id,
  station: z.string().trim().min(1).max(50).describe('The pack station, e.g. W1-P3'),
  packer: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("Who packs; default: the API key's name"),
});

export const scanBody = z.object({
  code: z.string().trim().min(1).max(100).describe('A barcode/GTIN or a SKU, as scanned'),
  qty: z.number().int('must be a whole number').min(1).max(1000).default(1),
});

export const closeBody = z
  .object({
    acceptShort: z
      .boolean()
      .optional()
      .describe(
        'Pack what the box holds when all it lacks are units the shelf does not have; the ' +
          'rest of the lines is left unallocated',
      ),
  })
  .nullish();

export const sessionParams = z.object({ id });

export const statsQuery = z.object({
  from: isoTime.optional().describe('Sessions closed at or after; default: 30 days before to'),
  to: isoTime.optional().describe('Sessions closed before; default: now'),
});

const lineResultSchema = z.object({
  productId: z.string(),
  sku: z.string(),
  orderLineIds: z.array(z.string()),
  expected: z.number().int(),
  scanned: z.number().int(),
  remaining: z.number().int(),
  over: z.number().int(),
  status: z.enum(['complete', 'short', 'over']),
});

const extraSchema = z.object({
  kind: z.enum(['wrong_item', 'extra_item', 'unknown_code']),
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  code: z.string().nullable(),
  qty: z.number().int(),
  expectedSku: z
    .string()
    .nullable()
    .describe('For a wrong item: the expected SKU it was probably mistaken for (a look-alike)'),
});

const discrepancySchema = z.object({
  kind: z.enum(discrepancyKinds),
  orderLineId: z.string().nullable(),
  expectedSku: z.string().nullable(),
  expectedQty: z.number().int(),
  scannedSku: z.string().nullable(),
  scannedCode: z.string().nullable(),
  scannedQty: z.number().int(),
});

export const comparisonSchema = z.object({
  matched: z.boolean(),
  lines: z.array(lineResultSchema),
  stillExpected: z.array(
    z.object({ productId: z.string(), sku: z.string(), qty: z.number().int() }),
  ),
  extra: z.array(extraSchema),
  discrepancies: z.array(discrepancySchema),
});

const scanSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  code: z.string(),
  qty: z.number().int(),
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  classification: z.enum(scanClassifications),
  at: z.string(),
});

export const sessionViewSchema = z.object({
  id: z.string(),
  shipmentId: z.string(),
  orderId: z.string(),
  locationId: z.string(),
  packer: z.string(),
  station: z.string(),
  status: z.enum(sessionStatuses),
  result: z.enum(sessionResults).nullable(),
  incidentId: z.string().nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  comparison: comparisonSchema,
});

export const sessionDetailSchema = sessionViewSchema.extend({ scans: z.array(scanSchema) });

export const scanResultSchema = z.object({
  scan: scanSchema.extend({ expectedSku: z.string().nullable(), message: z.string() }),
  comparison: comparisonSchema,
});

export const closeResultSchema = sessionViewSchema.extend({
  shipment: z.object({
    id: z.string(),
    status: z.enum(shipmentStatuses),
    blockedAt: z.string().nullable(),
    blockedReason: z.string().nullable(),
  }),
  incident: z
    .object({
      id: z.string(),
      type: z.enum(incidentTypes),
      state: z.enum(incidentStates),
      rootCause: z.enum(rootCauses).nullable(),
    })
    .nullable(),
  shortages: z.array(
    z.object({
      productId: z.string(),
      sku: z.string(),
      qty: z.number().int(),
      shelfShort: z.number().int().describe('Of qty, the units the location does not have'),
    }),
  ),
  caughtIncidentIds: z.array(z.string()),
});

const groupStats = {
  sessions: z.number().int(),
  mismatched: z.number().int(),
  packingErrors: z
    .number()
    .int()
    .describe('Mismatched sessions with an error made at packing, not only a shelf without stock'),
  errorRate: z.number().nullable().describe('packingErrors ÷ sessions; null without sessions'),
};

export const statsSchema = z.object({
  from: z.string(),
  to: z.string(),
  packers: z.array(z.object({ packer: z.string(), ...groupStats })),
  stations: z.array(z.object({ station: z.string(), ...groupStats })),
  skus: z.array(
    z.object({
      sku: z.string(),
      misPickedAsExpected: z.number().int(),
      misPickedAsScanned: z.number().int(),
      shelfShort: z.number().int(),
    }),
  ),
});
