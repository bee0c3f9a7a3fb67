import type { Executor } from '../../db/database.js';
import type { Payment, PaymentProvider } from './money.js';
import { rowToPayment } from './money.mappers.js';
import type { OrderPaymentsTable } from './money.table.js';

/** Inserts unless the provider's reference is known; returns whether it was new. */
export async function insertPaymentIfNew(db: Executor, row: OrderPaymentsTable): Promise<boolean> {
  const res = await db
    .insertInto('order_payments')
    .values(row)
    .onConflict((oc) => oc.columns(['provider', 'reference']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return res !== undefined;
}

export async function findPaymentByReference(
  db: Executor,
  provider: PaymentProvider,
  reference: string,
): Promise<Payment | undefined> {
  const row = await db
    .selectFrom('order_payments')
    .selectAll()
    .where('provider', '=', provider)
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row && rowToPayment(row);
}

export async function listPaymentRows(db: Executor, orderId: string): Promise<Payment[]> {
  const rows = await db
    .selectFrom('order_payments')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return rows.map(rowToPayment);
}

/** The order's latest payment through the provider, whose reference a refund goes back to. */
export async function latestPayment(
  db: Executor,
  orderId: string,
  provider: PaymentProvider,
): Promise<Payment | undefined> {
  const row = await db
    .selectFrom('order_payments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('provider', '=', provider)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row && rowToPayment(row);
}
