import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { AppError, notFound } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { findCustomerById } from '../../catalog/index.js';
import { publicText } from '../../incidents/index.js';
import { loadIncident, noteOn, tellCustomer } from '../incident-links.js';
import {
  formatMoney,
  voucherExposure,
  voucherValueText,
  type CostParty,
  type MoneyRef,
  type Voucher,
  type VoucherRedemption,
} from '../money.js';
import { fieldError, voucherNotFound } from '../money.errors.js';
import { newVoucherCode, normalizeVoucherCode } from '../voucher-code.js';
import {
  activeIncidentVouchers,
  voidedIncidentVouchersRedeemed,
  findVoucher,
  insertVoucherIfCodeFree,
  listRedemptionRows,
  listVoucherRows,
  voidVoucherRow,
} from '../vouchers.repository.js';

export interface VoucherInput {
  customerId: string;
  incidentId?: string;
  kind: 'fixed' | 'percent';
  amount?: number;
  percentBp?: number;
  /** Percent vouchers: the most one redemption takes off, in minor units of `currency`. */
  maxAmount?: number;
  currency: string;
  minOrderAmount?: number;
  expiresAt?: string;
  maxRedemptions?: number;
  reason: string;
  party?: CostParty;
}

function checkShape(input: VoucherInput, now: string): void {
  if (input.kind === 'fixed' && !(input.amount && input.amount > 0)) {
    throw fieldError('amount', 'is required for a fixed voucher (minor units, at least 1)');
  }
  if (
    input.kind === 'percent' &&
    !(input.percentBp && input.percentBp > 0 && input.percentBp <= 10_000)
  ) {
    throw fieldError('percentBp', 'is required for a percent voucher (1 … 10000 basis points)');
  }
  if (input.kind === 'fixed' && input.percentBp !== undefined) {
    throw fieldError('percentBp', 'belongs to a percent voucher');
  }
  if (input.kind === 'percent' && input.amount !== undefined) {
    throw fieldError('amount', 'belongs to a fixed voucher');
  }
  if (input.kind === 'fixed' && input.maxAmount !== undefined) {
    throw fieldError('maxAmount', 'belongs to a percent voucher (a fixed voucher is its amount)');
  }
  if (
    input.maxAmount !== undefined &&
    !(Number.isSafeInteger(input.maxAmount) && input.maxAmount > 0)
  ) {
    throw fieldError('maxAmount', 'must be a whole amount in minor units, at least 1');
  }
  if (input.expiresAt !== undefined && input.expiresAt <= now) {
    throw fieldError('expiresAt', 'must be in the future');
  }
}

/** The terms of the voucher to issue, with their defaults. */
function termsOf(input: VoucherInput) {
  return {
    kind: input.kind,
    amount: input.kind === 'fixed' ? (input.amount ?? null) : null,
    percentBp: input.kind === 'percent' ? (input.percentBp ?? null) : null,
    maxAmount: input.kind === 'percent' ? (input.maxAmount ?? null) : null,
    currency: input.currency,
    maxRedemptions: input.maxRedemptions ?? 1,
  };
}

/**
 * Issues a voucher with a fresh unguessable code, linked to its reason and incident. The value
 * is not a cost yet: it becomes one when redeemed. `limit`: the most an agent may give per
 * incident without finance (null: no limit, finance and admin), counted as what the vouchers can
 * cost: a fixed voucher's amount, a percent voucher's cap, times the redemptions each allows; of
 * a voided voucher, what its redemptions took off.
 */
export function issueVoucher(
  db: Executor,
  input: VoucherInput,
  ref: MoneyRef,
  opts: { limit?: number | null } = {},
): Promise<Voucher> {
  return inTransaction(db, async (trx) => {
    checkShape(input, ref.now);
    if (!(await findCustomerById(trx, input.customerId))) {
      throw notFound('customer_not_found', 'Customer', input.customerId);
    }
    // Locked: two vouchers issued at once on one incident are checked against the limit in turn.
    const incident = input.incidentId
      ? await loadIncident(trx, input.incidentId, ref.now, { lock: true })
      : null;
    if (incident?.customerId && incident.customerId !== input.customerId) {
      throw fieldError('incidentId', 'is an incident of another customer');
    }
    const limit = opts.limit ?? null;
    if (limit !== null) await checkLimit(trx, input, incident?.id ?? null, limit);
    const voucher = await insertWithFreshCode(trx, input, incident?.id ?? null, ref);
    await noteOn(
      trx,
      voucher.incidentId,
      {
        message: `Voucher ${voucher.code} of ${voucherValueText(voucher)} issued: ${voucher.reason}`,
        visibility: 'public',
        publicText: publicText('voucher_issued', {
          code: voucher.code,
          currency: voucher.currency,
          amount: voucher.kind === 'fixed' ? voucher.amount : null,
          percentBp: voucher.kind === 'percent' ? voucher.percentBp : null,
          maxAmount: voucher.kind === 'percent' ? voucher.maxAmount : null,
        }),
      },
      ref,
    );
    await tellCustomer(
      trx,
      voucher.incidentId,
      {
        event: 'voucher_issued',
        key: voucher.id,
        data: {
          voucherId: voucher.id,
          code: voucher.code,
          kind: voucher.kind,
          amount: voucher.amount,
          percentBp: voucher.percentBp,
          maxAmount: voucher.maxAmount,
          currency: voucher.currency,
          minOrderAmount: voucher.minOrderAmount,
          expiresAt: voucher.expiresAt,
        },
      },
      ref.now,
    );
    return voucher;
  });
}

