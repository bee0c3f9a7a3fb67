import { z } from 'zod';
import { currencySchema } from '../../shared/money.js';
import { pageQuerySchema } from '../../shared/pagination.js';
import {
  costKinds,
  costParties,
  paymentProviders,
  refundMethods,
  refundProviders,
  refundStates,
} from './money.js';

/** Schemas shared by money's routes: refunds, payments, alerts. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const isoTime = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());
export const positiveAmount = z
  .number()
  .int('must be an integer amount in minor units (cents)')
  .min(1, 'must be at least 1 (minor units)')
  .max(Number.MAX_SAFE_INTEGER);
export const idParams = z.object({ id: text(100) });
export const idempotencyKey = z
  .string()
  .trim()
  .min(8, 'must be at least 8 characters')
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const consentSchema = z.object({
  channel: text(50).describe('Where the customer agreed: status_page, email, phone, chat …'),
  at: isoTime,
  statement: text(2000).describe('What the customer agreed to, in their words or the script'),
});

export const refundLineSchema = z.object({
  orderLineId: text(100),
  qty: z.number().int().min(1),
});

export const refundBody = z
  .object({
    orderId: text(100),
    incidentId: text(100).optional(),
    amount: positiveAmount.optional().describe('Minor units; default: the value of lines'),
    currency: currencySchema.describe('Must be the order’s currency'),
    reason: text(500),
    lines: z.array(refundLineSchema).max(200).optional(),
    method: z.enum(refundMethods).optional().describe('Default original_payment'),
    consent: consentSchema.optional().describe('Required for method store_credit'),
    party: z.enum(costParties).optional().describe('Who the cost is attributed to'),
    idempotencyKey: idempotencyKey.optional().describe('Or the Idempotency-Key header'),
  })
  .refine((b) => b.amount !== undefined || (b.lines?.length ?? 0) > 0, {
    path: ['amount'],
    message: 'give an amount, lines, or both',
  });
export type RefundBody = z.output<typeof refundBody>;

export const refundSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  incidentId: z.string().nullable(),
  state: z.enum(refundStates),
  amount: z.number().int(),
  currency: z.string(),
  method: z.enum(refundMethods),
  provider: z.enum(refundProviders),
  paymentMethod: z.string(),
  reason: z.string(),
  lines: z.array(refundLineSchema),
  consent: z.object({ channel: z.string(), at: z.string(), statement: z.string() }).nullable(),
  party: z.enum(costParties).nullable(),
  requestedAt: z.string(),
  requestedBy: z.string(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  issuedAt: z.string().nullable(),
  expectedOnStatementBy: z
    .string()
    .nullable()
    .describe('Issued is when the money left; the statement shows it by this date'),
  settledAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  failureReason: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  paymentReference: z.string().nullable(),
  providerRef: z.string().nullable(),
  dueAt: z.string().describe('Refund SLA: 72 h after the incident’s verification'),
  targetAt: z.string().describe('48 h after verification'),
  breachedAt: z.string().nullable(),
  creditNoteId: z.string().nullable(),
});

export const listRefundsQuery = pageQuerySchema.extend({
  orderId: text(100).optional(),
  incidentId: text(100).optional(),
  state: z.enum(refundStates).optional(),
});

export const confirmBody = z.object({
  reference: text(200).describe('The bank transfer’s reference'),
});
export const reasonBody = z.object({ reason: text(500) });

export const alertSchema = z.object({
  id: z.string(),
  kind: z.enum(['refund_sla_breached', 'refund_failed']),
  refundId: z.string(),
  incidentId: z.string().nullable(),
  message: z.string(),
  at: z.string(),
});
export const alertsQuery = z.object({
  refundId: text(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const paymentBody = z.object({
  orderId: text(100),
  provider: z.enum(paymentProviders),
  reference: text(200).describe(
    'Stripe payment_intent (pi_…) or charge (ch_…); else the bank reference',
  ),
  amount: positiveAmount,
  currency: currencySchema,
});
export const paymentSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  provider: z.enum(paymentProviders),
  reference: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  createdAt: z.string(),
});
export const paymentsQuery = z.object({ orderId: text(100) });

export const costSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  kind: z.enum(costKinds),
  amount: z.number().int(),
  currency: z.string(),
  party: z.enum(costParties),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  note: z.string().nullable(),
  at: z.string(),
  actor: z.string(),
});
