import type { z } from 'zod';
import { AppError, notFound, validationError, type FieldIssue } from '../../shared/app-error.js';
import { allowedTransitions, type IncidentState } from './lifecycle.js';

export function incidentNotFound(id: string): AppError {
  return notFound('incident_not_found', 'Incident', id);
}

export function invalidTransition(current: IncidentState, to: IncidentState): AppError {
  const allowed = allowedTransitions(current);
  const next = allowed.length > 0 ? `it can go to ${allowed.join(', ')}` : 'it is final';
  return new AppError(
    'invalid_transition',
    `An incident in state ${current} cannot go to ${to}: ${next}`,
    { current, to, allowed },
  );
}

/** The state changed between our read and our conditional update. */
export function lostRace(expected: IncidentState, current: IncidentState, to: IncidentState) {
  return new AppError(
    'invalid_transition',
    `The incident moved from ${expected} to ${current} meanwhile; reload it and try again`,
    { current, to, allowed: allowedTransitions(current) },
  );
}

export function fieldError(path: string, message: string): AppError {
  return validationError([{ path, message }]);
}

export function fromZodError(error: z.ZodError): AppError {
  const fields: FieldIssue[] = error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  return validationError(fields);
}