/** Refuses, with approval_required, a voucher that would take the incident past `limit`. */
async function checkLimit(
  trx: Executor,
  input: VoucherInput,
  incidentId: string | null,
  limit: number,
): Promise<void> {
  const cap = formatMoney(limit, input.currency);
  const requested = voucherExposure(termsOf(input));
  if (requested === null) {
    throw new AppError(
      'approval_required',
      `A percent voucher needs maxAmount, the most one redemption takes off (vouchers up to ${cap} ` +
        'per incident in all); without a cap finance must issue it',
      { limit, field: 'maxAmount' },
    );
  }
  const given = incidentId ? await activeIncidentVouchers(trx, incidentId) : [];
  const uncapped = given.filter((v) => voucherExposure(v) === null);
  if (uncapped.length > 0) {
    const ids = uncapped.map((v) => v.id);
    throw new AppError(
      'approval_required',
      `The incident has a percent voucher without a cap (${ids.join(', ')}); further vouchers ` +
        'need finance',
      { limit, uncapped: ids },
    );
  }
  // A voided voucher no longer counts for what it could cost, but what it did cost stays.
  const spent = incidentId ? await voidedIncidentVouchersRedeemed(trx, incidentId) : 0;
  const alreadyGiven = given.reduce((sum, v) => sum + (voucherExposure(v) ?? 0), spent);
  if (alreadyGiven + requested > limit) {
    throw new AppError(
      'approval_required',
      `Vouchers that can cost more than ${cap} per incident need finance: ` +
        `${formatMoney(alreadyGiven, input.currency)} already given, this one up to ` +
        formatMoney(requested, input.currency),
      { limit, alreadyGiven, requested },
    );
  }
}

async function insertWithFreshCode(
  trx: Executor,
  input: VoucherInput,
  incidentId: string | null,
  ref: MoneyRef,
): Promise<Voucher> {
  const id = newId('vch');
  const terms = termsOf(input);
  // A taken code is astronomically unlikely; drawing again keeps codes unique regardless.
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await insertVoucherIfCodeFree(trx, {
      id,
      code: newVoucherCode(),
      customer_id: input.customerId,
      incident_id: incidentId,
      kind: terms.kind,
      amount: terms.amount,
      percent_bp: terms.percentBp,
      max_amount: terms.maxAmount,
      currency: terms.currency,
      min_order_amount: input.minOrderAmount ?? 0,
      expires_at: input.expiresAt ?? null,
      max_redemptions: terms.maxRedemptions,
      redemptions: 0,
      state: 'active',
      reason: input.reason,
      party: input.party ?? null,
      created_at: ref.now,
      created_by: ref.actor,
      voided_at: null,
      voided_by: null,
      void_reason: null,
    });
    if (inserted) return (await findVoucher(trx, { id })) as Voucher;
  }
  throw new Error('could not draw a free voucher code');
}

/** Voids an active voucher (its undo); voiding a void voucher returns it unchanged. */
export function voidVoucher(
  db: Executor,
  voucherId: string,
  reason: string,
  ref: MoneyRef,
): Promise<Voucher> {
  return inTransaction(db, async (trx) => {
    const voided = await voidVoucherRow(trx, voucherId, {
      voided_at: ref.now,
      voided_by: ref.actor,
      void_reason: reason,
    });
    if (!voided) {
      const current = await findVoucher(trx, { id: voucherId });
      if (!current) throw voucherNotFound(voucherId);
      return current;
    }
    await noteOn(
      trx,
      voided.incidentId,
      { message: `Voucher ${voided.code} voided: ${reason}`, visibility: 'internal' },
      ref,
    );
    return voided;
  });
}

/** By id (vch_…) or by code in any typing. */
export async function getVoucher(
  db: Executor,
  idOrCode: string,
): Promise<Voucher & { redemptionsList: VoucherRedemption[] }> {
  const code = idOrCode.startsWith('vch_') ? null : normalizeVoucherCode(idOrCode);
  const voucher = code ? await findVoucher(db, { code }) : await findVoucher(db, { id: idOrCode });
  if (!voucher) throw voucherNotFound(idOrCode);
  return { ...voucher, redemptionsList: await listRedemptionRows(db, voucher.id, voucher.code) };
}

export async function listVouchers(
  db: Executor,
  f: { customerId?: string; incidentId?: string; state?: string; cursor?: string; limit: number },
): Promise<{ data: Voucher[]; nextCursor: string | null }> {
  const rows = await listVoucherRows(db, { ...f, limit: f.limit + 1 });
  const data = rows.slice(0, f.limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > f.limit && last ? last.id : null };
}
