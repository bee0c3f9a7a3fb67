import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { AppError } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { getOrder } from '../../orders/index.js';
import type { MoneyRef, Payment, PaymentProvider } from '../money.js';
import { currencyMismatch, fieldError } from '../money.errors.js';
import {
  findPaymentByReference,
  insertPaymentIfNew,
  listPaymentRows,
} from '../payments.repository.js';

export interface PaymentInput {
  orderId: string;
  provider: PaymentProvider;
  /** Stripe: the payment_intent (pi_…) or charge (ch_…) id; manual: the bank reference. */
  reference: string;
  amount: number;
  currency: string;
}

/**
 * Records how an order was paid, so a refund can go back the same way. Posting the same provider
 * reference again for the same order returns the first record (created false).
 */
export function recordPayment(
  db: Executor,
  input: PaymentInput,
  ref: MoneyRef,
): Promise<{ payment: Payment; created: boolean }> {
  return inTransaction(db, async (trx) => {
    const order = await getOrder(trx, input.orderId);
    if (input.currency !== order.currency) {
      throw currencyMismatch('currency', input.currency, order.currency);
    }
    if (input.amount > order.totals.paid) {
      throw fieldError('amount', `must not exceed the ${order.totals.paid} the order paid`);
    }
    const created = await insertPaymentIfNew(trx, {
      id: newId('pay'),
      order_id: order.id,
      provider: input.provider,
      reference: input.reference,
      amount: input.amount,
      currency: input.currency,
      created_at: ref.now,
      actor: ref.actor,
    });
    const payment = await findPaymentByReference(trx, input.provider, input.reference);
    if (!payment) throw new Error(`payment ${input.reference} vanished`);
    if (payment.orderId !== order.id || payment.amount !== input.amount) {
      throw new AppError(
        'duplicate',
        `The ${input.provider} reference ${input.reference} is already recorded for order ${payment.orderId}`,
        { orderId: payment.orderId, paymentId: payment.id },
      );
    }
    return { payment, created };
  });
}

export function listPayments(db: Executor, orderId: string): Promise<Payment[]> {
  return listPaymentRows(db, orderId);
}
