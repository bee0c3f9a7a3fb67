import type { Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { findLocationById } from '../catalog/index.js';
import {
  addNote,
  getIncident,
  queueCustomerMessage,
  type CustomerMessageEvent,
  type Incident,
  type IncidentType,
  type PublicText,
  type RootCause,
} from '../incidents/index.js';
import type { CostParty, MoneyRef } from './money.js';

/**
 * Money's side of an incident: reading it, writing on its timeline and queueing what the
 * customer is told, all in the caller's transaction through incidents' public API.
 */
export function clockAt(now: string): Clock {
  return { now: () => new Date(now) };
}

/** The incident, or 404 incident_not_found; `lock`: its row held until commit. */
export async function loadIncident(
  trx: Executor,
  id: string,
  now: string,
  opts: { lock?: boolean } = {},
): Promise<Incident> {
  return getIncident(trx, id, clockAt(now), opts);
}

export async function noteOn(
  trx: Executor,
  incidentId: string | null,
  note: { message: string; visibility: 'public' | 'internal'; publicText?: PublicText },
  ref: MoneyRef,
): Promise<void> {
  if (!incidentId) return;
  await addNote(
    trx,
    incidentId,
    { ...note, kind: 'note' },
    { actor: ref.actor, clock: clockAt(ref.now) },
  );
}

export async function tellCustomer(
  trx: Executor,
  incidentId: string | null,
  msg: { event: CustomerMessageEvent; key: string; data: Record<string, unknown> },
  now: string,
): Promise<void> {
  if (!incidentId) return;
  await queueCustomerMessage(trx, clockAt(now), { incidentId, ...msg });
}

const partyOfCause: Partial<Record<RootCause, CostParty>> = {
  picking_error: 'warehouse',
  look_alike_sku: 'warehouse',
  bin_location_error: 'warehouse',
  inventory_desync: 'system',
  supplier_defect: 'supplier',
  carrier_damage: 'carrier',
  address_error: 'system',
  system_error: 'system',
};

const partyOfType: Partial<Record<IncidentType, CostParty>> = {
  damaged: 'carrier',
  lost: 'carrier',
  late_delivery: 'carrier',
  wrong_item: 'warehouse',
  missing_item: 'warehouse',
  wrong_quantity: 'warehouse',
  extra_item: 'warehouse',
  stockout: 'warehouse',
};

/**
 * Who a cost is attributed to when the caller does not say: the confirmed root cause first, then
 * the incident's type; a fulfilment error made at a store is the store's.
 */
export async function defaultParty(trx: Executor, incident: Incident): Promise<CostParty> {
  const byCause = incident.rootCause ? partyOfCause[incident.rootCause] : undefined;
  const party = byCause ?? partyOfType[incident.type] ?? 'system';
  if (party === 'warehouse' && incident.locationId) {
    const location = await findLocationById(trx, incident.locationId);
    if (location?.kind === 'store') return 'store';
  }
  return party;
}
