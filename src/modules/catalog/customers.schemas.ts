import { z } from 'zod';
import { minorUnitsSchema } from '../../shared/money.js';
import { pageQuerySchema } from '../../shared/pagination.js';
import { contractDefaults, locales, tiers } from './catalog.js';
import { addressBody, addressSchema, text, timestamps } from './catalog.schemas.js';

const contractSchema = z.object({
  fillRateTarget: z.number(),
  onTimeTarget: z.number(),
  penaltyBpOfShortfall: z.number().int(),
  penaltyFixedPerBreach: z.number().int(),
  catchUpDays: z.number().int(),
});

export const customerSchema = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.enum(locales),
  tier: z.enum(tiers),
  address: addressSchema.nullable(),
  contract: contractSchema.nullable(),
  ...timestamps,
});

const share = z.number().min(0).max(1);

export const contractBody = z.object({
  fillRateTarget: share.describe('Share of units delivered, e.g. 0.98'),
  onTimeTarget: share.describe('Share of orders delivered on time, e.g. 0.95'),
  penaltyBpOfShortfall: z
    .number()
    .int()
    .min(0)
    .describe('Penalty in basis points of the value of the shortfall'),
  penaltyFixedPerBreach: minorUnitsSchema
    .default(contractDefaults.penaltyFixedPerBreach)
    .describe('Fixed penalty per breach, in minor units'),
  catchUpDays: z
    .number()
    .int()
    .min(0)
    .default(contractDefaults.catchUpDays)
    .describe('Days within which a shortfall may still ship without a breach'),
});

const emailSchema = z.email().max(254).toLowerCase();

/** E.164-ish: a "+" and 7–15 digits; spaces, dots, dashes and brackets are dropped. */
const phoneSchema = z
  .string()
  .transform((s) => s.replace(/[\s().-]/g, ''))
  .pipe(z.string().regex(/^\+\d{7,15}$/, 'must be + and 7–15 digits, e.g. +34600123456'));

export const createCustomerBody = z.object({
  externalId: text(200).nullable().optional().describe('The id in the sales channel; unique'),
  name: text(200),
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  locale: z.enum(locales).default('en'),
  tier: z.enum(tiers).default('b2c'),
  address: addressBody.nullable().optional(),
  contract: contractBody.nullable().optional().describe('Only for b2b customers'),
});

export const updateCustomerBody = z.object({
  externalId: text(200).nullable().optional(),
  name: text(200).optional(),
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  locale: z.enum(locales).optional(),
  tier: z.enum(tiers).optional(),
  address: addressBody.nullable().optional(),
  contract: contractBody
    .nullable()
    .optional()
    .describe('Replaces the whole contract; null removes it'),
});

export const listCustomersQuery = pageQuerySchema.extend({
  email: z.string().trim().min(1).optional(),
  tier: z.enum(tiers).optional(),
  externalId: z.string().min(1).optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Part of the name or email, any case'),
});
