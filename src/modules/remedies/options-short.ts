import { DAY, HOUR } from '../../shared/clock.js';
import { shareOf } from '../../shared/money.js';
import type { AffectedLine, RemedyFacts, StockAt } from './facts.js';
import type { StepSpec, UnitSpec } from './remedies.js';
import {
  day,
  describe,
  formatMoney,
  join,
  refundStep,
  reshipTiming,
  shipFrom,
  unavailable,
  unitsOf,
  voucherOf,
  type OptionContext,
  type OptionDraft,
} from './option-parts.js';

/** Options for units the customer is short of: from elsewhere, later, instead, or cancelled. */
export function shipMissing(c: OptionContext): OptionDraft {
  const f = c.facts;
  const title = 'Send the missing units from another location';
  if (f.affected.length === 0) return unavailable(title, 'nothing is missing');
  // Units no shipment holds are allocated elsewhere; units that left but never reached the
  // customer (reported missing from a delivered parcel) go again as a reship.
  const held = f.affected.filter((a) => a.unallocated < a.qty);
  const stuck = held.filter((a) => a.shipped < a.qty);
  if (stuck.length > 0) {
    return unavailable(title, `${describe(stuck)} still sit on a shipment that has not left`);
  }
  const from = shipFrom(f, f.affected);
  if (!from)
    return unavailable(title, `no location that ships has ${describe(f.affected)} in stock`);
  const t = reshipTiming(c);
  const voucher = voucherOf(c);
  return {
    title,
    customerGets: join([
      `${describe(f.affected)} sent from ${from.code} with ${t.words} by ${t.promisedAt.slice(0, 16)}Z`,
      voucher.words,
    ]),
    when: t.promisedAt,
    value: { amount: f.affectedValue, currency: f.currency },
    bonus: voucher.amount ? { amount: voucher.amount, currency: f.currency } : null,
    available: true,
    reason: `${from.code} (${from.zone}) has ${describe(f.affected)}`,
    details: { fromLocation: from.code, serviceLevel: t.serviceLevel },
    steps: [
      ...(['ship_missing', 'reship'] as const).flatMap((kind) => {
        const lines = f.affected.filter((a) => (kind === 'reship') === held.includes(a));
        if (lines.length === 0) return [];
        return [
          {
            kind,
            locationId: from.locationId,
            units: unitsOf(lines),
            serviceLevel: t.serviceLevel,
            promisedAt: t.promisedAt,
            priority: c.settings.priority,
          },
        ];
      }),
      ...voucher.steps,
    ],
    compensation: voucher.amount,
  };
}

/** The restock date that covers every affected line, or why there is none. */
function restockOf(f: RemedyFacts): { at: string } | { why: string } {
  let at = '';
  for (const a of f.affected) {
    if (!a.nextInbound || a.nextInbound.qty < a.qty) {
      return { why: `no purchase order brings ${a.qty} × ${a.sku}` };
    }
    if (a.nextInbound.expectedAt > at) at = a.nextInbound.expectedAt;
  }
  return { at };
}

export function backorder(
  c: OptionContext,
  kind: 'partial_refund' | 'partial_store_credit' | 'wait_restock',
): OptionDraft {
  const f = c.facts;
  const titles = {
    partial_refund: 'Partial delivery now, the rest when restocked, money back meanwhile',
    partial_store_credit: 'Partial delivery now, the rest when restocked, store credit meanwhile',
    wait_restock: 'Wait for the restock with a discount',
  };
  const title = titles[kind];
  if (f.affected.length === 0) return unavailable(title, 'nothing is missing');
  const restock = restockOf(f);
  if ('why' in restock) return unavailable(title, restock.why);
  const follow = `${describe(f.affected)} follows first when restocked (expected ${day(restock.at)})`;
  const steps: StepSpec[] = [
    {
      kind: 'backorder',
      units: unitsOf(f.affected),
      restockAt: restock.at,
      priority: c.settings.priority,
    },
  ];
  const voucher = kind === 'wait_restock' ? { steps: [], words: '', amount: 0 } : voucherOf(c);
  let gets: string;
  let value: number;
  let bonus = 0;
  let compensation = voucher.amount;
  if (kind === 'wait_restock') {
    value = shareOf(f.affectedValue, c.settings.restockDiscountBp);
    compensation = value;
    gets = `${formatMoney(value, f.currency)} back (${c.settings.restockDiscountBp / 100}% off)`;
    steps.push(
      refundStep(c, value, `discount for waiting for the restock (incident ${f.incidentId})`),
    );
  } else if (kind === 'partial_refund') {
    value = f.affectedValue;
    gets = `${formatMoney(value, f.currency)} back now`;
    steps.push(
      refundStep(
        c,
        value,
        `credit for missing units (incident ${f.incidentId})`,
        unitsOf(f.affected),
      ),
    );
  } else {
    bonus = shareOf(f.affectedValue, c.settings.creditBonusBp);
    value = f.affectedValue + bonus;
    compensation += bonus;
    gets = `store credit of ${formatMoney(value, f.currency)} now`;
    steps.push({
      kind: 'store_credit',
      amount: f.affectedValue,
      bonus,
      currency: f.currency,
      reason: `incident ${f.incidentId}`,
    });
  }
  return {
    title,
    customerGets: join([follow, gets, voucher.words]),
    when: restock.at,
    value: { amount: value, currency: f.currency },
    bonus:
      bonus || voucher.amount ? { amount: bonus + voucher.amount, currency: f.currency } : null,
    available: true,
    reason: `the next purchase order is expected ${day(restock.at)}`,
    details: { restockAt: restock.at, priority: c.settings.priority },
    steps: [...steps, ...voucher.steps],
    compensation,
  };
}

