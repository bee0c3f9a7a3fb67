import { DAY } from '../../shared/clock.js';

export const channels = ['web', 'store', 'marketplace', 'b2b'] as const;
export type Channel = (typeof channels)[number];
export const orderStatuses = ['open', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const deliveryMethods = ['ship', 'pickup'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];
export const shippingZones = ['city', 'national'] as const;
export type ShippingZone = (typeof shippingZones)[number];
export const paymentMethods = [
  'card',
  'transfer',
  'paypal',
  'cash',
  'store_credit',
  'other',
] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export const shipmentKinds = ['outbound', 'pickup', 'reship', 'return_pickup'] as const;
export type ShipmentKind = (typeof shipmentKinds)[number];
export const shipmentStatuses = ['pending', 'packed', 'shipped', 'delivered', 'cancelled'] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];
export const serviceLevels = ['standard', 'express', 'same_day', 'pickup'] as const;
export type ServiceLevel = (typeof serviceLevels)[number];

export interface ShipTo {
  name?: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  region?: string;
  country: string;
  phone?: string;
}

/** Money of an order, in minor units of its currency. `lines + shipping = total`. */
export interface OrderTotals {
  lines: number;
  shipping: number;
  total: number;
  paid: number;
}

export interface OrderLine {
  id: string;
  lineNo: number;
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  taxRateBp: number;
  qtyOrdered: number;
  qtyAllocated: number;
  qtyPacked: number;
  qtyShipped: number;
  qtyDelivered: number;
  qtyCancelled: number;
  qtyReturned: number;
}

export interface ShipmentLine {
  id: string;
  orderLineId: string;
  productId: string;
  sku: string;
  qty: number;
}

export interface Shipment {
  id: string;
  orderId: string;
  locationId: string;
  kind: ShipmentKind;
  status: ShipmentStatus;
  carrier: string | null;
  serviceLevel: ServiceLevel;
  trackingNumber: string | null;
  priority: number;
  promisedAt: string | null;
  packedAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  /** Held back by pack verification: it cannot be packed or shipped until a session matches. */
  blockedAt: string | null;
  blockedReason: string | null;
  createdAt: string;
  updatedAt: string;
  lines: ShipmentLine[];
}

export interface OrderSummary {
  id: string;
  channel: Channel;
  externalId: string;
  customerId: string;
  status: OrderStatus;
  deliveryMethod: DeliveryMethod;
  pickupLocationId: string | null;
  shippingZone: ShippingZone;
  shipTo: ShipTo | null;
  currency: string;
  totals: OrderTotals;
  paymentMethod: PaymentMethod;
  placedAt: string;
  promisedAt: string;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Order extends OrderSummary {
  lines: OrderLine[];
  shipments: Shipment[];
}

/** Who and when, for every change: written on stock movements and timestamps. */
export interface OrderActionRef {
  now: string;
  actor: string;
}

/** What one allocation did: the shipments it made and what it could not place. */
export interface AllocationResult {
  shipments: {
    shipmentId: string;
    locationId: string;
    lines: { lineId: string; sku: string; qty: number }[];
  }[];
  unallocated: { lineId: string; sku: string; qty: number }[];
}

/** Units of a line neither allocated to a shipment nor cancelled. */
export function unallocatedQty(line: OrderLine): number {
  return line.qtyOrdered - line.qtyCancelled - line.qtyAllocated;
}

/** The default promise: next day within the city zone, three days nationally. */
export function defaultPromisedAt(placedAt: string, zone: ShippingZone): string {
  const days = zone === 'city' ? 1 : 3;
  return new Date(Date.parse(placedAt) + days * DAY).toISOString();
}

/**
 * An order closes when every line is settled (delivered + cancelled = ordered): completed when
 * anything was delivered, cancelled otherwise. Returns null while it stays open.
 */
export function closingStatus(
  lines: Pick<OrderLine, 'qtyOrdered' | 'qtyDelivered' | 'qtyCancelled'>[],
): Exclude<OrderStatus, 'open'> | null {
  if (!lines.every((l) => l.qtyDelivered + l.qtyCancelled === l.qtyOrdered)) return null;
  return lines.some((l) => l.qtyDelivered > 0) ? 'completed' : 'cancelled';
}

export const shipmentSteps = ['pack', 'ship', 'deliver', 'cancel'] as const;
export type ShipmentStep = (typeof shipmentSteps)[number];

/**
 * The shipment state machine, in one place. A step not listed for a status is refused; `kinds`
 * limits a transition to some kinds of shipment (a store pickup is handed over unpacked).
 */
export const shipmentTransitions: Record<
  ShipmentStatus,
  Partial<Record<ShipmentStep, { to: ShipmentStatus; kinds?: readonly ShipmentKind[] }>>
> = {
  pending: {
    pack: { to: 'packed' },
    // A store pickup is handed over unpacked; a return pickup is collected from the customer.
    ship: { to: 'shipped', kinds: ['pickup', 'return_pickup'] },
    cancel: { to: 'cancelled' },
  },
  packed: { ship: { to: 'shipped' }, cancel: { to: 'cancelled' } },
  shipped: { deliver: { to: 'delivered' } },
  delivered: {},
  cancelled: {},
};

/**
 * Shipments that do not count against the order's lines: a replacement sent again and units
 * collected back (see use-cases/reshipment.ts).
 */
export function movesLineCounters(kind: ShipmentKind): boolean {
  return kind !== 'reship' && kind !== 'return_pickup';
}

/** A return pickup brings units in: nothing was reserved or picked for it at its location. */
export function holdsStock(kind: ShipmentKind): boolean {
  return kind !== 'return_pickup';
}

export function nextShipmentStatus(
  shipment: Pick<Shipment, 'status' | 'kind'>,
  step: ShipmentStep,
): ShipmentStatus | null {
  const t = shipmentTransitions[shipment.status][step];
  if (!t || (t.kinds && !t.kinds.includes(shipment.kind))) return null;
  return t.to;
}

/** The steps a shipment may take next, for error messages and clients. */
export function allowedShipmentSteps(shipment: Pick<Shipment, 'status' | 'kind'>): ShipmentStep[] {
  return shipmentSteps.filter((s) => nextShipmentStatus(shipment, s) !== null);
}
