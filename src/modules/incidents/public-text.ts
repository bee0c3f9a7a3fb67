/**
 * What a public timeline entry written by the system tells the customer, independent of language:
 * a key and the facts its sentence needs (money in minor units with its currency, times as ISO
 * UTC, items as SKU and quantity). The entry's `message` keeps the English sentence for staff; the
 * status page tells the customer the key's sentence in their language. An entry without one (a
 * customer's or an agent's own words) is shown as written.
 */
export interface Units {
  sku: string;
  qty: number;
}

export interface PublicTextParams {
  voucher_issued: {
    code: string;
    currency: string;
    /** Fixed vouchers: the value; percent vouchers: null. */
    amount: number | null;
    percentBp: number | null;
    /** Percent vouchers: the most one redemption takes off, if capped. */
    maxAmount: number | null;
  };
  refund_issued: {
    amount: number;
    currency: string;
    toStoreCredit: boolean;
    issuedAt: string;
    expectedBy: string;
  };
  store_credit_added: { amount: number; currency: string; expiresAt: string | null };
  options_offered: {
    /** Option kinds, the recommended one marked. */
    options: { kind: string; isDefault: boolean }[];
    deadlineAt: string | null;
  };
  option_chosen: {
    kind: string;
    /** The option's step kinds: what it does for the customer. */
    actions: string[];
    via: string;
  };
  plan_finished: Record<string, never>;
  plan_failed: Record<string, never>;
  reship_sent: { units: Units[]; serviceLevel: string; promisedAt: string };
  missing_sent: { units: Units[]; promisedAt: string };
  backorder_waiting: { units: Units[]; restockAt: string | null };
  backorder_allocated: {
    units: Units[];
    fromLocation: string;
    serviceLevel: string;
    promisedAt: string;
  };
  lines_cancelled: { units: Units[] };
  pickup_booked: { units: Units[]; from: string; to: string };
  pickup_received: { units: Units[] };
  reservation_ready: { units: Units[]; store: string; until: string; code: string };
  reservation_collected: Record<string, never>;
  reservation_expired: { at: string };
  message_sent: { channel: 'email' | 'sms' | 'chat'; quote: string };
  pickup_window_booked: { from: string; to: string };
  callback_requested: Record<string, never>;
  photos_received: { files: string[] };
}

export type PublicTextKey = keyof PublicTextParams;

export type PublicText = {
  [K in PublicTextKey]: { key: K; params: PublicTextParams[K] };
}[PublicTextKey];

/** Builds a text with its params checked against its key. */
export function publicText<K extends PublicTextKey>(
  key: K,
  params: PublicTextParams[K],
): PublicText {
  return { key, params } as PublicText;
}

const keyList: Record<PublicTextKey, true> = {
  voucher_issued: true,
  refund_issued: true,
  store_credit_added: true,
  options_offered: true,
  option_chosen: true,
  plan_finished: true,
  plan_failed: true,
  reship_sent: true,
  missing_sent: true,
  backorder_waiting: true,
  backorder_allocated: true,
  lines_cancelled: true,
  pickup_booked: true,
  pickup_received: true,
  reservation_ready: true,
  reservation_collected: true,
  reservation_expired: true,
  message_sent: true,
  pickup_window_booked: true,
  callback_requested: true,
  photos_received: true,
};

/** Every key, as a list (the record above makes the compiler check none is missing). */
export const publicTextKeys = Object.keys(keyList) as PublicTextKey[];

export function isPublicTextKey(key: string): key is PublicTextKey {
  return Object.hasOwn(keyList, key);
}
