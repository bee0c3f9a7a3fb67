import { z } from 'zod';
import { currencySchema } from '../../shared/money.js';
import { pageQuerySchema } from '../../shared/pagination.js';
import { costKinds, costParties, storeCreditKinds } from './money.js';
import { costSchema, idempotencyKey, isoTime, positiveAmount, text } from './money.schemas.js';

/** Schemas of vouchers, store credit, credit notes and the ledger. */

export const voucherBody = z
  .object({
    customerId: text(100),
    incidentId: text(100).optional(),
    kind: z.enum(['fixed', 'percent']),
    amount: positiveAmount.optional().describe('Fixed vouchers: the value in minor units'),
    percentBp: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe('Percent vouchers: 1000 = 10%'),
    maxAmount: positiveAmount
      .optional()
      .describe(
        'Percent vouchers: the most one redemption takes off, in minor units of currency ' +
          '("20% off, up to 30.00"). Required when an agent issues a percent voucher',
      ),
    currency: currencySchema,
    minOrderAmount: z.number().int().min(0).optional(),
    expiresAt: isoTime.optional(),
    maxRedemptions: z.number().int().min(1).max(1_000_000).optional().describe('Default 1'),
    reason: text(500),
    party: z.enum(costParties).optional().describe('Who its cost is attributed to when redeemed'),
  })
  .refine((b) => b.kind !== 'fixed' || b.amount !== undefined, {
    path: ['amount'],
    message: 'is required for a fixed voucher',
  })
  .refine((b) => b.kind !== 'percent' || b.percentBp !== undefined, {
    path: ['percentBp'],
    message: 'is required for a percent voucher',
  })
  .refine((b) => b.kind !== 'fixed' || b.maxAmount === undefined, {
    path: ['maxAmount'],
    message: 'belongs to a percent voucher (a fixed voucher is its amount)',
  });

export const voucherSchema = z.object({
  id: z.string(),
  code: z.string(),
  customerId: z.string(),
  incidentId: z.string().nullable(),
  kind: z.enum(['fixed', 'percent']),
  amount: z.number().int().nullable(),
  percentBp: z.number().int().nullable(),
  maxAmount: z
    .number()
    .int()
    .nullable()
    .describe('Percent vouchers: the most one redemption takes off; null: no cap'),
  currency: z.string(),
  minOrderAmount: z.number().int(),
  expiresAt: z.string().nullable(),
  maxRedemptions: z.number().int(),
  redemptions: z.number().int(),
  state: z.enum(['active', 'void']),
  reason: z.string(),
  party: z.enum(costParties).nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
});

export const redemptionSchema = z.object({
  id: z.string(),
  voucherId: z.string(),
  code: z.string(),
  orderRef: z.string(),
  orderAmount: z.number().int(),
  discountAmount: z.number().int(),
  currency: z.string(),
  at: z.string(),
});

export const voucherDetailSchema = voucherSchema.extend({
  redemptionsList: z.array(redemptionSchema),
});

export const redeemBody = z.object({
  code: text(40),
  orderRef: text(200).describe('The order the voucher is spent on (any reference of the shop)'),
  orderAmount: z.number().int().min(0),
  currency: currencySchema,
  idempotencyKey,
});

export const listVouchersQuery = pageQuerySchema.extend({
  customerId: text(100).optional(),
  incidentId: text(100).optional(),
  state: z.enum(['active', 'void']).optional(),
});
export const voucherParams = z.object({ idOrCode: text(100) });

export const customerParams = z.object({ customerId: text(100) });
export const entryParams = customerParams.extend({ entryId: text(100) });

export const creditBody = z.object({
  amount: positiveAmount,
  currency: currencySchema,
  reason: text(500),
  incidentId: text(100).optional(),
  expiresAt: isoTime.optional(),
  party: z.enum(costParties).optional(),
  idempotencyKey: idempotencyKey.optional(),
});

export const debitBody = z.object({
  amount: positiveAmount,
  currency: currencySchema,
  reason: text(500),
  orderRef: text(200).optional(),
  idempotencyKey,
});

export const storeCreditEntrySchema = z.object({
  id: z.string(),
  customerId: z.string(),
  currency: z.string(),
  kind: z.enum(storeCreditKinds),
  amount: z.number().int(),
  remaining: z.number().int(),
  expiresAt: z.string().nullable(),
  reason: z.string(),
  incidentId: z.string().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  at: z.string(),
  actor: z.string(),
});

