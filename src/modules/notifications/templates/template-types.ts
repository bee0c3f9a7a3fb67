import type { RootCause } from '../../incidents/index.js';
import type { CustomerMessageEvent, IncidentType } from '../../incidents/index.js';

/**
 * A sentence of a template: `{fact}` placeholders filled from the message's facts. Given as a list,
 * the first alternative whose facts are all known is used; a sentence none of whose alternatives
 * can be filled is left out, so a message never shows an unfilled placeholder.
 */
export type Sentence = string | readonly string[];

export interface EventTemplate {
  /** Must be fillable from the facts every message has (see `alwaysKnownFacts`). */
  subject: Sentence;
  headline: Sentence;
  /** Tells the type-specific "what happened" before this event's own sentences. */
  recap?: boolean;
  happened?: readonly Sentence[];
  doing: readonly Sentence[];
  choice?: readonly Sentence[];
  /** SMS text before the link: short, always fillable. */
  short: Sentence;
}

export interface LocaleTemplates {
  greeting: Sentence;
  linkLabel: string;
  closing: string;
  signoff: string;
  /** Names of the steps a `step_delayed` message can be about. */
  steps: Record<'reship' | 'pickup' | 'refund' | 'restock' | 'reservation' | 'other', string>;
  /** Joins the last two items of a list: "a, b or c". */
  or: string;
  and: string;
  /** Before the cap of a percent voucher: "20% (up to €30.00)". */
  upTo: string;
  /** "What happened", per incident type; `other` is the generic fallback. */
  happened: Record<IncidentType, readonly Sentence[]>;
  /** "Why", in plain words, per root cause once one is known. */
  why: Partial<Record<RootCause, string>>;
  events: Record<CustomerMessageEvent, EventTemplate>;
  /** Labels of the survey's one-click answers, 1 to 5. */
  scores: readonly [string, string, string, string, string];
  phone: { opening: Sentence; linkNote: string; closing: string };
}

/** Facts every message has, whatever the event carried. */
export const alwaysKnownFacts = ['name', 'orderRef'] as const;

/** Every fact a template may name. */
export const factNames = [
  ...alwaysKnownFacts,
  'expectedItem',
  'actualItem',
  'items',
  'qty',
  'promisedDate',
  'eta',
  'daysLate',
  'deadline',
  'defaultOption',
  'options',
  'option',
  'optionWhen',
  'trackingNumber',
  'carrier',
  'pickupWindow',
  'storeName',
  'fromLocation',
  'pickupCode',
  'expiresAt',
  'amount',
  'expectedBy',
  'voucherCode',
  'voucherValue',
  'step',
  'newDate',
] as const;
export type FactName = (typeof factNames)[number];
export type Facts = Partial<Record<FactName, string>>;
