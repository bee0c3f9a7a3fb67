import { z } from 'zod';
import type { Executor } from '../../../db/database.js';
import type { Clock } from '../../../shared/clock.js';
import { incidentNotFound } from '../incidents.errors.js';
import type { ChangeContext, TimelineEntry, Visibility } from '../incidents.js';
import {
  breachClock,
  findIncident,
  flagEscalated,
  insertEvent,
  meetClocks,
} from '../incidents.repository.js';
import type { IncidentState } from '../lifecycle.js';
import type { PublicText } from '../public-text.js';
import { clocksMetOn, defaultSlaPolicy, slaClockNames, type SlaClockName } from '../sla-policy.js';

export const SLA_CHECK_JOB = 'sla.check';

export const slaCheckPayload = z.object({
  incidentId: z.string().min(1),
  clock: z.enum(slaClockNames),
});
export type SlaCheckPayload = z.infer<typeof slaCheckPayload>;

export function slaCheckDedupeKey(incidentId: string, clock: SlaClockName): string {
  return `sla:${incidentId}:${clock}`;
}

const stoppedIn = (): IncidentState[] => [...defaultSlaPolicy.stopsIn];

/** Meets the clocks that reaching `state` meets (verify on verified, resolve on resolved). */
export function meetClocksOnState(
  trx: Executor,
  incidentId: string,
  state: IncidentState,
  now: string,
): Promise<SlaClockName[]> {
  return meetClocks(trx, { incidentId, clocks: clocksMetOn(state), now, stoppedIn: stoppedIn() });
}

/**
 * Records that the customer was told, and meets the notify clock if it is still running. Called
 * by the notes endpoint and by whatever sends customer messages, inside the caller's transaction.
 */
export async function markCustomerNotified(
  trx: Executor,
  incidentId: string,
  opts: ChangeContext & {
    message: string;
    visibility?: Visibility;
    data?: Record<string, unknown>;
    publicText?: PublicText | undefined;
  },
): Promise<TimelineEntry> {
  const incident = await findIncident(trx, incidentId);
  if (!incident) throw incidentNotFound(incidentId);
  const now = opts.clock.now().toISOString();
  const met = await meetClocks(trx, {
    incidentId,
    clocks: ['notify'],
    now,
    stoppedIn: stoppedIn(),
  });
  return insertEvent(trx, {
    incidentId,
    at: now,
    actor: opts.actor,
    kind: 'customer_notified',
    visibility: opts.visibility ?? 'internal',
    message: opts.message,
    data: { ...opts.data, clocksMet: met },
    publicText: opts.publicText,
  });
}

/**
 * The `sla.check` job: breaches the clock if it is still open at its due time, escalates the
 * incident and writes an internal timeline entry. The conditional update makes a second run a
 * no-op. Returns whether this run breached the clock.
 */
export async function checkSlaClock(
  trx: Executor,
  payload: SlaCheckPayload,
  clock: Clock,
): Promise<boolean> {
  const now = clock.now().toISOString();
  const { incidentId } = payload;
  const dueAt = await breachClock(trx, {
    incidentId,
    clock: payload.clock,
    now,
    stoppedIn: stoppedIn(),
  });
  if (dueAt === undefined) return false;
  // A closed incident keeps the breach on record (it counts in the KPIs) but nobody is paged.
  const closed = (await findIncident(trx, incidentId))?.state === 'closed';
  if (!closed) await flagEscalated(trx, incidentId, now);
  await insertEvent(trx, {
    incidentId,
    at: now,
    actor: 'system',
    kind: 'sla_breached',
    visibility: 'internal',
    message: closed
      ? `The ${payload.clock} SLA was breached (due ${dueAt}) after the incident was closed`
      : `The ${payload.clock} SLA was breached (due ${dueAt}); the incident is escalated`,
    data: { clock: payload.clock, dueAt, escalated: !closed },
  });
  return true;
}
