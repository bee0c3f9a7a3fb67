import type { Transaction } from 'kysely';
import type { AppContext } from '../../../../context.js';
import type { Database } from '../../../../db/database.js';
import type { CustomerMessageEvent, PublicText, Units } from '../../../incidents/index.js';
import type { AwaitKind, StepSpec } from '../../remedies.js';

/**
 * The contract of a step (one file per kind beside this one): `run` applies its effect in the
 * transaction that also marks the step done, so the effect and its record commit together and a
 * retried runner never repeats it; `undo` reverses it (in reverse order, when a later step
 * fails); `check` tells whether what the step waits for (a delivery, a pickup, a restock) has
 * happened.
 */
export interface StepEnv {
  ctx: AppContext;
  trx: Transaction<Database>;
  stepId: string;
  planId: string;
  incident: {
    id: string;
    orderId: string;
    customerId: string;
    rootCause: string | null;
    locationId: string | null;
    detectedAt: string;
    currency: string;
  };
  /** The other steps of the plan, for a step that depends on what an earlier one made. */
  siblings: { kind: string; state: string; refs: Record<string, unknown> }[];
  ref: { now: string; actor: string };
}

export interface StepResult {
  /** Ids and codes of what the step made, kept on the step for its undo and for people. */
  refs: Record<string, unknown>;
  awaiting: AwaitKind | null;
  /** For the timeline (internal). */
  message: string;
  /** For the timeline, public: what the customer sees, in English and as a text in their language. */
  publicNote?: PublicNote;
  notify?: { event: CustomerMessageEvent; data?: Record<string, unknown> };
}

export interface CheckResult {
  done: boolean;
  refs?: Record<string, unknown>;
  message?: string;
  /** Waiting turned into a new wait (a backorder allocated now waits for its delivery). */
  awaiting?: AwaitKind;
  /** For the timeline, public, and the customer's message: as a step's run tells them. */
  publicNote?: PublicNote;
  notify?: StepResult['notify'];
}

export interface PublicNote {
  message: string;
  text: PublicText;
}

/** Units as the customer's text names them: SKU and quantity. */
export function unitsOf(units: readonly { sku: string; qty: number }[]): Units[] {
  return units.map((u) => ({ sku: u.sku, qty: u.qty }));
}

export interface StepHandler<S extends StepSpec = StepSpec> {
  run(env: StepEnv, spec: S): Promise<StepResult>;
  undo(env: StepEnv, spec: S, refs: Record<string, unknown>): Promise<string>;
  check?(env: StepEnv, spec: S, refs: Record<string, unknown>): Promise<CheckResult>;
}

export type SpecOf<K extends StepSpec['kind']> = Extract<StepSpec, { kind: K }>;

/** Who pays for what went wrong, from the root cause and where it happened. */
export function partyOf(
  rootCause: string | null,
  locationKind: string | null,
): 'warehouse' | 'store' | 'carrier' | 'supplier' | 'system' {
  switch (rootCause) {
    case 'carrier_damage':
    case 'address_error':
      return 'carrier';
    case 'supplier_defect':
      return 'supplier';
    case 'picking_error':
    case 'look_alike_sku':
    case 'bin_location_error':
    case 'inventory_desync':
      return locationKind === 'store' ? 'store' : 'warehouse';
    case null:
    default:
      return 'system';
  }
}

export function ids(refs: Record<string, unknown>, key: string): string[] {
  const v = refs[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function str(refs: Record<string, unknown>, key: string): string | null {
  const v = refs[key];
  return typeof v === 'string' ? v : null;
}

/** A stable id derived from the step, so a retried effect finds what it made. */
export function derivedId(prefix: string, stepId: string, suffix = ''): string {
  return `${prefix}_${stepId.replace(/^[a-z]+_/, '')}${suffix}`;
}
