import { z } from 'zod';
import { moneySchema } from '../../shared/money.js';
import { pageQuerySchema } from '../../shared/pagination.js';
import { maxProductBatch } from './catalog.js';
import { booleanQuery, codeSchema, text, timestamps } from './catalog.schemas.js';

export const productSchema = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  price: z.object({ amount: z.number().int(), currency: z.string() }),
  supplierId: z.string().nullable(),
  barcodes: z.array(z.string()),
  substitutes: z.array(z.string()).describe('Substitute SKUs, in order of preference'),
  active: z.boolean(),
  ...timestamps,
});

const barcodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._/-]+$/, 'may contain only letters, digits, "-", "_", "." and "/"');

export const createProductBody = z.object({
  sku: codeSchema,
  name: text(300),
  price: moneySchema.describe('Amount in minor units (cents) and an ISO-4217 currency'),
  supplierId: z.string().min(1).nullable().optional(),
  barcodes: z
    .array(barcodeSchema)
    .max(50)
    .optional()
    .describe('GTIN/EAN/UPC or internal codes; each names one product'),
  substitutes: z
    .array(codeSchema)
    .max(20)
    .optional()
    .describe('SKUs of other products, in order of preference'),
  active: z.boolean().optional(),
});

export const updateProductBody = createProductBody.omit({ sku: true }).partial();

export const batchProductsBody = z.object({
  products: z
    .array(createProductBody)
    .min(1)
    .max(maxProductBatch)
    .describe('Upserted by SKU; fields left out of an existing product keep their value'),
});

export const batchResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  data: z.array(productSchema),
});

export const listProductsQuery = pageQuerySchema.extend({
  q: z.string().trim().min(1).max(100).optional().describe('Part of the SKU or the name, any case'),
  sku: z.string().min(1).optional(),
  barcode: z.string().min(1).optional(),
  supplierId: z.string().min(1).optional(),
  active: booleanQuery.optional(),
});
