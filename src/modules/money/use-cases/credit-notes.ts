import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { notFound } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { findCustomerById, type Address } from '../../catalog/index.js';
import { getOrder, type Order } from '../../orders/index.js';
import {
  findCreditNote,
  insertCreditNote,
  listCreditNoteRows,
  nextNumber,
  type CreditNoteFilter,
} from '../credit-notes.repository.js';
import { loadIncident, noteOn } from '../incident-links.js';
import {
  formatMoney,
  lineTax,
  type CreditNote,
  type CreditNoteLine,
  type MoneyRef,
} from '../money.js';
import { creditNoteNotFound, currencyMismatch, fieldError } from '../money.errors.js';
import type { MoneySettings } from '../money.settings.js';

export interface CreditNoteLineInput {
  description: string;
  qty: number;
  /** Per unit, tax included, minor units; negative only on a correction. */
  unitAmount: number;
  taxRateBp: number;
  orderLineId?: string;
}

export interface CreditNoteInput {
  orderId?: string;
  /** Needed only without an order (a store credit not tied to one). */
  customerId?: string;
  incidentId?: string;
  refundId?: string;
  storeCreditEntryId?: string;
  /** A correction: a new document that references the one it corrects. */
  correctsId?: string;
  reason: string;
  currency?: string;
  series?: string;
  lines: CreditNoteLineInput[];
}

export const defaultSeries = 'CN';

export function formatNumber(series: string, year: number, seq: number): string {
  return `${series}-${year}-${String(seq).padStart(6, '0')}`;
}

function formatAddress(a: Address | null): string | null {
  if (!a) return null;
  const city = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.line1, a.line2, city, a.region, a.country].filter(Boolean).join(', ');
}

function checkLines(lines: CreditNoteLineInput[], order: Order | null, correction: boolean) {
  lines.forEach((l, i) => {
    if (l.unitAmount < 0 && !correction) {
      throw fieldError(`lines.${i}.unitAmount`, 'may be negative only on a correction');
    }
    if (l.orderLineId === undefined) return;
    const line = order?.lines.find((ol) => ol.id === l.orderLineId);
    if (!line) throw fieldError(`lines.${i}.orderLineId`, 'is not a line of the order');
    if (l.qty > line.qtyOrdered) {
      throw fieldError(`lines.${i}.qty`, `must not exceed the ${line.qtyOrdered} units ordered`);
    }
  });
}

/** Order, buyer and currency of the document, from the order, the corrected note or the input. */
async function subjectOf(trx: Executor, input: CreditNoteInput, original: CreditNote | null) {
  const orderId = input.orderId ?? original?.orderId ?? undefined;
  const order = orderId ? await getOrder(trx, orderId) : null;
  const customerId = order?.customerId ?? input.customerId ?? original?.customerId ?? null;
  if (!customerId) throw fieldError('customerId', 'is required without an order');
  const currency = order?.currency ?? original?.currency ?? input.currency;
  if (!currency) throw fieldError('currency', 'is required without an order');
  if (input.currency && input.currency !== currency) {
    throw currencyMismatch('currency', input.currency, currency);
  }
  const customer = await findCustomerById(trx, customerId);
  if (!customer) throw notFound('customer_not_found', 'Customer', customerId);
  return { order, customer, currency };
}

/**
 * Issues a credit note: lines with tax per line (amounts include tax; see `lineTax`), totals,
 * seller and buyer as they are now, and the next gapless number of its series and year. Never
 * changed afterwards: a correction is another credit note that references this one.
 */
export function issueCreditNote(
  db: Executor,
  input: CreditNoteInput,
  ref: MoneyRef,
  settings: MoneySettings,
): Promise<CreditNote> {
  return inTransaction(db, async (trx) => {
    const original = input.correctsId
      ? ((await findCreditNote(trx, input.correctsId)) ?? null)
      : null;
    if (input.correctsId && !original) throw creditNoteNotFound(input.correctsId);
    const { order, customer, currency } = await subjectOf(trx, input, original);
    if (input.incidentId) {
      const incident = await loadIncident(trx, input.incidentId, ref.now);
      if (order && incident.orderId && incident.orderId !== order.id) {
        throw fieldError('incidentId', `is an incident of another order (${incident.orderId})`);
      }
    }
    checkLines(input.lines, order, original !== null);
    const lines: CreditNoteLine[] = input.lines.map((l) => ({
      description: l.description,
      qty: l.qty,
      unitAmount: l.unitAmount,
      taxRateBp: l.taxRateBp,
      orderLineId: l.orderLineId ?? null,
      ...lineTax(l.unitAmount, l.qty, l.taxRateBp),
    }));
    const sum = (f: (l: CreditNoteLine) => number) => lines.reduce((s, l) => s + f(l), 0);
    const series = input.series ?? defaultSeries;
    const year = new Date(ref.now).getUTCFullYear();
    const seq = await nextNumber(trx, series, year);
    const note = await insertCreditNote(trx, {
      id: newId('cn'),
      number: formatNumber(series, year, seq),
      series,
      year,
      seq,
      order_id: order?.id ?? null,
      customer_id: customer.id,
      incident_id: input.incidentId ?? null,
      refund_id: input.refundId ?? null,
      store_credit_entry_id: input.storeCreditEntryId ?? null,
      corrects_id: original?.id ?? null,
      reason: input.reason,
      currency,
      lines: JSON.stringify(lines),
      net_amount: sum((l) => l.net),
      tax_amount: sum((l) => l.tax),
      total_amount: sum((l) => l.total),
      seller: JSON.stringify(settings.seller),
      buyer: JSON.stringify({
        customerId: customer.id,
        name: customer.name,
        address: formatAddress(customer.address),
        email: customer.email,
        taxId: null,
      }),
      issued_at: ref.now,
      issued_by: ref.actor,
    });
    const what = original ? `correcting ${original.number}` : `for ${input.reason}`;
    await noteOn(
      trx,
      note.incidentId,
      {
        message: `Credit note ${note.number} issued ${what}: ${formatMoney(note.totals.total, currency)}`,
        visibility: 'internal',
      },
      ref,
    );
    return note;
  });
}

export async function getCreditNote(db: Executor, id: string): Promise<CreditNote> {
  const note = await findCreditNote(db, id);
  if (!note) throw creditNoteNotFound(id);
  return note;
}

export async function listCreditNotes(
  db: Executor,
  f: CreditNoteFilter & { limit: number },
): Promise<{ data: CreditNote[]; nextCursor: string | null }> {
  const rows = await listCreditNoteRows(db, { ...f, limit: f.limit + 1 });
  const data = rows.slice(0, f.limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > f.limit && last ? last.id : null };
}