export function cancelRefund(c: OptionContext): OptionDraft {
  const f = c.facts;
  const title = 'Cancel the missing units with an immediate refund';
  if (f.affected.length === 0) return unavailable(title, 'nothing to cancel');
  if (f.order?.status !== 'open') return unavailable(title, 'the order is closed');
  const sent = f.affected.filter((a) => a.unallocated < a.qty);
  if (sent.length > 0) return unavailable(title, `${describe(sent)} are already on a shipment`);
  return {
    title,
    customerGets: `${describe(f.affected)} cancelled; ${formatMoney(f.affectedValue, f.currency)} back now`,
    when: null,
    value: { amount: f.affectedValue, currency: f.currency },
    bonus: null,
    available: true,
    reason: 'the units are not on any shipment',
    details: {},
    // The cancellation has no undo: it goes last, after what can fail.
    steps: [
      refundStep(
        c,
        f.affectedValue,
        `cancelled units (incident ${f.incidentId})`,
        unitsOf(f.affected),
      ),
      { kind: 'cancel_line', units: unitsOf(f.affected) },
    ],
    compensation: 0,
  };
}

export function substituteOption(
  c: OptionContext,
  kind: 'ship_substitute' | 'store_substitute',
): OptionDraft {
  const f = c.facts;
  const store = kind === 'store_substitute';
  const title = store
    ? 'A substitute reserved at a store near you, at a discount'
    : 'A substitute sent at the price you paid';
  if (f.affected.length !== 1) return unavailable(title, 'offered for one affected line at a time');
  const a = f.affected[0] as AffectedLine;
  if (a.unallocated < a.qty || f.order?.status !== 'open') {
    return unavailable(title, `${a.qty} × ${a.sku} is already on a shipment`);
  }
  const pick = store ? storeWithSubstitute(f, a) : shippedSubstitute(f, a);
  if ('why' in pick) return unavailable(title, pick.why);
  const { sub, at } = pick;
  const units: UnitSpec[] = [
    {
      orderLineId: a.orderLineId,
      productId: sub.productId,
      sku: sub.sku,
      qty: a.qty,
      unitPrice: a.unitPrice,
    },
  ];
  const cancel: StepSpec = { kind: 'cancel_line', units: unitsOf([a]) };
  if (store) {
    const bp = c.settings.storeSubstituteDiscountBp;
    const discount = shareOf(a.value, bp);
    const expires = new Date(Date.parse(c.now) + c.settings.reservationHours * HOUR).toISOString();
    return {
      title,
      customerGets: `${a.qty} × ${sub.sku} held for you at ${at.code} for ${c.settings.reservationHours} h with a pickup code; ${formatMoney(discount, f.currency)} back (${bp / 100}% off)`,
      when: c.now,
      value: { amount: discount, currency: f.currency },
      bonus: null,
      available: true,
      reason: `${at.code} (${at.zone}, pickup) has ${sub.sku}`,
      details: { store: at.code, sku: sub.sku, expiresAt: expires, discountBp: bp },
      steps: [
        {
          kind: 'reserve_in_store',
          locationId: at.locationId,
          units,
          expiresInHours: c.settings.reservationHours,
          discountBp: bp,
        },
        refundStep(
          c,
          discount,
          `${bp / 100}% off ${sub.sku} collected in store (incident ${f.incidentId})`,
        ),
        cancel,
      ],
      compensation: discount,
    };
  }
  const t = reshipTiming(c);
  const cheaper = Math.max(0, (a.unitPrice - sub.price) * a.qty);
  return {
    title,
    customerGets: join([
      `${a.qty} × ${sub.sku} instead of ${a.sku}, sent from ${at.code} by ${t.promisedAt.slice(0, 16)}Z at the price you paid`,
      cheaper ? `${formatMoney(cheaper, f.currency)} back (it costs less)` : '',
    ]),
    when: t.promisedAt,
    value: { amount: sub.price * a.qty, currency: f.currency },
    bonus:
      sub.price > a.unitPrice
        ? { amount: (sub.price - a.unitPrice) * a.qty, currency: f.currency }
        : null,
    available: true,
    reason: `${at.code} can ship ${sub.sku}`,
    details: { sku: sub.sku, fromLocation: at.code },
    steps: [
      {
        kind: 'reship',
        locationId: at.locationId,
        units,
        serviceLevel: t.serviceLevel,
        promisedAt: t.promisedAt,
        priority: c.settings.priority,
      },
      ...(cheaper
        ? [refundStep(c, cheaper, `difference for ${sub.sku} (incident ${f.incidentId})`)]
        : []),
      cancel,
    ],
    compensation: Math.max(0, (sub.price - a.unitPrice) * a.qty),
  };
}

