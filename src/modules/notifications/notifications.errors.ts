import { AppError, notFound } from '../../shared/app-error.js';

export function messageNotFound(id: string): AppError {
  return notFound('message_not_found', 'Message', id);
}

export function channelUnavailable(channel: string): AppError {
  return new AppError(
    'channel_unavailable',
    `The customer cannot be reached by ${channel}: no address, not among their channels, or no consent`,
    { channel },
  );
}

export function signatureInvalid(): AppError {
  return new AppError('signature_invalid', 'The request signature is missing or wrong');
}
