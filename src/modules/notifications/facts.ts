import type { Locale } from '../catalog/index.js';
import type { IncidentLine } from '../incidents/index.js';
import { optionTitle } from '../status-page/index.js';
import { joinList, templates } from './compose.js';
import type { Facts, LocaleTemplates } from './templates/template-types.js';

/**
 * Turns what is known about an incident, and the facts an event came with, into the named,
 * formatted facts templates use. Event data is read leniently by the names listed in
 * `eventDataKeys`: a module that sends more gets a richer message, never a broken one.
 */
export const eventDataKeys = [
  'amount (minor units, with currency) or { amount, currency }',
  'expectedBy | expectedOnStatementBy (ISO)',
  'deadlineAt (ISO)',
  'defaultOption (title)',
  'options (titles or { id, title, isDefault }), defaultOptionId',
  'option | optionTitle | customerGets',
  'when (ISO)',
  'trackingNumber, carrier, eta | promisedAt (ISO)',
  'pickupWindow | window { from, to } | pickupFrom, pickupTo | from, to',
  'storeName | store, pickupCode, expiresAt (ISO)',
  'fromLocation (the name of where units leave from)',
  'skus (the items the message is about, of the incident’s lines; all of them by default)',
  'code | voucherCode, percentBp, maxAmount (minor units, with currency)',
  'step (reship|pickup|refund|restock|reservation), newDate (ISO)',
] as const;

const localeTags: Record<Locale, string> = { en: 'en-GB', es: 'es-ES', pt: 'pt-BR' };

export interface FactSources {
  locale: Locale;
  timezone: string;
  customerName: string;
  orderRef: string;
  currency: string;
  incidentFacts: Record<string, unknown> | null;
  lines: IncidentLine[];
  /** Product names by SKU, for the incident's lines. */
  productNames: ReadonlyMap<string, string>;
  data: Record<string, unknown> | undefined;
  /** From the current remedy plan, when the event data does not say. */
  plan?: { deadlineAt: string | null; defaultTitle: string | null; titles: string[] } | undefined;
}

export function formatMoney(locale: Locale, amount: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(localeTags[locale], { style: 'currency', currency }).format(
    amount / 10 ** digits,
  );
}

export function formatDate(locale: Locale, iso: string, timeZone: string, withTime: boolean) {
  return new Intl.DateTimeFormat(localeTags[locale], {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone,
  }).format(new Date(iso));
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== ''
    ? v.trim()
    : typeof v === 'number'
      ? String(v)
      : undefined;

const isIso = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/** An option's title: the customer's words for its kind when known, else as the planner wrote it. */
function titleOf(locale: Locale, v: unknown): string | undefined {
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const kind = str(o.kind);
    return (kind && optionTitle(locale, kind)) ?? str(o.title) ?? str(o.customerGets);
  }
  return str(v);
}

export function buildFacts(src: FactSources): Facts {
  const { locale } = src;
  const t = templates[locale];
  const d = src.data ?? {};
  const inc = src.incidentFacts ?? {};
  const date = (v: unknown, withTime = false) =>
    isIso(v) ? formatDate(locale, v, src.timezone, withTime) : undefined;
  const facts: Facts = {
    name: src.customerName.split(/\s+/)[0] ?? '',
    orderRef: src.orderRef,
    ...itemFacts(src, t),
    promisedDate: date(inc.promisedAt),
    eta: date(d.eta) ?? date(d.promisedAt) ?? date(inc.newEta),
    daysLate: str(inc.daysLate),
    deadline: date(d.deadlineAt, true) ?? date(src.plan?.deadlineAt, true),
    defaultOption: defaultTitle(locale, d) ?? src.plan?.defaultTitle ?? undefined,
    options: optionList(locale, d.options, src.plan?.titles),
    option:
      titleOf(locale, d.option) ??
      (d.optionId === undefined ? undefined : titleOf(locale, d)) ??
      str(d.optionTitle),
    optionWhen: date(d.when),
    trackingNumber: str(d.trackingNumber),
    carrier: str(d.carrier),
    pickupWindow: pickupWindow(src, d),
    storeName: str(d.storeName) ?? str(d.store),
    fromLocation: str(d.fromLocation),
    pickupCode: str(d.pickupCode),
    expiresAt: date(d.expiresAt, true),
    amount: money(src, d),
    expectedBy: date(d.expectedBy) ?? date(d.expectedOnStatementBy),
    voucherCode: str(d.code) ?? str(d.voucherCode),
    voucherValue: voucherValue(src, t, d),
    step: stepName(t, d.step),
    newDate: date(d.newDate) ?? date(d.when),
  };
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as Facts;
}

