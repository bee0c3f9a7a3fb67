import type { Executor } from '../../../db/database.js';
import type { Clock } from '../../../shared/clock.js';
import {
  addNote,
  canTransition,
  getIncident,
  queueCustomerMessage,
  transitionIncident,
  type CustomerMessageEvent,
  type IncidentDetail,
  type IncidentState,
  type PublicText,
} from '../../incidents/index.js';

/**
 * What remedies do to an incident, through the incidents module's public API only: timeline
 * entries, lifecycle moves along the allowed path, and customer messages.
 */
export interface Ref {
  now: string;
  actor: string;
}

export const clockAt = (now: string): Clock => ({ now: () => new Date(now) });

export function loadIncident(trx: Executor, id: string, now: string): Promise<IncidentDetail> {
  return getIncident(trx, id, clockAt(now));
}

export async function note(
  trx: Executor,
  incidentId: string,
  message: string,
  visibility: 'public' | 'internal',
  ref: Ref,
  publicText?: PublicText,
): Promise<void> {
  await addNote(
    trx,
    incidentId,
    {
      message: message.slice(0, 5000),
      visibility,
      kind: 'note',
      ...(publicText ? { publicText } : {}),
    },
    { actor: ref.actor, clock: clockAt(ref.now) },
  );
}

/** The path each target is reached by from earlier states (the lifecycle allows one step each). */
const paths: Partial<Record<IncidentState, IncidentState[]>> = {
  verified: ['verified'],
  awaiting_customer: ['verified', 'awaiting_customer'],
  resolving: ['verified', 'resolving'],
  resolved: ['verified', 'resolving', 'resolved'],
};

/** Moves the incident forward to `to` through the states in between; a no-op when there. */
export async function moveIncident(
  trx: Executor,
  incidentId: string,
  to: 'verified' | 'awaiting_customer' | 'resolving' | 'resolved',
  ref: Ref,
  note?: { message: string; visibility: 'public' | 'internal'; publicText?: PublicText },
): Promise<void> {
  for (const step of paths[to] ?? [to]) {
    const current = (await loadIncident(trx, incidentId, ref.now)).state;
    if (current === step) continue;
    if (!canTransition(current, step)) continue;
    await transitionIncident(trx, incidentId, step, {
      actor: ref.actor,
      clock: clockAt(ref.now),
      ...(step === to && note
        ? { note: note.message, visibility: note.visibility, publicText: note.publicText }
        : {}),
    });
  }
}

export async function tell(
  trx: Executor,
  clock: Clock,
  incidentId: string,
  event: CustomerMessageEvent,
  data: Record<string, unknown>,
  key?: string,
): Promise<void> {
  await queueCustomerMessage(trx, clock, { incidentId, event, data, ...(key ? { key } : {}) });
}
