import { z } from 'zod';

/** Schemas shared by the catalog's resources. */

export const idParams = z.object({ id: z.string().min(1) });

export const text = (max: number) => z.string().trim().min(1).max(max);

/** SKUs and the codes of suppliers and locations: what survives a CSV, a URL and a label. */
export const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'may contain only letters, digits, "-", "_" and "."');

export const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as ES');

export const addressBody = z.object({
  line1: text(200),
  line2: text(200).optional(),
  city: text(100),
  postalCode: text(20),
  region: text(100).optional(),
  country: countrySchema,
});

export const addressSchema = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  postalCode: z.string(),
  region: z.string().optional(),
  country: z.string(),
});

/** A query-string boolean: only `true` and `false` (z.coerce.boolean reads "false" as true). */
export const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const timestamps = {
  createdAt: z.string().describe('ISO-8601 UTC'),
  updatedAt: z.string().describe('ISO-8601 UTC'),
};
