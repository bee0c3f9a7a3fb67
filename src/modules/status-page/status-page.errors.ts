import { AppError } from '../../shared/app-error.js';

/**
 * One answer for a link that is malformed, forged, expired, for another customer or for an
 * incident that does not exist: telling them apart would tell a guesser what exists.
 */
export function tokenInvalid(): AppError {
  return new AppError('token_invalid', 'This link does not open a page');
}

export function incidentNotOnPage(): AppError {
  return new AppError('validation_error', 'Invalid input: incidentId', {
    fields: [{ path: 'incidentId', message: 'is not one of the incidents on this page' }],
  });
}

export function notNow(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('invalid_state', message, details);
}
