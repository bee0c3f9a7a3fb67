import type { RootCause } from '../incidents/index.js';

export const actionKinds = [
  'training',
  'supplier_audit',
  'automated_control',
  'stock_buffer',
  'bin_relabel',
  'other',
] as const;
export type ActionKind = (typeof actionKinds)[number];

export const targetKinds = ['packer', 'station', 'supplier', 'sku', 'location', 'carrier'] as const;
export type TargetKind = (typeof targetKinds)[number];

export const actionStatuses = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** The status table, in one place: done and cancelled are final. */
export const actionTransitions: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

export interface CorrectiveAction {
  id: string;
  kind: ActionKind;
  target: { kind: TargetKind; id: string };
  title: string;
  description: string | null;
  rootCause: RootCause | null;
  owner: string;
  dueAt: string;
  status: ActionStatus;
  startedAt: string | null;
  doneAt: string | null;
  cancelledAt: string | null;
  overdue: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Thresholds that make a rate worth a corrective action, each over the last 30 days and only
 * with at least the scorecards' minimum volume behind it.
 */
export const suggestionThresholds = {
  windowDays: 30,
  /** Incidents (customer-facing and caught) per order packed by one packer. */
  packerIncidentRate: 0.02,
  /** The same at a station: a control at the station rather than training one person. */
  stationIncidentRate: 0.02,
  /** Error lines per line shipped of one supplier's products. */
  supplierLineErrorRate: 0.01,
  /** Incidents per order shipped from one location. */
  locationIncidentRate: 0.03,
  /** Incidents per order handed to one carrier. */
  carrierIncidentRate: 0.03,
  /** Times two SKUs were confused. */
  lookAlikeConfusions: 3,
} as const;
