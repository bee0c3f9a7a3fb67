import { DAY } from '../../shared/clock.js';
import { shareOf } from '../../shared/money.js';

/** Refunds, store credit, vouchers, credit notes and what every incident costs. */

export const refundStates = [
  'requested',
  'approved',
  'issued',
  'settled',
  'failed',
  'cancelled',
] as const;
export type RefundState = (typeof refundStates)[number];

/** Refunds in these states hold part of the order's refundable amount. */
export const holdingStates: readonly RefundState[] = ['requested', 'approved', 'issued', 'settled'];
/** A refund may be undone only while no money has moved. */
export const cancellableStates: readonly RefundState[] = ['requested', 'approved'];

export const refundMethods = ['original_payment', 'store_credit'] as const;
export type RefundMethod = (typeof refundMethods)[number];

/** `manual`: finance transfers and confirms; `stripe`: the job calls Stripe; `store_credit`: at once. */
export const refundProviders = ['manual', 'stripe', 'store_credit'] as const;
export type RefundProvider = (typeof refundProviders)[number];

export const paymentProviders = ['stripe', 'manual'] as const;
export type PaymentProvider = (typeof paymentProviders)[number];

export const costKinds = [
  'refund',
  'voucher',
  'store_credit',
  'reship',
  'pickup',
  'write_off',
  'penalty',
  'shipping_refund',
] as const;
export type CostKind = (typeof costKinds)[number];

export const costParties = ['warehouse', 'store', 'carrier', 'supplier', 'system'] as const;
export type CostParty = (typeof costParties)[number];

/** Who and when, for every change. */
export interface MoneyRef {
  now: string;
  actor: string;
}

export interface Consent {
  channel: string;
  at: string;
  statement: string;
}

export interface RefundLine {
  orderLineId: string;
  qty: number;
}

export interface Refund {
  id: string;
  orderId: string;
  incidentId: string | null;
  state: RefundState;
  amount: number;
  currency: string;
  method: RefundMethod;
  provider: RefundProvider;
  /** The order's payment method when requested: it sets when the statement shows the refund. */
  paymentMethod: string;
  reason: string;
  lines: RefundLine[];
  consent: Consent | null;
  party: CostParty | null;
  requestedAt: string;
  requestedBy: string;
  approvedAt: string | null;
  approvedBy: string | null;
  issuedAt: string | null;
  /** Issued is when the money left; the customer sees it on the statement by this date. */
  expectedOnStatementBy: string | null;
  settledAt: string | null;
  failedAt: string | null;
  failureReason: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  /** The original payment the provider refunds (Stripe pi_… or ch_…). */
  paymentReference: string | null;
  /** When the payout was handed to the provider: from then on it cannot be cancelled. */
  submittedAt: string | null;
  /** The provider's id (Stripe re_…), the transfer reference, or the store-credit entry. */
  providerRef: string | null;
  /** Refund SLA: 72 h after the incident's verification (target 48 h). */
  dueAt: string;
  targetAt: string;
  breachedAt: string | null;
  creditNoteId: string | null;
}

export interface Payment {
  id: string;
  orderId: string;
  provider: PaymentProvider;
  reference: string;
  amount: number;
  currency: string;
  createdAt: string;
}

export interface Voucher {
  id: string;
  code: string;
  customerId: string;
  incidentId: string | null;
  kind: 'fixed' | 'percent';
  amount: number | null;
  percentBp: number | null;
  /** Percent vouchers: the most one redemption takes off; null: no cap. */
  maxAmount: number | null;
  currency: string;
  minOrderAmount: number;
  expiresAt: string | null;
  maxRedemptions: number;
  redemptions: number;
  state: 'active' | 'void';
  reason: string;
  party: CostParty | null;
  createdAt: string;
  createdBy: string;
  voidedAt: string | null;
  voidReason: string | null;
}

type VoucherTerms = Pick<Voucher, 'kind' | 'amount' | 'percentBp' | 'maxAmount'>;

/**
 * What one redemption takes off an order: a fixed voucher its amount, never more than the order;
 * a percent voucher its share of the order (rounded half up to a whole minor unit), then capped.
 */
export function voucherDiscount(voucher: VoucherTerms, orderAmount: number): number {
  if (voucher.kind === 'fixed') return Math.min(voucher.amount ?? 0, orderAmount);
  const share = shareOf(orderAmount, voucher.percentBp ?? 0);
  return voucher.maxAmount === null ? share : Math.min(share, voucher.maxAmount);
}

/**
 * The most a voucher can cost over all its redemptions: the most one redemption takes off times
 * how many it allows. null: no bound, a percent voucher without a cap.
 */
export function voucherExposure(
  voucher: VoucherTerms & Pick<Voucher, 'maxRedemptions'>,
): number | null {
  const each = voucher.kind === 'fixed' ? voucher.amount : voucher.maxAmount;
  return each === null ? null : each * voucher.maxRedemptions;
}

/** Its value in words: "5.00 EUR", "20%", "20% up to 30.00 EUR". */
export function voucherValueText(voucher: VoucherTerms & Pick<Voucher, 'currency'>): string {
  if (voucher.kind === 'fixed') return formatMoney(voucher.amount ?? 0, voucher.currency);
  const percent = `${(voucher.percentBp ?? 0) / 100}%`;
  return voucher.maxAmount === null
    ? percent
    : `${percent} up to ${formatMoney(voucher.maxAmount, voucher.currency)}`;
}

