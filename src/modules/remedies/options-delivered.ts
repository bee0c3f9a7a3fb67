import { shareOf } from '../../shared/money.js';
import type { StepSpec } from './remedies.js';
import {
  describe,
  formatMoney,
  join,
  pickupOf,
  refundStep,
  reshipTiming,
  shipFrom,
  unavailable,
  unitsOf,
  voucherOf,
  type OptionContext,
  type OptionDraft,
} from './option-parts.js';

/** Options for what reached the customer wrong, damaged or late: send again, refund, credit. */
export function replacement(c: OptionContext, title: string): OptionDraft {
  const f = c.facts;
  if (f.affected.length === 0) return unavailable(title, 'no units to send again');
  const from = shipFrom(f, f.affected);
  if (!from) {
    return unavailable(title, `no location that ships has ${describe(f.affected)} in stock`);
  }
  const t = reshipTiming(c);
  const pickup = pickupOf(c);
  const voucher = voucherOf(c);
  return {
    title,
    customerGets: join([
      `${describe(f.affected)} sent from ${from.code} with ${t.words} by ${t.promisedAt.slice(0, 16)}Z`,
      pickup.words,
      voucher.words,
    ]),
    when: t.promisedAt,
    value: { amount: f.affectedValue, currency: f.currency },
    bonus: voucher.amount ? { amount: voucher.amount, currency: f.currency } : null,
    available: true,
    reason: `${from.code} (${from.zone}) has the stock; ${t.words} in the ${f.zone} zone`,
    details: {
      fromLocation: from.code,
      serviceLevel: t.serviceLevel,
      keepItem: pickup.keep,
      voucher: voucher.amount,
    },
    steps: [
      {
        kind: 'reship',
        locationId: from.locationId,
        units: unitsOf(f.affected),
        serviceLevel: t.serviceLevel,
        promisedAt: t.promisedAt,
        priority: c.settings.priority,
      },
      ...pickup.steps,
      ...voucher.steps,
    ],
    compensation: voucher.amount,
  };
}

export function refund(c: OptionContext): OptionDraft {
  const f = c.facts;
  const title = 'Refund';
  if (f.affectedValue <= 0) return unavailable(title, 'nothing was paid for the affected units');
  const pickup = pickupOf(c);
  const amount = f.affectedValue;
  return {
    title,
    customerGets: join([
      `${formatMoney(amount, f.currency)} back to your original payment method`,
      pickup.words,
    ]),
    when: null,
    value: { amount, currency: f.currency },
    bonus: null,
    available: true,
    reason: 'a refund of the affected value is always possible',
    details: { keepItem: pickup.keep },
    steps: [
      refundStep(c, amount, `refund for incident ${f.incidentId}`, unitsOf(f.affected)),
      ...pickup.steps,
    ],
    compensation: 0,
  };
}

export function keepDiscount(c: OptionContext): OptionDraft {
  const f = c.facts;
  const title = 'Keep what you received, with a discount';
  const wrong = f.affected.filter((a) => a.wrongItem);
  if (wrong.length === 0) return unavailable(title, 'no other item was received');
  const value = wrong.reduce((s, a) => s + (a.wrongItem?.price ?? 0) * (a.wrongItem?.qty ?? 0), 0);
  const amount = shareOf(value, c.settings.keepDiscountBp);
  const got = describe(
    wrong.map((a) => ({ qty: a.wrongItem?.qty ?? 0, sku: a.wrongItem?.sku ?? '' })),
  );
  return {
    title,
    customerGets: `keep the ${got} and get ${formatMoney(amount, f.currency)} back`,
    when: null,
    value: { amount, currency: f.currency },
    bonus: null,
    available: true,
    reason: `${c.settings.keepDiscountBp / 100}% of the value of what was received`,
    details: { keep: got, discountBp: c.settings.keepDiscountBp },
    steps: [refundStep(c, amount, `discount to keep ${got} (incident ${f.incidentId})`)],
    compensation: amount,
  };
}

export function storeCredit(c: OptionContext, title = 'Store credit with a bonus'): OptionDraft {
  const f = c.facts;
  if (f.affectedValue <= 0) return unavailable(title, 'nothing was paid for the affected units');
  const bonus = shareOf(f.affectedValue, c.settings.creditBonusBp);
  const pickup = pickupOf(c);
  return {
    title,
    customerGets: join([
      `store credit of ${formatMoney(f.affectedValue + bonus, f.currency)} (${formatMoney(bonus, f.currency)} more than a refund)`,
      pickup.words,
    ]),
    when: null,
    value: { amount: f.affectedValue + bonus, currency: f.currency },
    bonus: { amount: bonus, currency: f.currency },
    available: true,
    reason: `+${c.settings.creditBonusBp / 100}% over a plain refund; choosing it is the customer's consent`,
    details: { bonusBp: c.settings.creditBonusBp },
    steps: [
      {
        kind: 'store_credit',
        amount: f.affectedValue,
        bonus,
        currency: f.currency,
        reason: `incident ${f.incidentId}`,
      },
      ...pickup.steps,
    ],
    compensation: bonus,
  };
}

export function lateOption(
  c: OptionContext,
  kind: 'late_voucher' | 'shipping_refund',
): OptionDraft {
  const f = c.facts;
  const title = kind === 'late_voucher' ? 'A voucher for the delay' : 'Your shipping paid back';
  if (!f.order) return unavailable(title, 'the incident has no order');
  if (f.daysLate <= 0) return unavailable(title, 'the delivery is not late');
  const waits: StepSpec[] =
    f.shipment && f.shipment.status !== 'delivered' && f.shipment.status !== 'cancelled'
      ? [{ kind: 'await_delivery', shipmentId: f.shipment.id }]
      : [];
  if (kind === 'shipping_refund') {
    if (f.order.shipping <= 0) return unavailable(title, 'the order paid no shipping');
    return {
      title,
      customerGets: `${formatMoney(f.order.shipping, f.currency)} of shipping back`,
      when: null,
      value: { amount: f.order.shipping, currency: f.currency },
      bonus: null,
      available: true,
      reason: `${f.daysLate} day(s) late`,
      details: { daysLate: f.daysLate },
      steps: [
        {
          kind: 'refund',
          amount: f.order.shipping,
          currency: f.currency,
          reason: `shipping of a late delivery (incident ${f.incidentId})`,
          costKind: 'shipping_refund',
        },
        ...waits,
      ],
      compensation: f.order.shipping,
    };
  }
  const lv = c.settings.lateVoucher;
  const bp = Math.min(lv.perDayBp * f.daysLate, lv.maxBp);
  const amount = shareOf(f.order.value, bp);
  return {
    title,
    customerGets: `a voucher of ${formatMoney(amount, f.currency)} (${bp / 100}% of your order for ${f.daysLate} day(s) late)`,
    when: null,
    value: { amount, currency: f.currency },
    bonus: null,
    available: amount > 0,
    reason: `${lv.perDayBp / 100}% per day late, at most ${lv.maxBp / 100}%`,
    details: { daysLate: f.daysLate, shareBp: bp },
    steps: [
      {
        kind: 'voucher',
        amount,
        currency: f.currency,
        reason: `late delivery (incident ${f.incidentId})`,
        expiresInDays: c.settings.voucherValidDays,
      },
      ...waits,
    ],
    compensation: amount,
  };
}
