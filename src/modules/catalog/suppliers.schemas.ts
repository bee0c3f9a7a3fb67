import { z } from 'zod';
import { pageQuerySchema } from '../../shared/pagination.js';
import { codeSchema, text, timestamps } from './catalog.schemas.js';

export const supplierSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  ...timestamps,
});

export const createSupplierBody = z.object({
  code: codeSchema,
  name: text(200),
  email: z.email().max(254).nullable().optional(),
});

export const updateSupplierBody = createSupplierBody.partial();

export const listSuppliersQuery = pageQuerySchema;
