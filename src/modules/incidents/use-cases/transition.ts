import type { Executor } from '../../../db/database.js';
import { fieldError, incidentNotFound, invalidTransition, lostRace } from '../incidents.errors.js';
import type { ChangeContext, Incident, RootCause, Visibility } from '../incidents.js';
import {
  findIncident,
  insertEvent,
  updateIncidentIfState,
  type IncidentChanges,
} from '../incidents.repository.js';
import { canTransition, type IncidentState } from '../lifecycle.js';
import type { PublicText } from '../public-text.js';
import { queueCustomerMessage } from './customer-message.js';
import { requestRemedyPlan } from './remedy-request.js';
import { meetClocksOnState } from './sla.js';

export interface TransitionOptions extends ChangeContext {
  /** Required to dismiss. */
  reason?: string | undefined;
  /** Required to close unless the incident already has one. */
  rootCause?: RootCause | undefined;
  note?: string | undefined;
  visibility?: Visibility | undefined;
  /** The note as the customer is told it, in their language (public entries written by the system). */
  publicText?: PublicText | undefined;
}

/**
 * Moves an incident along the lifecycle table, sets the timestamps of the state reached, meets
 * the SLA clocks that state meets, and writes exactly one timeline entry — all through `trx`.
 * The update is conditional on the state read, so of two concurrent transitions one wins and
 * the other gets `invalid_transition` with the current state.
 */
export async function transitionIncident(
  trx: Executor,
  id: string,
  to: IncidentState,
  opts: TransitionOptions,
): Promise<Incident> {
  const incident = await findIncident(trx, id);
  if (!incident) throw incidentNotFound(id);
  const from = incident.state;
  if (!canTransition(from, to)) throw invalidTransition(from, to);
  if (to === 'dismissed' && !opts.reason) {
    throw fieldError('reason', 'is required to dismiss an incident');
  }
  const rootCause = opts.rootCause ?? incident.rootCause;
  if (to === 'closed' && !rootCause) {
    throw fieldError('rootCause', 'is required to close an incident that has none yet');
  }

  const now = opts.clock.now().toISOString();
  const updated = await updateIncidentIfState(trx, id, from, changesFor(to, now, opts));
  if (!updated) {
    const current = (await findIncident(trx, id))?.state ?? from;
    throw lostRace(from, current, to);
  }
  const clocksMet = await meetClocksOnState(trx, id, to, now);
  if (to === 'verified' && updated.customerId) {
    await requestRemedyPlan(trx, opts.clock, { incidentId: id, reason: 'verified' });
  }
  // Told once per incident (the job's dedupe key); the message also schedules the survey.
  if (to === 'resolved' && updated.customerId) {
    await queueCustomerMessage(trx, opts.clock, { incidentId: id, event: 'resolved' });
  }
  await insertEvent(trx, {
    incidentId: id,
    at: now,
    actor: opts.actor,
    kind: 'transition',
    visibility: opts.visibility ?? 'internal',
    fromState: from,
    toState: to,
    message: opts.reason ?? opts.note ?? `${from} → ${to}`,
    publicText: opts.publicText,
    data: {
      ...(opts.reason && opts.note ? { note: opts.note } : {}),
      ...(opts.rootCause && opts.rootCause !== incident.rootCause
        ? { rootCause: opts.rootCause, previousRootCause: incident.rootCause }
        : {}),
      ...(clocksMet.length > 0 ? { clocksMet } : {}),
    },
  });
  return updated;
}

function changesFor(to: IncidentState, now: string, opts: TransitionOptions): IncidentChanges {
  const changes: IncidentChanges = { state: to, updated_at: now };
  if (opts.rootCause) changes.root_cause = opts.rootCause;
  switch (to) {
    case 'verified':
      changes.verified_at = now;
      break;
    case 'resolved':
      // A second resolution after a reopen moves resolved_at; the first stays on the timeline.
      changes.resolved_at = now;
      break;
    case 'closed':
      changes.closed_at = now;
      break;
    case 'dismissed':
      changes.dismissed_reason = opts.reason ?? null;
      break;
    case 'detected':
    case 'awaiting_customer':
    case 'resolving':
    case 'reopened':
    case 'caught':
      break;
  }
  return changes;
}
