import type { Order } from '../orders/index.js';
import type { CreditNoteLineInput } from './use-cases/credit-notes.js';
import type { Refund } from './money.js';

/**
 * The credit-note lines of a refund. A refund of whole lines at their price is itemised. Any other
 * amount is split over the tax rates of the lines it concerns (the refund's lines, else the whole
 * order) in proportion to their value, by largest remainder, so the parts add up to the refund
 * exactly and each part carries the right tax.
 */
export function refundCreditLines(order: Order, refund: Refund): CreditNoteLineInput[] {
  const picked = refund.lines.flatMap((rl) => {
    const line = order.lines.find((l) => l.id === rl.orderLineId);
    return line ? [{ line, qty: rl.qty }] : [];
  });
  const value = picked.reduce((s, p) => s + p.line.unitPrice * p.qty, 0);
  if (picked.length > 0 && value === refund.amount) {
    return picked.map(({ line, qty }) => ({
      description: `${line.sku} ${line.name}`,
      qty,
      unitAmount: line.unitPrice,
      taxRateBp: line.taxRateBp,
      orderLineId: line.id,
    }));
  }
  const basis =
    picked.length > 0 ? picked : order.lines.map((line) => ({ line, qty: line.qtyOrdered }));
  const byRate = new Map<number, number>();
  for (const { line, qty } of basis) {
    byRate.set(line.taxRateBp, (byRate.get(line.taxRateBp) ?? 0) + line.unitPrice * qty);
  }
  const parts = splitByWeight(
    refund.amount,
    [...byRate.entries()].map(([rate, weight]) => ({ rate, weight })),
  );
  const label = `Refund: ${refund.reason}`;
  return parts
    .filter((p) => p.amount !== 0)
    .map((p) => ({
      description: parts.length > 1 ? `${label} (${p.rate / 100}% tax part)` : label,
      qty: 1,
      unitAmount: p.amount,
      taxRateBp: p.rate,
    }));
}

/** Splits `amount` in proportion to the weights; the parts sum to `amount` exactly. */
export function splitByWeight(
  amount: number,
  items: { rate: number; weight: number }[],
): { rate: number; amount: number }[] {
  const total = items.reduce((s, i) => s + i.weight, 0);
  if (items.length === 0 || total <= 0) return [{ rate: items[0]?.rate ?? 0, amount }];
  const exact = items.map((i) => ({ rate: i.rate, q: (amount * i.weight) / total }));
  const parts = exact.map((e) => ({
    rate: e.rate,
    amount: Math.floor(e.q),
    frac: e.q - Math.floor(e.q),
  }));
  let left = amount - parts.reduce((s, p) => s + p.amount, 0);
  const order = [...parts].sort((a, b) => b.frac - a.frac);
  for (const p of order) {
    if (left <= 0) break;
    p.amount += 1;
    left -= 1;
  }
  return parts.map(({ rate, amount: a }) => ({ rate, amount: a }));
}
