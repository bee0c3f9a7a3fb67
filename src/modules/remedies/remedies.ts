import type { Money } from '../../shared/money.js';

/**
 * Remedies: a policy maps the facts of an incident to the options a customer may choose from
 * (one default), the customer (or the deadline) picks one, and the chosen option runs as a
 * sequence of persisted steps, each with its undo.
 */
export const planStates = [
  'proposed',
  'awaiting_approval',
  'chosen',
  'executing',
  'completed',
  'failed',
  'superseded',
] as const;
export type PlanState = (typeof planStates)[number];

export const choiceChannels = ['status_page', 'email', 'sms', 'chat', 'phone', 'agent'] as const;
export type ChoiceChannel = (typeof choiceChannels)[number];
/** How a choice was made: a channel of the customer or an agent, or without anyone. */
export type ChosenVia = ChoiceChannel | 'deadline' | 'policy' | 'expiry';

export const optionKinds = [
  'reship',
  'replace',
  'refund',
  'keep_discount',
  'store_credit',
  'ship_missing',
  'partial_refund',
  'partial_store_credit',
  'cancel_refund',
  'wait_restock',
  'ship_substitute',
  'store_substitute',
  'late_voucher',
  'shipping_refund',
  'b2b_credit_backorder',
] as const;
export type OptionKind = (typeof optionKinds)[number];

export const stepKinds = [
  'reship',
  'return_pickup',
  'reserve_in_store',
  'ship_missing',
  'backorder',
  'cancel_line',
  'refund',
  'store_credit',
  'voucher',
  'credit_note',
  'contract_outcome',
  'await_delivery',
] as const;
export type StepKind = (typeof stepKinds)[number];

export const stepStates = ['pending', 'done', 'undone', 'failed', 'skipped'] as const;
export type StepState = (typeof stepStates)[number];

/** What a done step still waits for before the incident can be resolved. */
export const awaitKinds = ['delivery', 'return', 'collection', 'restock', 'contract'] as const;
export type AwaitKind = (typeof awaitKinds)[number];

/** A unit movement a step makes: a line of the order, a product and a quantity. */
export interface UnitSpec {
  orderLineId: string;
  productId: string;
  sku: string;
  qty: number;
  /** Unit price paid on the order line. */
  unitPrice: number;
}

/** The input of one step, as planned; stored with the step so that a retry does the same. */
export type StepSpec =
  | {
      kind: 'reship';
      locationId: string;
      units: UnitSpec[];
      serviceLevel: 'same_day' | 'express' | 'standard';
      promisedAt: string;
      priority: number;
    }
  | {
      kind: 'return_pickup';
      locationId: string;
      units: UnitSpec[];
      pickupCost: number;
      currency: string;
      /** When the customer is home for the pickup; chosen with the option or proposed. */
      window?: { from: string; to: string };
    }
  | {
      kind: 'reserve_in_store';
      locationId: string;
      units: UnitSpec[];
      expiresInHours: number;
      discountBp: number;
    }
  | {
      kind: 'ship_missing';
      locationId: string;
      units: UnitSpec[];
      serviceLevel: 'same_day' | 'express' | 'standard';
      promisedAt: string;
      priority: number;
    }
  | { kind: 'backorder'; units: UnitSpec[]; restockAt: string | null; priority: number }
  | { kind: 'cancel_line'; units: UnitSpec[] }
  | {
      kind: 'refund';
      amount: number;
      currency: string;
      reason: string;
      units?: UnitSpec[];
      /** What kind of cost it is in the incident's ledger. */
      costKind: 'refund' | 'shipping_refund';
    }
  | { kind: 'store_credit'; amount: number; bonus: number; currency: string; reason: string }
  | { kind: 'voucher'; amount: number; currency: string; reason: string; expiresInDays: number }
  | {
      kind: 'credit_note';
      units: UnitSpec[];
      taxRateBp: number;
      reason: string;
    }
  | {
      kind: 'contract_outcome';
      shortfallAmount: number;
      currency: string;
      dueBy: string;
    }
  | { kind: 'await_delivery'; shipmentId: string };

export interface RemedyStep {
  id: string;
  seq: number;
  optionId: string;
  kind: StepKind;
  state: StepState;
  /** Plain words of what the step does and what it made (ids, codes, dates). */
  detail: Record<string, unknown>;
  awaiting: AwaitKind | null;
  completedAt: string | null;
  error: string | null;
  doneAt: string | null;
  undoneAt: string | null;
}

export interface RemedyOption {
  id: string;
  kind: OptionKind;
  title: string;
  /** What the customer gets, in plain words. */
  customerGets: string;
  /** When the customer has it (ISO), or null when it is immediate or open. */
  when: string | null;
  value: Money | null;
  /** Over a plain refund (store credit, exchange). */
  bonus: Money | null;
  isDefault: boolean;
  available: boolean;
  /** Why it is (not) offered. */
  reason: string;
  details: Record<string, unknown>;
  /** The steps it runs, in order. */
  actions: StepKind[];
}

export interface Compensation {
  amount: number;
  currency: string;
  /** How the amount came about, for the explanation. */
  basis: string;
  needsApproval: boolean;
  limit: number;
}

export interface RemedyPlan {
  id: string;
  incidentId: string;
  policyVersion: number;
  state: PlanState;
  ruleId: string;
  deadlineAt: string | null;
  defaultOptionId: string | null;
  chosenOptionId: string | null;
  chosenAt: string | null;
  chosenVia: ChosenVia | null;
  chosenBy: string | null;
  choiceReason: string | null;
  compensation: Compensation | null;
  approvedBy: string | null;
  approvedAt: string | null;
  failure: string | null;
  createdAt: string;
  completedAt: string | null;
  options: RemedyOption[];
  steps: RemedyStep[];
  /** Present when asked for: which rule fired and why each option is (not) offered. */
  explain?: PlanExplanation;
}

export interface PlanExplanation {
  rule: { id: string; description: string | null; matched: string[] };
  rulesSkipped: { id: string; why: string }[];
  options: { id: string; kind: OptionKind; offered: boolean; why: string }[];
  compensation: string | null;
  facts: Record<string, unknown>;
}

export interface ChooseInput {
  optionId: string;
  channel: ChoiceChannel;
  actor: string;
  reason?: string | undefined;
  pickupWindow?: { from: string; to: string } | undefined;
}
