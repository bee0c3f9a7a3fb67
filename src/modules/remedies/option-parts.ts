import { HOUR } from '../../shared/clock.js';
import type { Money } from '../../shared/money.js';
import type { AffectedLine, RemedyFacts, StockAt } from './facts.js';
import type { PolicyRule, PolicySettings } from './policy.js';
import type { Compensation, StepSpec, UnitSpec } from './remedies.js';

/**
 * What every option builder shares: the draft it returns, the context it reads, and the parts
 * options are made of (where to ship from, the pickup or keep decision, the voucher, a refund).
 */
export interface OptionDraft {
  title: string;
  customerGets: string;
  when: string | null;
  value: Money | null;
  bonus: Money | null;
  available: boolean;
  reason: string;
  details: Record<string, unknown>;
  steps: StepSpec[];
  /** What it gives beyond making good (vouchers, discounts, bonuses): the approval figure. */
  compensation: number;
}

export interface OptionContext {
  settings: PolicySettings;
  rule: PolicyRule;
  facts: RemedyFacts;
  now: string;
  compensation: Compensation | null;
}

export function formatMoney(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency}`;
}

export const day = (iso: string) => iso.slice(0, 10);

export function unavailable(title: string, reason: string): OptionDraft {
  return {
    title,
    customerGets: '',
    when: null,
    value: null,
    bonus: null,
    available: false,
    reason,
    details: {},
    steps: [],
    compensation: 0,
  };
}

export function unitsOf(lines: AffectedLine[]): UnitSpec[] {
  return lines.map((a) => ({
    orderLineId: a.orderLineId,
    productId: a.productId,
    sku: a.sku,
    qty: a.qty,
    unitPrice: a.unitPrice,
  }));
}

export const describe = (lines: { qty: number; sku: string }[]) =>
  lines.map((l) => `${l.qty} × ${l.sku}`).join(', ');

/** One location that can ship every need, the order's zone first. */
export function shipFrom(
  f: RemedyFacts,
  needs: { stock: StockAt[]; qty: number }[],
): StockAt | undefined {
  const first = needs[0];
  if (!first) return undefined;
  const candidates = first.stock
    .filter((s) => s.canShip)
    .filter((s) =>
      needs.every((n) =>
        n.stock.some((x) => x.locationId === s.locationId && x.available >= n.qty),
      ),
    );
  return candidates.sort(
    (a, b) => Number(b.zone === f.zone) - Number(a.zone === f.zone) || a.code.localeCompare(b.code),
  )[0];
}

export function reshipTiming(c: OptionContext) {
  return zoneTiming(c.settings, c.facts.zone, c.now);
}

/** The service level and promise of units sent again now to the zone, by the policy. */
export function zoneTiming(settings: PolicySettings, zone: 'city' | 'national', now: string) {
  const z = settings.reship[zone];
  const promisedAt = new Date(Date.parse(now) + z.withinHours * HOUR).toISOString();
  const words = z.serviceLevel === 'same_day' ? 'same-day delivery' : `${z.serviceLevel} delivery`;
  return { serviceLevel: z.serviceLevel, promisedAt, words };
}

/** The pickup of what the customer holds and should not keep, or words saying they keep it. */
export function pickupOf(c: OptionContext): { steps: StepSpec[]; words: string; keep: boolean } {
  const f = c.facts;
  const wrong = f.affected.filter((a) => a.wrongItem);
  const damaged = f.type === 'damaged' ? f.affected : [];
  const units: UnitSpec[] = [
    ...wrong.map((a) => {
      const w = a.wrongItem as NonNullable<AffectedLine['wrongItem']>;
      return {
        orderLineId: a.orderLineId,
        productId: w.productId,
        sku: w.sku,
        qty: w.qty,
        unitPrice: w.price,
      };
    }),
    ...unitsOf(damaged),
  ];
  if (units.length === 0 || c.rule.pickup === 'never') {
    return {
      steps: [],
      words: units.length ? `keep the ${describe(units)}` : '',
      keep: units.length > 0,
    };
  }
  const value = units.reduce((s, u) => s + u.unitPrice * u.qty, 0);
  const cost = c.settings.pickupCost;
  const keep =
    c.rule.pickup === 'when_worth' &&
    cost * 10_000 >= c.settings.keepItemWhenPickupCostShareBp * value;
  if (keep)
    return {
      steps: [],
      words: `keep the ${describe(units)} (collecting it costs more than it is worth)`,
      keep,
    };
  const to = returnTo(f);
  if (!to) return { steps: [], words: `keep the ${describe(units)}`, keep: true };
  return {
    steps: [
      { kind: 'return_pickup', locationId: to, units, pickupCost: cost, currency: f.currency },
    ],
    words: `free pickup of the ${describe(units)}`,
    keep: false,
  };
}

export function returnTo(f: RemedyFacts): string | undefined {
  const from = f.locations.find((l) => l.id === f.shipment?.locationId && l.canReturn);
  const inZone = f.locations.find(
    (l) => l.canReturn && l.kind === 'warehouse' && l.zone === f.zone,
  );
  return (from ?? inZone ?? f.locations.find((l) => l.canReturn))?.id;
}

export function voucherOf(c: OptionContext): { steps: StepSpec[]; words: string; amount: number } {
  if (!c.compensation) return { steps: [], words: '', amount: 0 };
  const { amount, currency } = c.compensation;
  return {
    steps: [
      {
        kind: 'voucher',
        amount,
        currency,
        reason: `compensation for incident ${c.facts.incidentId}`,
        expiresInDays: c.settings.voucherValidDays,
      },
    ],
    words: `a voucher of ${formatMoney(amount, currency)}`,
    amount,
  };
}

export const join = (parts: string[]) => parts.filter(Boolean).join('; ');

export function refundStep(
  c: OptionContext,
  amount: number,
  reason: string,
  units?: UnitSpec[],
): StepSpec {
  return {
    kind: 'refund',
    amount,
    currency: c.facts.currency,
    reason,
    ...(units ? { units } : {}),
    costKind: 'refund',
  };
}