export const balanceSchema = z.object({
  customerId: z.string(),
  accounts: z.array(
    z.object({
      customerId: z.string(),
      currency: z.string(),
      available: z.number().int().describe('Spendable now'),
      expired: z.number().int().describe('Lost to expiry'),
      entries: z.array(storeCreditEntrySchema),
    }),
  ),
});
export const balanceQuery = z.object({ currency: currencySchema.optional() });

export const creditNoteLineBody = z.object({
  description: text(300),
  qty: z.number().int().min(1).max(1_000_000),
  unitAmount: z
    .number()
    .int('must be an integer amount in minor units')
    .min(-Number.MAX_SAFE_INTEGER)
    .max(Number.MAX_SAFE_INTEGER)
    .describe('Per unit, tax included; negative only on a correction'),
  taxRateBp: z.number().int().min(0).max(10_000).describe('2100 = 21%'),
  orderLineId: text(100).optional(),
});

export const creditNoteBody = z
  .object({
    orderId: text(100).optional(),
    customerId: text(100).optional().describe('Only without an order'),
    incidentId: text(100).optional(),
    correctsId: text(100).optional().describe('The credit note this one corrects'),
    reason: text(500),
    currency: currencySchema.optional().describe('Default: the order’s'),
    series: z
      .string()
      .regex(/^[A-Z]{2,6}$/, 'must be 2–6 capital letters')
      .optional(),
    lines: z.array(creditNoteLineBody).min(1).max(200),
  })
  .refine((b) => b.orderId || b.customerId || b.correctsId, {
    path: ['orderId'],
    message: 'give orderId (or customerId, or correctsId)',
  });

const partySchema = z.object({
  name: z.string(),
  address: z.string().nullable(),
  taxId: z.string().nullable(),
});

export const creditNoteSchema = z.object({
  id: z.string(),
  number: z.string(),
  series: z.string(),
  year: z.number().int(),
  seq: z.number().int(),
  orderId: z.string().nullable(),
  customerId: z.string().nullable(),
  incidentId: z.string().nullable(),
  refundId: z.string().nullable(),
  storeCreditEntryId: z.string().nullable(),
  correctsId: z.string().nullable(),
  reason: z.string(),
  currency: z.string(),
  lines: z.array(
    z.object({
      description: z.string(),
      qty: z.number().int(),
      unitAmount: z.number().int(),
      taxRateBp: z.number().int(),
      orderLineId: z.string().nullable(),
      net: z.number().int(),
      tax: z.number().int(),
      total: z.number().int(),
    }),
  ),
  totals: z.object({ net: z.number().int(), tax: z.number().int(), total: z.number().int() }),
  seller: partySchema,
  buyer: partySchema.extend({ customerId: z.string().nullable(), email: z.string().nullable() }),
  issuedAt: z.string(),
  issuedBy: z.string(),
});

export const listCreditNotesQuery = pageQuerySchema.extend({
  orderId: text(100).optional(),
  incidentId: text(100).optional(),
  customerId: text(100).optional(),
  refundId: text(100).optional(),
});

const ledgerFilter = {
  incidentId: text(100).optional(),
  party: z.enum(costParties).optional(),
  kind: z.enum(costKinds).optional(),
  currency: currencySchema.optional(),
  from: isoTime.optional().describe('Inclusive'),
  to: isoTime.optional().describe('Exclusive'),
};

export const ledgerQuery = pageQuerySchema.extend(ledgerFilter);
export const ledgerExportQuery = z.object({
  format: z.enum(['csv']).default('csv'),
  ...ledgerFilter,
});

export const ledgerPageSchema = z.object({
  data: z.array(costSchema),
  nextCursor: z.string().nullable(),
  totals: z.array(
    z.object({
      currency: z.string(),
      party: z.enum(costParties),
      amount: z.number().int(),
      count: z.number().int(),
    }),
  ),
});

export const costBody = z.object({
  incidentId: text(100),
  kind: z.enum(costKinds),
  amount: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  currency: currencySchema,
  party: z.enum(costParties),
  note: text(500).optional(),
});

export const contractOutcomeBody = z.object({
  incidentId: text(100),
  orderId: text(100),
  customerId: text(100),
  shortfallAmount: z.number().int().min(0),
  currency: currencySchema,
  dueBy: isoTime,
  metAt: isoTime.nullable(),
  party: z.enum(costParties).optional(),
});

export const penaltySchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  orderId: z.string(),
  customerId: z.string(),
  outcome: z.enum(['avoided', 'incurred']),
  shortfallAmount: z.number().int(),
  currency: z.string(),
  penaltyBp: z.number().int(),
  penaltyFixed: z.number().int(),
  amount: z.number().int(),
  dueBy: z.string(),
  metAt: z.string().nullable(),
  party: z.enum(costParties),
  recordedAt: z.string(),
});
