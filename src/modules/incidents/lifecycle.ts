/**
 * The incident lifecycle: the one table of allowed transitions. Everything that changes an
 * incident's state asks `canTransition` first; `escalated` is a flag, not a state.
 */
export const incidentStates = [
  'detected',
  'verified',
  'awaiting_customer',
  'resolving',
  'resolved',
  'closed',
  'dismissed',
  'reopened',
  'caught',
] as const;
export type IncidentState = (typeof incidentStates)[number];

export const transitions: Readonly<Record<IncidentState, readonly IncidentState[]>> = Object.freeze(
  {
    detected: ['verified', 'dismissed', 'caught'],
    verified: ['awaiting_customer', 'resolving'],
    awaiting_customer: ['resolving'],
    resolving: ['resolved'],
    resolved: ['closed', 'reopened'],
    reopened: ['resolving'],
    closed: [],
    dismissed: [],
    caught: [],
  },
);

/** States nothing leaves. */
export const finalStates: readonly IncidentState[] = incidentStates.filter(
  (s) => transitions[s].length === 0,
);

export function allowedTransitions(from: IncidentState): IncidentState[] {
  return [...transitions[from]];
}

export function canTransition(from: IncidentState, to: IncidentState): boolean {
  return transitions[from].includes(to);
}

export function isFinal(state: IncidentState): boolean {
  return transitions[state].length === 0;
}
