import { z } from 'zod';
import { pageQuerySchema } from '../../shared/pagination.js';
import { movementKinds } from './inventory.js';

/** The largest quantity one line or movement may carry (levels are 32-bit on PostgreSQL). */
export const maxQuantity = 10_000_000;

const qty = z.number().int().min(1).max(maxQuantity);
const sku = z.string().trim().min(1).max(100);
const id = z.string().trim().min(1).max(100);

export const stockLevelSchema = z.object({
  productId: z.string(),
  sku: z.string(),
  locationId: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int().describe('on hand − reserved; negative when stock is short'),
  updatedAt: z.string(),
});

export const ledgerEntrySchema = z.object({
  id: z.string(),
  productId: z.string(),
  sku: z.string(),
  locationId: z.string(),
  kind: z.enum(movementKinds),
  onHandDelta: z.number().int(),
  reservedDelta: z.number().int(),
  onHandAfter: z.number().int(),
  reservedAfter: z.number().int(),
  reason: z.string().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  actor: z.string(),
  createdAt: z.string(),
});

export const levelsQuery = pageQuerySchema.extend({
  sku: sku.optional(),
  productId: id.optional(),
  locationId: id.optional(),
  available: z.enum(['positive']).optional().describe('`positive`: only levels with units free'),
});

export const movementsQuery = pageQuerySchema
  .extend({
    sku: sku.optional(),
    productId: id.optional(),
    locationId: id.optional(),
    kind: z.enum(movementKinds).optional(),
    refType: z.string().trim().min(1).max(100).optional(),
    refId: z.string().trim().min(1).max(200).optional(),
  })
  .refine((q) => q.refId === undefined || q.refType !== undefined, {
    message: 'needs refType',
    path: ['refId'],
  });

const reason = z.string().trim().min(1).max(500);
const itemBase = { sku, locationId: id };

export const adjustmentItemSchema = z.discriminatedUnion('kind', [
  z.object({
    ...itemBase,
    kind: z.literal('adjustment'),
    delta: z
      .number()
      .int()
      .min(-maxQuantity)
      .max(maxQuantity)
      .refine((d) => d !== 0, 'must not be 0'),
    reason,
  }),
  z.object({
    ...itemBase,
    kind: z.literal('count'),
    counted: z.number().int().min(0).max(maxQuantity),
    reason: reason.optional(),
  }),
  z.object({ ...itemBase, kind: z.literal('write_off'), qty, reason }),
  z.object({ ...itemBase, kind: z.literal('receipt'), qty, reason: reason.optional() }),
]);

export const adjustmentsBody = z.object({
  items: z.array(adjustmentItemSchema).min(1).max(500),
});

export const adjustmentsResponse = z.object({
  movements: z.array(ledgerEntrySchema).describe('In the order of the items'),
});