function itemFacts(src: FactSources, t: LocaleTemplates): Facts {
  const name = (sku: string | null) => (sku ? (src.productNames.get(sku) ?? sku) : undefined);
  const first = src.lines[0];
  const skus = src.data?.skus;
  const named = Array.isArray(skus)
    ? skus.filter((s): s is string => typeof s === 'string')
    : src.lines.map((l) => l.expectedSku ?? l.actualSku);
  const names = [...new Set(named.map(name))].filter((n): n is string => n !== undefined);
  const last = names.pop();
  const items =
    last === undefined ? undefined : names.length ? `${names.join(', ')} ${t.and} ${last}` : last;
  return {
    expectedItem: first ? name(first.expectedSku) : undefined,
    actualItem: first ? name(first.actualSku) : undefined,
    items,
    qty: first ? String(Math.abs(first.expectedQty - first.actualQty)) : undefined,
  };
}

/** The default option: named, or the one of `options` marked default (or by defaultOptionId). */
function defaultTitle(locale: Locale, d: Record<string, unknown>): string | undefined {
  const named = titleOf(locale, d.defaultOption);
  if (named || !Array.isArray(d.options)) return named;
  const options = d.options as Record<string, unknown>[];
  const chosen = options.find(
    (o) => o.isDefault === true || (d.defaultOptionId !== undefined && o.id === d.defaultOptionId),
  );
  return chosen ? titleOf(locale, chosen) : undefined;
}

function optionList(locale: Locale, given: unknown, plan: string[] | undefined) {
  const titles = Array.isArray(given)
    ? given.map((o) => titleOf(locale, o)).filter((x): x is string => x !== undefined)
    : (plan ?? []);
  return titles.length > 0 ? joinList(locale, titles, 'or') : undefined;
}

function money(src: FactSources, d: Record<string, unknown>): string | undefined {
  const a = d.amount;
  if (typeof a === 'number' && Number.isInteger(a)) {
    return formatMoney(src.locale, a, str(d.currency) ?? src.currency);
  }
  if (typeof a === 'object' && a !== null) {
    const m = a as { amount?: unknown; currency?: unknown };
    if (typeof m.amount === 'number' && Number.isInteger(m.amount)) {
      return formatMoney(src.locale, m.amount, str(m.currency) ?? src.currency);
    }
  }
  return undefined;
}

function voucherValue(
  src: FactSources,
  t: LocaleTemplates,
  d: Record<string, unknown>,
): string | undefined {
  if (typeof d.percentBp === 'number') {
    const percent = new Intl.NumberFormat(localeTags[src.locale], {
      style: 'percent',
      maximumFractionDigits: 2,
    }).format(d.percentBp / 10_000);
    const cap = money(src, { amount: d.maxAmount, currency: d.currency });
    return cap === undefined ? percent : `${percent} (${t.upTo} ${cap})`;
  }
  return money(src, d);
}

function pickupWindow(src: FactSources, d: Record<string, unknown>): string | undefined {
  const given = d.pickupWindow ?? d.window;
  const w = (typeof given === 'object' && given) || {};
  const from = (w as { from?: unknown }).from ?? d.pickupFrom ?? d.from;
  const to = (w as { to?: unknown }).to ?? d.pickupTo ?? d.to;
  if (!isIso(from) || !isIso(to)) return undefined;
  const fmt = new Intl.DateTimeFormat(localeTags[src.locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: src.timezone,
  });
  return fmt.formatRange(new Date(from), new Date(to));
}

function stepName(t: LocaleTemplates, step: unknown): string | undefined {
  if (typeof step !== 'string') return undefined;
  const known = step as keyof LocaleTemplates['steps'];
  return t.steps[known] ?? undefined;
}
