import type { Executor } from '../../../db/database.js';
import { AppError, notFound } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { findShipment } from '../../orders/index.js';
import { sessionAlreadyOpen, shipmentNotPending } from '../packing.errors.js';
import { rowToSession } from '../packing.mappers.js';
import { findOpenSessionOf, insertSessionIfNoneOpen } from '../packing.repository.js';
import { compareBox, snapshotOf, type SessionView } from './box.js';

export interface OpenSessionInput {
  shipmentId: string;
  station: string;
  packer: string;
}

/**
 * Opens a pack session on a pending shipment. At most one session per shipment is open at a
 * time; the database's unique index decides between two packers opening one at once.
 */
export async function openSession(
  trx: Executor,
  input: OpenSessionInput,
  ref: { now: string },
): Promise<SessionView> {
  const shipment = await findShipment(trx, input.shipmentId);
  if (!shipment) throw notFound('shipment_not_found', 'Shipment', input.shipmentId);
  if (shipment.status !== 'pending') throw shipmentNotPending(shipment);
  const row = await insertSessionIfNoneOpen(trx, {
    id: newId('pks'),
    shipment_id: shipment.id,
    order_id: shipment.orderId,
    location_id: shipment.locationId,
    packer: input.packer,
    station: input.station,
    expected: JSON.stringify(await snapshotOf(trx, shipment)),
    status: 'open',
    result: null,
    incident_id: null,
    opened_at: ref.now,
    closed_at: null,
  });
  if (!row) {
    const open = await findOpenSessionOf(trx, shipment.id);
    if (open) throw sessionAlreadyOpen(shipment.id, rowToSession(open));
    // The open session the insert ran into closed in between (PostgreSQL, read committed).
    throw new AppError('conflict', `A pack session on ${shipment.id} just changed: try again`, {
      shipmentId: shipment.id,
    });
  }
  const session = rowToSession(row);
  const { comparison } = await compareBox(trx, session);
  return { ...session, comparison };
}
