import type { OptionKind } from './remedies.js';
import { type OptionContext, type OptionDraft } from './option-parts.js';
import { keepDiscount, lateOption, refund, replacement, storeCredit } from './options-delivered.js';
import {
  b2bOption,
  backorder,
  cancelRefund,
  shipMissing,
  substituteOption,
} from './options-short.js';

export { formatMoney, shipFrom, type OptionContext, type OptionDraft } from './option-parts.js';

/**
 * One builder per option kind: from the facts, what the customer would get, when, what it is
 * worth, whether it can be offered (and why not), and the steps that carry it out.
 */
export function buildOption(kind: OptionKind, c: OptionContext): OptionDraft {
  switch (kind) {
    case 'reship':
      return replacement(c, 'Send the right item again');
    case 'replace':
      return replacement(c, 'Send a replacement');
    case 'refund':
      return refund(c);
    case 'keep_discount':
      return keepDiscount(c);
    case 'store_credit':
      return storeCredit(c);
    case 'ship_missing':
      return shipMissing(c);
    case 'partial_refund':
    case 'partial_store_credit':
    case 'wait_restock':
      return backorder(c, kind);
    case 'cancel_refund':
      return cancelRefund(c);
    case 'ship_substitute':
    case 'store_substitute':
      return substituteOption(c, kind);
    case 'late_voucher':
    case 'shipping_refund':
      return lateOption(c, kind);
    case 'b2b_credit_backorder':
      return b2bOption(c);
  }
}
