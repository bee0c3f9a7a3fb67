import type {
  CarrierEffect,
  CarrierEvent,
  CarrierEventStatus,
  CarrierEventType,
} from './carriers.js';
import type { CarrierEventsTable } from './carriers.table.js';

export function rowToCarrierEvent(row: CarrierEventsTable): CarrierEvent {
  return {
    id: row.id,
    carrier: row.carrier,
    eventId: row.event_id,
    type: row.type as CarrierEventType,
    occurredAt: row.occurred_at,
    trackingNumber: row.tracking_number,
    shipmentId: row.shipment_id,
    givenShipmentId: row.given_shipment_id,
    newEta: row.new_eta,
    location: row.location,
    description: row.description,
    raw: row.raw === null ? null : (JSON.parse(row.raw) as unknown),
    status: row.status as CarrierEventStatus,
    effects: JSON.parse(row.effects) as CarrierEffect[],
    incidentId: row.incident_id,
    lastError: row.last_error,
    actor: row.actor,
    receivedAt: row.received_at,
    appliedAt: row.applied_at,
  };
}
