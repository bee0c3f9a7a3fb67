import type { Executor } from '../../db/database.js';
import { DAY } from '../../shared/clock.js';
import {
  findAllLocations,
  findCustomerById,
  findProductsByIds,
  findProductsBySku,
  type Contract,
  type Location,
  type Product,
} from '../catalog/index.js';
import {
  listIncidents,
  type IncidentDetail,
  type IncidentLine,
  type IncidentSource,
  type IncidentType,
  type Severity,
} from '../incidents/index.js';
import { availableToPromise, nextInbound } from '../inventory/index.js';
import { getOrder, unallocatedQty, type Order, type OrderLine } from '../orders/index.js';

/**
 * Everything the policy's rules may look at for one incident, gathered through the other
 * modules' public functions: the incident and its detection facts, the order and its lines,
 * the customer's tier, contract and history, and the stock of each affected SKU and of its
 * substitutes at every location, with the next restock.
 */
export interface StockAt {
  locationId: string;
  code: string;
  kind: string;
  zone: string;
  canShip: boolean;
  canPickup: boolean;
  /** Units the location may promise. */
  available: number;
}

export interface PlaceFacts {
  id: string;
  code: string;
  kind: string;
  zone: string;
  canShip: boolean;
  canPickup: boolean;
  canReturn: boolean;
}

export interface AffectedLine {
  orderLineId: string;
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  taxRateBp: number;
  /** Units to make good. */
  qty: number;
  value: number;
  /** Units of another product the customer received instead (a wrong item). */
  wrongItem: { productId: string; sku: string; price: number; qty: number } | null;
  /** Units of the order line that no shipment holds now. */
  unallocated: number;
  /** Units of the order line that left with a shipment (delivered ones included). */
  shipped: number;
  stock: StockAt[];
  substitutes: { productId: string; sku: string; name: string; price: number; stock: StockAt[] }[];
  nextInbound: { expectedAt: string; reference: string; qty: number; locationId: string } | null;
}

export interface RemedyFacts {
  incidentId: string;
  type: IncidentType;
  source: IncidentSource;
  severity: Severity;
  detectedAt: string;
  rootCause: string | null;
  locationId: string | null;
  zone: 'city' | 'national';
  currency: string;
  customer: {
    id: string;
    tier: 'b2c' | 'b2b' | 'vip';
    /** Incidents of this customer detected within the policy's window before this one. */
    priorIncidents: number;
    contract: Contract | null;
  } | null;
  order: {
    id: string;
    status: string;
    value: number;
    shipping: number;
    paid: number;
    promisedAt: string;
    deliveryMethod: string;
    pickupLocationId: string | null;
  } | null;
  shipment: {
    id: string;
    kind: string;
    status: string;
    locationId: string;
    deliveredAt: string | null;
  } | null;
  affected: AffectedLine[];
  affectedValue: number;
  daysLate: number;
  locations: PlaceFacts[];
  /** What detection recorded on the incident. */
  detection: Record<string, unknown> | null;
}

const notCounted = new Set(['dismissed', 'caught']);

export async function gatherFacts(
  db: Executor,
  incident: IncidentDetail,
  opts: { now: string; repeatWindowDays: number },
): Promise<RemedyFacts> {
  const order = incident.orderId ? await getOrder(db, incident.orderId) : null;
  const customer = incident.customerId ? await findCustomerById(db, incident.customerId) : null;
  const locations = (await findAllLocations(db)).filter((l) => l.active);
  const shipment = order ? shipmentOf(incident, order) : null;
  const affected = order ? await affectedLines(db, incident, order, locations, opts.now) : [];
  const priorIncidents = customer
    ? await countPrior(db, customer.id, incident, opts.repeatWindowDays)
    : 0;
  return {
    incidentId: incident.id,
    type: incident.type,
    source: incident.source,
    severity: incident.severity,
    detectedAt: incident.detectedAt,
    rootCause: incident.rootCause,
    locationId: incident.locationId,
    zone: order?.shippingZone ?? 'national',
    currency: order?.currency ?? 'EUR',
    customer: customer
      ? { id: customer.id, tier: customer.tier, priorIncidents, contract: customer.contract }
      : null,
    order: order && {
      id: order.id,
      status: order.status,
      value: order.totals.lines,
      shipping: order.totals.shipping,
      paid: order.totals.paid,
      promisedAt: order.promisedAt,
      deliveryMethod: order.deliveryMethod,
      pickupLocationId: order.pickupLocationId,
    },
    shipment: shipment && {
      id: shipment.id,
      kind: shipment.kind,
      status: shipment.status,
      locationId: shipment.locationId,
      deliveredAt: shipment.deliveredAt,
    },
    affected,
    affectedValue: affected.reduce((s, a) => s + a.value, 0),
    daysLate: daysLateOf(incident, order, shipment?.deliveredAt ?? null, opts.now),
    locations: locations.map(placeOf),
    detection: incident.facts,
  };
}

