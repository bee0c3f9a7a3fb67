import { AppError, notFound, validationError } from '../../shared/app-error.js';
import type { RefundState } from './money.js';

export const refundNotFound = (id: string) => notFound('refund_not_found', 'Refund', id);
export const voucherNotFound = (id: string) => notFound('voucher_not_found', 'Voucher', id);
export const creditNoteNotFound = (id: string) =>
  notFound('credit_note_not_found', 'Credit note', id);

export function fieldError(path: string, message: string): AppError {
  return validationError([{ path, message }]);
}

export function currencyMismatch(field: string, given: string, expected: string): AppError {
  return new AppError(
    'currency_mismatch',
    `${field} is ${given} but must be ${expected}, the currency of what it pays back`,
    { field, given, expected, fields: [{ path: field, message: `must be ${expected}` }] },
  );
}

export function exceedsRefundable(requested: number, remaining: number, currency: string) {
  return new AppError(
    'amount_exceeds_refundable',
    `A refund of ${requested} exceeds what remains refundable on the order: ${remaining} ${currency}`,
    { requested, remaining, currency },
  );
}

export function refundInState(state: RefundState, action: string, allowed: RefundState[]) {
  return new AppError('invalid_state', `A ${state} refund cannot be ${action}`, {
    current: state,
    allowed,
  });
}

export function idempotencyConflict(key: string): AppError {
  return new AppError(
    'idempotency_conflict',
    `The idempotency key ${key} was used for a different request; use a new key`,
    { key },
  );
}
