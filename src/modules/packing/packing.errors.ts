import { AppError, notFound } from '../../shared/app-error.js';
import type { Shipment } from '../orders/index.js';
import type { PackSession } from './packing.js';

export function sessionNotFound(id: string): AppError {
  return notFound('not_found', 'Pack session', id);
}

export function sessionClosed(session: PackSession): AppError {
  return new AppError(
    'invalid_state',
    `Pack session ${session.id} is ${session.status} (${session.result ?? 'no result'}): ` +
      'open a new session on the shipment to scan it again',
    { sessionId: session.id, status: session.status, result: session.result },
  );
}

export function sessionAlreadyOpen(shipmentId: string, open: PackSession): AppError {
  return new AppError(
    'conflict',
    `Shipment ${shipmentId} already has an open pack session ${open.id} ` +
      `(${open.packer} at ${open.station}): close it first`,
    { shipmentId, sessionId: open.id, packer: open.packer, station: open.station },
  );
}

export function shipmentNotPending(shipment: Pick<Shipment, 'id' | 'status'>): AppError {
  return new AppError(
    'invalid_state',
    `Shipment ${shipment.id} is ${shipment.status}: only a pending shipment is checked at the ` +
      'pack station',
    { shipmentId: shipment.id, status: shipment.status },
  );
}

export function cannotAcceptShort(message: string, details: Record<string, unknown>): AppError {
  return new AppError('invalid_state', `Cannot close short: ${message}`, details);
}