/** The incident's shipment, else the last one that carried an affected line to the customer. */
function shipmentOf(incident: IncidentDetail, order: Order): Order['shipments'][number] | null {
  const named = order.shipments.find((s) => s.id === incident.shipmentId);
  if (named) return named;
  const lineIds = new Set(incident.lines.flatMap((l) => (l.orderLineId ? [l.orderLineId] : [])));
  const carried = order.shipments.filter(
    (s) =>
      (s.kind === 'outbound' || s.kind === 'pickup') &&
      s.status !== 'cancelled' &&
      (lineIds.size === 0 || s.lines.some((l) => lineIds.has(l.orderLineId))),
  );
  return carried.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}

function placeOf(l: Location): PlaceFacts {
  return {
    id: l.id,
    code: l.code,
    kind: l.kind,
    zone: l.zone,
    canShip: l.capabilities.ship,
    canPickup: l.capabilities.pickup,
    canReturn: l.capabilities.returns,
  };
}

async function countPrior(
  db: Executor,
  customerId: string,
  incident: IncidentDetail,
  windowDays: number,
): Promise<number> {
  const from = new Date(Date.parse(incident.detectedAt) - windowDays * DAY).toISOString();
  const page = await listIncidents(
    db,
    { customerId, detectedFrom: from, detectedTo: incident.detectedAt, sort: 'newest', limit: 100 },
    { now: () => new Date(incident.detectedAt) },
  );
  return page.data.filter((i) => i.id !== incident.id && !notCounted.has(i.state)).length;
}

/** Days past the promise: the carrier's figure when detection gave one, else from delivery. */
function daysLateOf(
  incident: IncidentDetail,
  order: Order | null,
  deliveredAt: string | null,
  now: string,
): number {
  const given = incident.facts?.daysLate;
  if (typeof given === 'number' && Number.isFinite(given)) return Math.max(0, Math.round(given));
  if (!order || incident.type !== 'late_delivery') return 0;
  const at = deliveredAt ?? now;
  return Math.max(0, Math.ceil((Date.parse(at) - Date.parse(order.promisedAt)) / DAY));
}

/** Units to make good per order line, from the incident's lines (or its shipment, or order). */
function unitsOf(
  incident: IncidentDetail,
  order: Order,
): { line: OrderLine; qty: number; wrongSku: string | null; wrongQty: number }[] {
  const out: { line: OrderLine; qty: number; wrongSku: string | null; wrongQty: number }[] = [];
  for (const l of incident.lines) {
    const line = lineFor(l, order);
    if (!line) continue;
    const qty = qtyOf(incident.type, l);
    const wrong = l.actualSku && l.actualSku !== line.sku && l.actualQty > 0;
    if (qty > 0)
      out.push({
        line,
        qty,
        wrongSku: wrong ? l.actualSku : null,
        wrongQty: wrong ? l.actualQty : 0,
      });
  }
  if (out.length > 0 || incident.type === 'late_delivery') return out;
  const shipment = order.shipments.find((s) => s.id === incident.shipmentId);
  if (shipment) {
    return shipment.lines.flatMap((sl) => {
      const line = order.lines.find((ol) => ol.id === sl.orderLineId);
      return line ? [{ line, qty: sl.qty, wrongSku: null, wrongQty: 0 }] : [];
    });
  }
  return order.lines.map((line) => ({
    line,
    qty: line.qtyOrdered - line.qtyCancelled,
    wrongSku: null,
    wrongQty: 0,
  }));
}

