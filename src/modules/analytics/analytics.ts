import type { IncidentType, RootCause } from '../incidents/index.js';

/** What a KPI can be broken down by. `all` is the total row of every day. */
export const dims = [
  'type',
  'root_cause',
  'location',
  'supplier',
  'packer',
  'station',
  'carrier',
  'channel',
  'tier',
] as const;
export type Dim = (typeof dims)[number];
export const ALL = 'all';
/** The key of a fact that has no value for a dimension (an incident without a location). */
export const NONE = 'none';

export type DimKeys = Partial<Record<Dim, string>>;

export const dailyCounters = [
  'orders_closed',
  'orders_delivered',
  'orders_full',
  'orders_perfect',
  'orders_error_return',
  'lines_shipped',
  'lines_error',
  'control_orders',
  'control_repeat',
  'incidents',
  'incidents_caught',
  'incidents_escalated',
  'repeat_base',
  'repeat_hits',
  'surveys_sent',
  'surveys_answered',
  'score_count',
  'score_sum',
  'score_top',
] as const;
export type DailyCounter = (typeof dailyCounters)[number];

export const durationSeries = ['resolution_ms', 'notify_ms', 'refund_ms'] as const;
export type DurationSeries = (typeof durationSeries)[number];

/** One day × dimension × key of the aggregates: counters and sorted durations. */
export interface DailyRow {
  day: string;
  dim: string;
  key: string;
  counts: Record<DailyCounter, number>;
  durations: Record<DurationSeries, number[]>;
}

export interface CostRow {
  day: string;
  dim: string;
  key: string;
  party: string;
  kind: string;
  currency: string;
  amount: number;
  entries: number;
}

/** An order, counted on the day it closed (delivered or cancelled). */
export interface OrderFact {
  day: string;
  dims: DimKeys;
  delivered: boolean;
  full: boolean;
  perfect: boolean;
  errorReturn: boolean;
  /** A delivered order without incident: the control group of repeat purchase. */
  control: { repeat: boolean } | null;
  lines: { shipped: boolean; error: boolean; supplier: string }[];
}

/** How an incident counts: customer-facing, caught at the pack station, or a false alarm. */
export type IncidentClass = 'customer' | 'caught' | 'dismissed';

/** An incident, counted on the day it was detected; its resolution on the day it resolved. */
export interface IncidentFact {
  id: string;
  detectedDay: string;
  dims: DimKeys;
  class: IncidentClass;
  escalated: boolean;
  notifyMs: number | null;
  resolution: { day: string; ms: number; repeat: boolean | null } | null;
}

export interface RefundFact {
  day: string;
  dims: DimKeys;
  /** issued − the incident's verification; null when the incident was never verified */
  ms: number | null;
}

export interface SurveyFact {
  sentDay: string | null;
  answeredDay: string | null;
  score: number | null;
  dims: DimKeys;
}

export interface CostFact {
  day: string;
  dims: DimKeys;
  party: string;
  kind: string;
  currency: string;
  amount: number;
}

export interface Facts {
  orders: OrderFact[];
  incidents: IncidentFact[];
  refunds: RefundFact[];
  surveys: SurveyFact[];
  costs: CostFact[];
}

export const errorLineTypes: readonly IncidentType[] = [
  'wrong_item',
  'missing_item',
  'wrong_quantity',
  'damaged',
];
/** Incidents where the customer received something to send back because of us. */
export const errorReturnTypes: readonly IncidentType[] = [
  'wrong_item',
  'wrong_quantity',
  'extra_item',
  'damaged',
];
/** Incidents that mean the order did not arrive whole, whatever the line counters say. */
export const notInFullTypes: readonly IncidentType[] = ['missing_item', 'lost'];

export const REPEAT_WINDOW_DAYS = 30;

export type { IncidentType, RootCause };
