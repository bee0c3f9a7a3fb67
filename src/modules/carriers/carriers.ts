import { DAY } from '../../shared/clock.js';

/**
 * Carrier tracking events, normalised. A carrier integration translates its provider's statuses
 * into these types and posts them; the provider's payload is kept in `raw`. For Shopify's
 * fulfillment_events: label_printed / label_purchased / confirmed → label_created;
 * carrier_picked_up / in_transit → in_transit; out_for_delivery / ready_for_pickup →
 * out_for_delivery; delayed → delayed; attempted_delivery / failure → exception; delivered /
 * picked_up → delivered; `happened_at` → occurredAt (any offset), `estimated_delivery_at` →
 * newEta, `id` → eventId. Damage, loss and returns come from carriers' own APIs.
 */
export const carrierEventTypes = [
  'label_created',
  'in_transit',
  'out_for_delivery',
  'delayed',
  'exception',
  'damaged',
  'lost',
  'delivered',
  'returned_to_sender',
] as const;
export type CarrierEventType = (typeof carrierEventTypes)[number];

/** Types whose `newEta` is compared with the promise (a delay may come with any of them). */
export const etaTypes: readonly CarrierEventType[] = [
  'label_created',
  'in_transit',
  'out_for_delivery',
  'delayed',
  'exception',
];

/** `unmatched` until a shipment with the event's tracking number (or id) exists. */
export const carrierEventStatuses = ['applied', 'unmatched'] as const;
export type CarrierEventStatus = (typeof carrierEventStatuses)[number];

/** What applying an event did; an empty list means it was stored and changed nothing else. */
export const carrierEffects = ['shipment_delivered', 'incident_opened', 'incident_noted'] as const;
export type CarrierEffect = (typeof carrierEffects)[number];

export interface CarrierEvent {
  id: string;
  carrier: string;
  eventId: string;
  type: CarrierEventType;
  occurredAt: string;
  trackingNumber: string | null;
  /** The shipment the event applies to; null while unmatched. */
  shipmentId: string | null;
  /** The shipment id the carrier sent, if any (kept even when it named no shipment). */
  givenShipmentId: string | null;
  newEta: string | null;
  location: string | null;
  description: string | null;
  /** The provider's payload, as it came. */
  raw: unknown;
  status: CarrierEventStatus;
  effects: CarrierEffect[];
  /** The incident this event opened, or else the one it added a note to. */
  incidentId: string | null;
  /** Why the last attempt to apply it failed, if it did. */
  lastError: string | null;
  actor: string;
  receivedAt: string;
  appliedAt: string | null;
}

/** The shipment an event applies to. */
export interface ShipmentRef {
  id: string;
  orderId: string;
}

/** A shipment carrying a tracking number, as the orders module reports it. */
export interface TrackedShipment extends ShipmentRef {
  carrier: string | null;
  trackingNumber: string;
}

/**
 * The shipment of a tracking number. Carriers recycle numbers, so when several shipments carry
 * it the one of the same carrier wins (case-insensitive), then the newest (candidates come newest
 * first).
 */
export function pickShipment(
  candidates: TrackedShipment[],
  carrier: string,
): TrackedShipment | undefined {
  const same = candidates.find((c) => c.carrier?.toLowerCase() === carrier.toLowerCase());
  return same ?? candidates[0];
}

/** Whole days after the promise, rounded up: one hour late is one day late. 0 when on time. */
export function daysLate(promisedAt: string, at: string): number {
  const ms = Date.parse(at) - Date.parse(promisedAt);
  return ms > 0 ? Math.ceil(ms / DAY) : 0;
}

/** The first instant of the next `everyMs` slot after `now`: runs of one slot share a job. */
export function nextSlot(now: Date, everyMs: number): string {
  return new Date((Math.floor(now.getTime() / everyMs) + 1) * everyMs).toISOString();
}

export function day(isoTime: string): string {
  return isoTime.slice(0, 10);
}
