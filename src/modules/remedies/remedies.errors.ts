import { AppError, notFound } from '../../shared/app-error.js';
import type { PlanState } from './remedies.js';

export function planNotFound(incidentId: string): AppError {
  return new AppError('plan_not_found', `Incident ${incidentId} has no remedy plan`, {
    incidentId,
  });
}

export function policyNotFound(version: number): AppError {
  return notFound('policy_not_found', 'Policy version', String(version));
}

export function planInState(state: PlanState, action: string, allowed: PlanState[]): AppError {
  return new AppError(
    'invalid_state',
    `The plan is ${state}: it can be ${action} only while ${allowed.join(' or ')}`,
    { current: state, allowed },
  );
}

export function optionUnavailable(optionId: string, reason: string): AppError {
  return new AppError('option_unavailable', `Option ${optionId} cannot be chosen: ${reason}`, {
    optionId,
    reason,
  });
}
