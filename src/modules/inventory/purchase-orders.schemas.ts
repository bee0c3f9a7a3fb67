import { z } from 'zod';
import { pageQuerySchema } from '../../shared/pagination.js';
import { purchaseOrderStatuses } from './inventory.js';
import { ledgerEntrySchema, maxQuantity } from './inventory.schemas.js';

const sku = z.string().trim().min(1).max(100);
const id = z.string().trim().min(1).max(100);
const when = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time; stored in UTC');

/** Each SKU at most once: a second line of the same SKU is named (`lines.3.sku`). */
const lines = z
  .array(z.object({ sku, qty: z.number().int().min(1).max(maxQuantity) }))
  .min(1)
  .max(500)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.sku)) {
        ctx.addIssue({ code: 'custom', message: 'SKU appears more than once', path: [i, 'sku'] });
      }
      seen.add(item.sku);
    });
  });

export const purchaseOrderSchema = z.object({
  id: z.string(),
  reference: z.string(),
  supplierId: z.string().nullable(),
  locationId: z.string(),
  status: z.enum(purchaseOrderStatuses),
  expectedAt: z.string(),
  receivedAt: z.string().nullable().describe('When the latest receipt was booked'),
  createdAt: z.string(),
  updatedAt: z.string(),
  lines: z.array(
    z.object({
      id: z.string(),
      productId: z.string(),
      sku: z.string(),
      qtyOrdered: z.number().int(),
      qtyReceived: z.number().int(),
      qtyOutstanding: z.number().int(),
    }),
  ),
});

export const purchaseOrderParams = z.object({ id });

export const createPurchaseOrderBody = z.object({
  reference: z.string().trim().min(1).max(100),
  supplierId: id.optional(),
  locationId: id,
  expectedAt: when,
  lines,
});

export const purchaseOrdersQuery = pageQuerySchema.extend({
  status: z.enum(purchaseOrderStatuses).optional(),
  sku: sku.optional(),
  locationId: id.optional(),
});

export const rescheduleBody = z.object({ expectedAt: when });

export const receiptBody = z.object({
  lines,
  allowOver: z.boolean().default(false).describe('Accept more than ordered'),
});

export const receiptResponse = z.object({
  purchaseOrder: purchaseOrderSchema,
  movements: z.array(ledgerEntrySchema),
});
