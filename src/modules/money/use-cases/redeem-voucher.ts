import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { AppError } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { once } from '../idempotency.js';
import { defaultParty, loadIncident, noteOn } from '../incident-links.js';
import {
  formatMoney,
  voucherDiscount,
  type MoneyRef,
  type Voucher,
  type VoucherRedemption,
} from '../money.js';
import { currencyMismatch, voucherNotFound } from '../money.errors.js';
import { normalizeVoucherCode } from '../voucher-code.js';
import {
  countRedemption,
  findRedemption,
  findVoucher,
  insertRedemption,
} from '../vouchers.repository.js';
import { addIncidentCost } from './ledger.js';

export interface RedeemInput {
  code: string;
  orderRef: string;
  orderAmount: number;
  currency: string;
  idempotencyKey: string;
}

function notRedeemable(reason: string, message: string, details: Record<string, unknown> = {}) {
  return new AppError('voucher_not_redeemable', message, { reason, ...details });
}

/**
 * Redeems a voucher against an order: idempotent per key (a retry returns the first redemption),
 * never beyond its maximum (one conditional update), and its value becomes the incident's cost.
 */
export function redeemVoucher(
  db: Executor,
  input: RedeemInput,
  ref: MoneyRef,
): Promise<{ redemption: VoucherRedemption; replayed: boolean }> {
  return inTransaction(db, async (trx) => {
    const code = normalizeVoucherCode(input.code);
    const voucher = code ? await findVoucher(trx, { code }) : undefined;
    if (!voucher) throw voucherNotFound(input.code);
    const { idempotencyKey, ...request } = input;
    const { result, replayed } = await once(
      trx,
      {
        scope: 'voucher_redeem',
        key: `${voucher.id}:${idempotencyKey}`,
        request: { ...request, code },
        now: ref.now,
      },
      () => redeem(trx, voucher, input, ref),
      async (id) => (await findRedemption(trx, id)) ?? Promise.reject(voucherNotFound(id)),
    );
    return { redemption: result, replayed };
  });
}

async function redeem(
  trx: Executor,
  voucher: Voucher,
  input: RedeemInput,
  ref: MoneyRef,
): Promise<VoucherRedemption> {
  if (input.currency !== voucher.currency) {
    throw currencyMismatch('currency', input.currency, voucher.currency);
  }
  if (voucher.state === 'void') throw notRedeemable('void', `Voucher ${voucher.code} was voided`);
  if (voucher.expiresAt && voucher.expiresAt <= ref.now) {
    throw notRedeemable('expired', `Voucher ${voucher.code} expired at ${voucher.expiresAt}`, {
      expiresAt: voucher.expiresAt,
    });
  }
  if (input.orderAmount < voucher.minOrderAmount) {
    throw notRedeemable(
      'below_minimum',
      `Voucher ${voucher.code} needs an order of at least ${formatMoney(voucher.minOrderAmount, voucher.currency)}`,
      { minOrderAmount: voucher.minOrderAmount },
    );
  }
  if (!(await countRedemption(trx, voucher.id, ref.now))) {
    throw notRedeemable('used_up', `Voucher ${voucher.code} was already used`, {
      maxRedemptions: voucher.maxRedemptions,
    });
  }
  const discount = voucherDiscount(voucher, input.orderAmount);
  const redemption = await insertRedemption(
    trx,
    {
      id: newId('vrd'),
      voucher_id: voucher.id,
      order_ref: input.orderRef,
      order_amount: input.orderAmount,
      discount_amount: discount,
      currency: input.currency,
      idempotency_key: input.idempotencyKey,
      at: ref.now,
      actor: ref.actor,
    },
    voucher.code,
  );
  await costOfRedemption(trx, voucher, redemption, ref);
  return redemption;
}

/** A redeemed voucher of an incident: its value is now the incident's cost. */
async function costOfRedemption(
  trx: Executor,
  voucher: Voucher,
  redemption: VoucherRedemption,
  ref: MoneyRef,
): Promise<void> {
  if (!voucher.incidentId) return;
  const incident = await loadIncident(trx, voucher.incidentId, ref.now);
  const amount = formatMoney(redemption.discountAmount, voucher.currency);
  await addIncidentCost(
    trx,
    {
      incidentId: incident.id,
      kind: 'voucher',
      amount: redemption.discountAmount,
      currency: voucher.currency,
      party: voucher.party ?? (await defaultParty(trx, incident)),
      refType: 'voucher_redemption',
      refId: redemption.id,
      note: `${voucher.code} on ${redemption.orderRef}`,
    },
    ref,
  );
  const message = `Voucher ${voucher.code} redeemed on ${redemption.orderRef}: ${amount}`;
  await noteOn(trx, incident.id, { message, visibility: 'internal' }, ref);
}
