import type { Executor } from '../../../db/database.js';
import { AppError } from '../../../shared/app-error.js';
import { incidentNotFound } from '../incidents.errors.js';
import type { ChangeContext, Incident, NoteKind, TimelineEntry, Visibility } from '../incidents.js';
import {
  findIncident,
  flagEscalated,
  insertEvent,
  updateIncident,
  type IncidentChanges,
} from '../incidents.repository.js';
import type { PatchIncidentInput } from '../incidents.schemas.js';
import { isFinal, type IncidentState } from '../lifecycle.js';
import type { PublicText } from '../public-text.js';
import { markCustomerNotified } from './sla.js';

/** Notes, escalations and edits: changes beside the lifecycle, each written to the timeline. */
export async function addNote(
  trx: Executor,
  id: string,
  note: { message: string; visibility: Visibility; kind: NoteKind; publicText?: PublicText },
  ctx: ChangeContext,
): Promise<TimelineEntry> {
  if (note.kind === 'customer_notified') {
    return markCustomerNotified(trx, id, {
      ...ctx,
      message: note.message,
      visibility: note.visibility,
      publicText: note.publicText,
    });
  }
  if (!(await findIncident(trx, id))) throw incidentNotFound(id);
  return insertEvent(trx, {
    incidentId: id,
    at: ctx.clock.now().toISOString(),
    actor: ctx.actor,
    kind: note.kind,
    visibility: note.visibility,
    message: note.message,
    publicText: note.publicText,
  });
}

/** Raises the flag by hand. A second escalation is recorded too; escalatedAt keeps the first. */
export async function escalateIncident(
  trx: Executor,
  id: string,
  reason: string,
  ctx: ChangeContext,
): Promise<Incident> {
  const incident = await findIncident(trx, id);
  if (!incident) throw incidentNotFound(id);
  if (isFinal(incident.state)) {
    throw new AppError('invalid_state', `A ${incident.state} incident cannot be escalated`, {
      current: incident.state,
    });
  }
  const now = ctx.clock.now().toISOString();
  const updated = await flagEscalated(trx, id, now);
  await insertEvent(trx, {
    incidentId: id,
    at: now,
    actor: ctx.actor,
    kind: 'escalated',
    visibility: 'internal',
    message: reason,
    data: { alreadyEscalated: incident.escalated },
  });
  return updated;
}

const editable = [
  ['severity', 'severity'],
  ['rootCause', 'root_cause'],
  ['summary', 'summary'],
  ['description', 'description'],
] as const;

/** The type is settled once the incident is being remedied: it changes only before that. */
export const typeEditableIn: readonly IncidentState[] = ['detected', 'verified'];

/**
 * Edits descriptive fields in any state (a caught incident still gets its root cause), and the
 * type while detected or verified. One timeline entry per field that changes; a value equal to
 * the current one changes nothing — except that giving the type confirms a triage guess, which
 * clears `needsTriage` and is recorded.
 */
export async function editIncident(
  trx: Executor,
  id: string,
  patch: PatchIncidentInput,
  ctx: ChangeContext,
): Promise<Incident> {
  const incident = await findIncident(trx, id);
  if (!incident) throw incidentNotFound(id);
  const now = ctx.clock.now().toISOString();
  const changes: IncidentChanges = { updated_at: now };
  const changed: { field: string; from: unknown; to: unknown; triaged?: true }[] = [];
  if (patch.type !== undefined && (patch.type !== incident.type || incident.needsTriage)) {
    if (!typeEditableIn.includes(incident.state)) {
      throw new AppError(
        'invalid_state',
        `The type of a ${incident.state} incident cannot change: only while ${typeEditableIn.join(' or ')}`,
        { current: incident.state, allowed: typeEditableIn },
      );
    }
    Object.assign(changes, { type: patch.type, needs_triage: 0 });
    changed.push({
      field: 'type',
      from: incident.type,
      to: patch.type,
      ...(incident.needsTriage ? { triaged: true as const } : {}),
    });
  }
  for (const [field, column] of editable) {
    const value = patch[field];
    if (value === undefined || value === incident[field]) continue;
    Object.assign(changes, { [column]: value });
    changed.push({ field, from: incident[field], to: value });
  }
  if (changed.length === 0) return incident;
  const updated = await updateIncident(trx, id, changes);
  for (const c of changed) {
    await insertEvent(trx, {
      incidentId: id,
      at: now,
      actor: ctx.actor,
      kind: 'updated',
      visibility: 'internal',
      message:
        c.field === 'type' && c.from === c.to
          ? `type ${String(c.to)} confirmed`
          : `${c.field} changed`,
      data: c,
    });
  }
  return updated;
}
