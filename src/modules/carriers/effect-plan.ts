import type { IncidentType, RootCause, Severity } from '../incidents/index.js';
import type { ShipmentKind, ShipmentStatus } from '../orders/index.js';
import { day, daysLate, etaTypes, type CarrierEvent } from './carriers.js';

/**
 * What a carrier event does to its shipment, as a pure function of the event and what is known
 * about the shipment: the rules in one place, tested without a database. `use-cases/effects.ts`
 * loads the situation and carries the steps out in the event's transaction.
 *
 * - delivered: a shipped shipment becomes delivered at the carrier's time; every open incident of
 *   the shipment gets a "delivered on …" note; delivered after the promise, with no open
 *   `late_delivery`, opens one. A shipment not (or no longer) `shipped` is left alone.
 * - an ETA (delayed requires one; label_created, in_transit, out_for_delivery and exception may
 *   carry one) after the promise, before delivery, opens `late_delivery` at once; with one open,
 *   an ETA that moved adds a note instead.
 * - damaged / lost open their type, or note the open one of that type.
 * - exception: a note on the shipment's newest open incident, else only stored (carriers report
 *   many exceptions that resolve themselves: a missed scan, an address check).
 * - returned_to_sender: a note on the newest open incident, else an `other` incident (the parcel
 *   will not reach the customer unless someone acts).
 */
export type PlanStep =
  | { kind: 'deliver'; deliveredAt: string }
  | {
      kind: 'open';
      type: IncidentType;
      severity: Severity;
      rootCause?: RootCause;
      summary: string;
      description?: string;
      facts: Record<string, unknown>;
    }
  | { kind: 'note'; incidentId: string; message: string };

export interface Situation {
  now: string;
  shipment: {
    status: ShipmentStatus;
    kind: ShipmentKind;
    shippedAt: string | null;
  };
  /** The shipment's promise, else the order's. */
  promisedAt: string;
  /** The shipment's open incidents (not resolved or final), newest first. */
  open: { id: string; type: IncidentType }[];
  /** The ETA of the shipment's latest earlier event that had one (looked up only when an ETA
   * meets an open late_delivery). */
  previousEta: string | null;
}

type Event = Pick<
  CarrierEvent,
  'carrier' | 'eventId' | 'type' | 'occurredAt' | 'trackingNumber' | 'newEta' | 'location'
> & { description: string | null };

export function planEffects(event: Event, s: Situation): PlanStep[] {
  switch (event.type) {
    case 'delivered':
      return planDelivered(event, s);
    case 'damaged':
    case 'lost':
      return planDamageOrLoss(event, s, event.type);
    case 'returned_to_sender': {
      const note = noteNewest(event, s, 'returning the parcel to the sender');
      if (note) return [note];
      return [
        {
          kind: 'open',
          type: 'other',
          severity: 'medium',
          summary: `${event.carrier} is returning the parcel to the sender`,
          ...describe(event),
          facts: baseFacts(event),
        },
      ];
    }
    case 'exception': {
      const eta = planEta(event, s);
      if (eta.length > 0) return eta;
      const note = noteNewest(event, s, 'exception');
      return note ? [note] : [];
    }
    case 'label_created':
    case 'in_transit':
    case 'out_for_delivery':
    case 'delayed':
      return planEta(event, s);
  }
}

function planDelivered(event: Event, s: Situation): PlanStep[] {
  if (s.shipment.status !== 'shipped') return [];
  const deliveredAt = clampDelivery(event.occurredAt, s);
  const late = daysLate(s.promisedAt, deliveredAt);
  const steps: PlanStep[] = [{ kind: 'deliver', deliveredAt }];
  const when = late > 0 ? `${late} day(s) after the promise` : 'within the promise';
  for (const incident of s.open) {
    const message = `${source(event)}: delivered on ${day(deliveredAt)} (${when})`;
    steps.push({ kind: 'note', incidentId: incident.id, message });
  }
  if (late > 0 && !s.open.some((i) => i.type === 'late_delivery')) {
    steps.push({
      kind: 'open',
      type: 'late_delivery',
      severity: 'low',
      summary: `Delivered ${late} day(s) late`,
      facts: { promisedAt: s.promisedAt, deliveredAt, daysLate: late, ...baseFacts(event) },
    });
  }
  return steps;
}

function planEta(event: Event, s: Situation): PlanStep[] {
  const eta = event.newEta;
  if (!eta || !etaTypes.includes(event.type)) return [];
  if (s.shipment.status === 'delivered' || s.shipment.status === 'cancelled') return [];
  const late = daysLate(s.promisedAt, eta);
  const facts = { promisedAt: s.promisedAt, newEta: eta, daysLate: late, ...baseFacts(event) };
  const open = s.open.find((i) => i.type === 'late_delivery');
  if (open) {
    if (eta === s.previousEta) return [];
    const when = late > 0 ? `${late} day(s) after the promise` : 'within the promise';
    const message = `${source(event)}: new delivery estimate ${day(eta)} (${when})`;
    return [{ kind: 'note', incidentId: open.id, message }];
  }
  if (late === 0) return [];
  return [
    {
      kind: 'open',
      type: 'late_delivery',
      severity: 'low',
      summary: `Delivery expected ${day(eta)}, ${late} day(s) after the promise`,
      ...describe(event),
      facts,
    },
  ];
}

function planDamageOrLoss(event: Event, s: Situation, type: 'damaged' | 'lost'): PlanStep[] {
  const open = s.open.find((i) => i.type === type);
  if (open) {
    const message = `${source(event)}: the parcel reported ${type} again`;
    return [{ kind: 'note', incidentId: open.id, message: withDescription(message, event) }];
  }
  // A replacement that arrives damaged is the customer's second failure.
  const severity: Severity = type === 'lost' || s.shipment.kind === 'reship' ? 'high' : 'medium';
  return [
    {
      kind: 'open',
      type,
      severity,
      rootCause: type === 'damaged' ? 'carrier_damage' : 'other',
      summary: `${event.carrier} reported the parcel ${type}`,
      ...describe(event),
      facts: baseFacts(event),
    },
  ];
}

function noteNewest(event: Event, s: Situation, message: string): PlanStep | undefined {
  const newest = s.open[0];
  if (!newest) return undefined;
  const text = withDescription(`${source(event)}: ${message}`, event);
  return { kind: 'note', incidentId: newest.id, message: text };
}

function source(event: Event): string {
  return `${event.carrier} event ${event.eventId}`;
}

function withDescription(message: string, event: Event): string {
  return event.description ? `${message} (${event.description})` : message;
}

/** Between the shipping time and now: carrier clocks drift, and a delivery cannot precede it. */
function clampDelivery(occurredAt: string, s: Situation): string {
  let at = occurredAt;
  if (s.shipment.shippedAt && at < s.shipment.shippedAt) at = s.shipment.shippedAt;
  return at > s.now ? s.now : at;
}

function describe(event: Event): { description?: string } {
  const parts = [event.description, event.location && `at ${event.location}`].filter(Boolean);
  return parts.length > 0 ? { description: parts.join(' ') } : {};
}

function baseFacts(event: Event): Record<string, unknown> {
  return {
    carrier: event.carrier,
    carrierEventId: event.eventId,
    carrierEventType: event.type,
    trackingNumber: event.trackingNumber,
    occurredAt: event.occurredAt,
    ...(event.location ? { location: event.location } : {}),
    ...(event.description ? { description: event.description } : {}),
  };
}
