import { z } from 'zod';
import { addMs, parseDuration } from '../../shared/clock.js';
import type { IncidentState } from './lifecycle.js';

/**
 * The default SLA policy: which clocks an incident gets, when each is due, and what meets it.
 * Durations are ISO-8601 settings, validated when this module loads.
 *
 * Decisions:
 * - A clock is met only before its due time; a clock met late stays open until the `sla.check`
 *   job marks it breached, so a late verification is a breach, not a met clock.
 * - `resolve` measures the time to the FIRST resolution: a reopened incident keeps the met clock
 *   (the reopen and the second resolution are on the timeline and in `resolved_at`).
 * - Clocks of an incident that ends dismissed or caught stop: neither met nor breached. The
 *   queued check job still runs at due time and changes nothing.
 */
export const slaClockNames = ['notify', 'verify', 'resolve'] as const;
export type SlaClockName = (typeof slaClockNames)[number];

const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `${text} is not a positive ISO-8601 duration` });
    return z.NEVER;
  }
  return ms;
});

const clockPolicySchema = z.object({
  due: duration,
  target: duration.nullable(),
  /** Reaching this state meets the clock; null: met by a service call (customer notified). */
  metOnState: z.enum(['verified', 'resolved']).nullable(),
});

export const slaPolicySchema = z.object({
  clocks: z.object({
    notify: clockPolicySchema,
    verify: clockPolicySchema,
    resolve: clockPolicySchema,
  }),
  /** Open clocks stop when the incident ends in one of these states. */
  stopsIn: z.array(z.enum(['dismissed', 'caught'])),
});
export type SlaPolicy = z.output<typeof slaPolicySchema>;

export const defaultSlaPolicy: SlaPolicy = slaPolicySchema.parse({
  clocks: {
    notify: { due: 'PT2H', target: null, metOnState: null },
    verify: { due: 'PT4H', target: null, metOnState: 'verified' },
    resolve: { due: 'PT72H', target: 'PT24H', metOnState: 'resolved' },
  },
  stopsIn: ['dismissed', 'caught'],
});

export interface PlannedClock {
  clock: SlaClockName;
  startedAt: string;
  dueAt: string;
  targetAt: string | null;
}

/** Every clock starts at detection. */
export function planClocks(
  detectedAt: string,
  policy: SlaPolicy = defaultSlaPolicy,
): PlannedClock[] {
  return slaClockNames.map((clock) => {
    const p = policy.clocks[clock];
    return {
      clock,
      startedAt: detectedAt,
      dueAt: addMs(detectedAt, p.due),
      targetAt: p.target === null ? null : addMs(detectedAt, p.target),
    };
  });
}

export function clocksMetOn(
  state: IncidentState,
  policy: SlaPolicy = defaultSlaPolicy,
): SlaClockName[] {
  return slaClockNames.filter((c) => policy.clocks[c].metOnState === state);
}

export function stopsClocks(state: IncidentState, policy: SlaPolicy = defaultSlaPolicy): boolean {
  return (policy.stopsIn as readonly IncidentState[]).includes(state);
}

export const clockStatuses = ['running', 'met', 'breached', 'stopped'] as const;
export type ClockStatus = (typeof clockStatuses)[number];

/** A clock's status from its recorded facts and the incident's state. */
export function clockStatus(
  row: { metAt: string | null; breachedAt: string | null },
  incidentState: IncidentState,
  policy: SlaPolicy = defaultSlaPolicy,
): ClockStatus {
  if (row.metAt) return 'met';
  if (row.breachedAt) return 'breached';
  return stopsClocks(incidentState, policy) ? 'stopped' : 'running';
}