type SubPick = { sub: AffectedLine['substitutes'][number]; at: StockAt } | { why: string };

function shippedSubstitute(f: RemedyFacts, a: AffectedLine): SubPick {
  if (a.substitutes.length === 0) return { why: `${a.sku} has no substitute` };
  for (const sub of a.substitutes) {
    const at = shipFrom(f, [{ stock: sub.stock, qty: a.qty }]);
    if (at) return { sub, at };
  }
  return { why: `no location that ships has a substitute of ${a.sku} in stock` };
}

function storeWithSubstitute(f: RemedyFacts, a: AffectedLine): SubPick {
  if (a.substitutes.length === 0) return { why: `${a.sku} has no substitute` };
  for (const sub of a.substitutes) {
    const stores = sub.stock.filter(
      (s) => s.kind === 'store' && s.canPickup && s.zone === f.zone && s.available >= a.qty,
    );
    const at = stores.find((s) => s.locationId === f.order?.pickupLocationId) ?? stores[0];
    if (at) return { sub, at };
  }
  return { why: `no store within the ${f.zone} zone has a substitute of ${a.sku} in stock` };
}

export function b2bOption(c: OptionContext): OptionDraft {
  const f = c.facts;
  const title = 'Credit note now, the rest first on the next shipment';
  if (f.affected.length === 0) return unavailable(title, 'nothing is missing');
  const short = f.affected.filter((a) => a.unallocated < a.qty);
  if (short.length > 0) return unavailable(title, `${describe(short)} still sit on a shipment`);
  const restock = restockOf(f);
  const restockAt = 'at' in restock ? restock.at : null;
  const contract = f.customer?.contract ?? null;
  const dueBy = contract
    ? new Date(Date.parse(f.detectedAt) + contract.catchUpDays * DAY).toISOString()
    : null;
  const taxRateBp = f.affected[0]?.taxRateBp ?? 0;
  return {
    title,
    customerGets: join([
      `a credit note for ${describe(f.affected)} (${formatMoney(f.affectedValue, f.currency)})`,
      `${describe(f.affected)} first on the next shipment${restockAt ? ` (restock expected ${day(restockAt)})` : ''}`,
    ]),
    when: restockAt,
    value: { amount: f.affectedValue, currency: f.currency },
    bonus: null,
    available: true,
    reason: contract
      ? `B2B contract: the shortfall may ship until ${day(dueBy ?? '')} without a penalty`
      : 'B2B customer',
    details: { dueBy, restockAt, contract },
    steps: [
      {
        kind: 'credit_note',
        units: unitsOf(f.affected),
        taxRateBp,
        reason: `short shipment (incident ${f.incidentId})`,
      },
      { kind: 'backorder', units: unitsOf(f.affected), restockAt, priority: c.settings.priority },
      ...(dueBy
        ? [
            {
              kind: 'contract_outcome' as const,
              shortfallAmount: f.affectedValue,
              currency: f.currency,
              dueBy,
            },
          ]
        : []),
    ],
    compensation: 0,
  };
}