function lineFor(l: IncidentLine, order: Order): OrderLine | undefined {
  if (l.orderLineId) return order.lines.find((o) => o.id === l.orderLineId);
  return order.lines.find((o) => o.sku === l.expectedSku);
}

function qtyOf(type: IncidentType, l: IncidentLine): number {
  switch (type) {
    case 'wrong_item':
      return l.actualSku && l.actualSku === l.expectedSku
        ? Math.max(0, l.expectedQty - l.actualQty)
        : l.expectedQty;
    case 'missing_item':
    case 'wrong_quantity':
    case 'stockout':
      return Math.max(0, l.expectedQty - l.actualQty);
    case 'damaged':
    case 'lost':
    case 'return_request':
    case 'other':
    case 'extra_item':
      return l.expectedQty > 0 ? l.expectedQty : l.actualQty;
    case 'late_delivery':
      return 0;
  }
}

async function affectedLines(
  db: Executor,
  incident: IncidentDetail,
  order: Order,
  locations: Location[],
  now: string,
): Promise<AffectedLine[]> {
  const units = unitsOf(incident, order);
  if (units.length === 0) return [];
  const products = await findProductsByIds(db, [...new Set(units.map((u) => u.line.productId))]);
  const subSkus = [...new Set(products.flatMap((p) => p.substitutes))];
  const wrongSkus = units.flatMap((u) => (u.wrongSku ? [u.wrongSku] : []));
  const others = await findProductsBySku(db, [...new Set([...subSkus, ...wrongSkus])]);
  const atp = await availableToPromise(
    db,
    [...products.map((p) => p.id), ...others.map((p) => p.id)],
    now,
  );
  const byId = new Map(locations.map((l) => [l.id, l]));
  const stockOf = (productId: string): StockAt[] =>
    (atp.get(productId) ?? [])
      .filter((a) => a.atp > 0 && byId.has(a.locationId))
      .map((a) => {
        const l = byId.get(a.locationId) as Location;
        return {
          locationId: l.id,
          code: l.code,
          kind: l.kind,
          zone: l.zone,
          canShip: l.capabilities.ship,
          canPickup: l.capabilities.pickup,
          available: a.atp,
        };
      })
      .sort((a, b) => a.code.localeCompare(b.code));
  const out: AffectedLine[] = [];
  for (const u of units) {
    const product = products.find((p) => p.id === u.line.productId);
    const wrong = u.wrongSku ? others.find((p) => p.sku === u.wrongSku) : undefined;
    const inbound = await nextInbound(db, u.line.productId);
    out.push({
      orderLineId: u.line.id,
      productId: u.line.productId,
      sku: u.line.sku,
      name: u.line.name,
      unitPrice: u.line.unitPrice,
      taxRateBp: u.line.taxRateBp,
      qty: u.qty,
      value: u.qty * u.line.unitPrice,
      wrongItem: wrong
        ? { productId: wrong.id, sku: wrong.sku, price: wrong.price.amount, qty: u.wrongQty }
        : null,
      unallocated: unallocatedQty(u.line),
      shipped: u.line.qtyShipped,
      stock: stockOf(u.line.productId),
      substitutes: substitutesOf(product, others).map((s) => ({
        productId: s.id,
        sku: s.sku,
        name: s.name,
        price: s.price.amount,
        stock: stockOf(s.id),
      })),
      nextInbound: inbound && {
        expectedAt: inbound.expectedAt,
        reference: inbound.reference,
        qty: inbound.qtyOutstanding,
        locationId: inbound.locationId,
      },
    });
  }
  return out;
}

function substitutesOf(product: Product | undefined, others: Product[]): Product[] {
  return (product?.substitutes ?? [])
    .map((sku) => others.find((o) => o.sku === sku))
    .filter((p): p is Product => p !== undefined && p.active);
}