export interface VoucherRedemption {
  id: string;
  voucherId: string;
  code: string;
  orderRef: string;
  orderAmount: number;
  discountAmount: number;
  currency: string;
  at: string;
}

export const storeCreditKinds = ['credit', 'debit', 'expiry', 'reversal'] as const;
export type StoreCreditKind = (typeof storeCreditKinds)[number];

export interface StoreCreditEntry {
  id: string;
  customerId: string;
  currency: string;
  kind: StoreCreditKind;
  /** Signed: a credit adds, every other kind takes away. */
  amount: number;
  /** Of a credit: what is still unspent (0 once spent, expired or reversed). */
  remaining: number;
  expiresAt: string | null;
  reason: string;
  incidentId: string | null;
  refType: string | null;
  refId: string | null;
  at: string;
  actor: string;
}

export interface StoreCreditBalance {
  customerId: string;
  currency: string;
  /** Spendable now. */
  available: number;
  /** Lost to expiry, swept or not yet swept. */
  expired: number;
  entries: StoreCreditEntry[];
}

export interface CreditNoteLine {
  description: string;
  qty: number;
  /** Tax included, per unit, minor units. */
  unitAmount: number;
  taxRateBp: number;
  orderLineId: string | null;
  net: number;
  tax: number;
  total: number;
}

export interface Party {
  name: string;
  address: string | null;
  taxId: string | null;
}

export interface CreditNote {
  id: string;
  number: string;
  series: string;
  year: number;
  seq: number;
  orderId: string | null;
  customerId: string | null;
  incidentId: string | null;
  refundId: string | null;
  storeCreditEntryId: string | null;
  correctsId: string | null;
  reason: string;
  currency: string;
  lines: CreditNoteLine[];
  totals: { net: number; tax: number; total: number };
  seller: Party;
  buyer: Party & { customerId: string | null; email: string | null };
  issuedAt: string;
  issuedBy: string;
}

export interface IncidentCost {
  id: string;
  incidentId: string;
  kind: CostKind;
  amount: number;
  currency: string;
  party: CostParty;
  refType: string | null;
  refId: string | null;
  note: string | null;
  at: string;
  actor: string;
}

export interface ContractPenalty {
  id: string;
  incidentId: string;
  orderId: string;
  customerId: string;
  outcome: 'avoided' | 'incurred';
  shortfallAmount: number;
  currency: string;
  penaltyBp: number;
  penaltyFixed: number;
  /** The penalty the contract sets for this breach, whether incurred or avoided. */
  amount: number;
  dueBy: string;
  metAt: string | null;
  party: CostParty;
  recordedAt: string;
}

export interface MoneyAlert {
  id: string;
  kind: 'refund_sla_breached' | 'refund_failed';
  refundId: string;
  incidentId: string | null;
  message: string;
  at: string;
}

/**
 * When a refund reaches the customer's statement after it is issued, per payment method of the
 * order: card refunds take business days at the card network, PayPal a day, a bank transfer two
 * business days, store credit and cash are there at once. Settings, not facts of nature.
 */
export const statementDelay: Record<string, { days: number; businessDays: boolean }> = {
  card: { days: 5, businessDays: true },
  paypal: { days: 1, businessDays: false },
  transfer: { days: 2, businessDays: true },
  cash: { days: 0, businessDays: false },
  store_credit: { days: 0, businessDays: false },
  other: { days: 5, businessDays: true },
};

/** Adds days to an ISO time; business days skip Saturdays and Sundays (UTC). */
export function addDays(isoTime: string, days: number, businessDays: boolean): string {
  let t = Date.parse(isoTime);
  if (!businessDays) return new Date(t + days * DAY).toISOString();
  let left = days;
  while (left > 0) {
    t += DAY;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(t).toISOString();
}

export function expectedOnStatement(
  issuedAt: string,
  provider: RefundProvider,
  paymentMethod: string,
): string {
  if (provider === 'store_credit') return issuedAt;
  const delay = statementDelay[paymentMethod] ??
    statementDelay.other ?? { days: 5, businessDays: true };
  return addDays(issuedAt, delay.days, delay.businessDays);
}

/** The refund clock, from the incident's verification (DESIGN: 48–72 h). */
export const refundClock = { dueMs: 72 * 3_600_000, targetMs: 48 * 3_600_000 } as const;

/**
 * Tax of a credit-note line whose amounts include tax. Rounding, documented: the line total
 * (unit × qty) is exact; its net is total × 10000 / (10000 + rate) rounded half away from zero to
 * a whole minor unit; the tax is the difference. So the document's total is the sum of its line
 * totals to the cent, and each line's net + tax equals its total.
 */
export function lineTax(unitAmount: number, qty: number, taxRateBp: number) {
  const total = unitAmount * qty;
  const exact = (Math.abs(total) * 10_000) / (10_000 + taxRateBp);
  const net = Math.sign(total) * Math.round(exact);
  return { net, tax: total - net, total };
}

/** Currencies without minor units (ISO 4217 exponent 0) among those a store is likely to use. */
const zeroDecimal = new Set(['JPY', 'KRW', 'CLP', 'ISK', 'VND', 'XOF', 'XAF']);

/** Minor units as a major-unit decimal string ("12.90", "-0.05"), without floats. */
export function majorUnits(amount: number, currency: string): string {
  if (zeroDecimal.has(currency)) return String(amount);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function formatMoney(amount: number, currency: string): string {
  return `${majorUnits(amount, currency)} ${currency}`;
}
