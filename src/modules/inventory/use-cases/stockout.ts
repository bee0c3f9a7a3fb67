import type { Executor } from '../../../db/database.js';
import {
  findAllLocations,
  findProductsByIds,
  findProductsBySku,
  type Location,
  type Product,
} from '../../catalog/index.js';
import { listIncidents, openIncident, type IncidentState } from '../../incidents/index.js';
import { getOrder, type Order } from '../../orders/index.js';
import type { LocationAtp } from '../inventory.js';
import { nextInbound } from '../purchase-orders.service.js';
import { availableToPromise } from './freshness.js';

/**
 * A promise that can no longer be kept: units sold that no location can supply. Opens one
 * `stockout` incident per order (none while the order already has an open one), with the facts
 * the remedy engine needs — stock elsewhere, substitutes and where they are, the next restock —
 * and the options those facts allow. The customer notification is queued with it.
 */
export interface StockoutInput {
  orderId: string;
  lines: { orderLineId: string; qty: number }[];
  cause: 'allocation' | 'store_rejection';
  shipmentId?: string;
  locationId?: string;
}

export interface StockAt {
  locationId: string;
  code: string;
  zone: string;
  kind: string;
  /** Units the location may promise (after a stale feed's buffer). */
  available: number;
}

export type StockoutOption =
  | { type: 'wait_for_restock'; expectedAt: string; reference: string; qty: number }
  | { type: 'ship_from_elsewhere'; locationId: string; code: string; zone: string }
  | { type: 'ship_substitute'; sku: string; price: number; locationId: string; code: string }
  | {
      type: 'reserve_substitute_in_store';
      sku: string;
      price: number;
      locationId: string;
      code: string;
      zone: string;
    }
  | { type: 'cancel_line_refund'; amount: number; currency: string };

export interface StockoutLineFacts {
  orderLineId: string;
  sku: string;
  qtyShort: number;
  unitPrice: number;
  currency: string;
  elsewhere: StockAt[];
  substitutes: {
    sku: string;
    name: string;
    price: { amount: number; currency: string };
    locations: StockAt[];
  }[];
  nextInbound: { expectedAt: string; reference: string; qty: number; locationId: string } | null;
  options: StockoutOption[];
}

/** States in which an incident is still being handled. */
const openStates: IncidentState[] = [
  'detected',
  'verified',
  'awaiting_customer',
  'resolving',
  'reopened',
];

export async function openStockoutIncident(
  trx: Executor,
  input: StockoutInput,
  ctx: { actor: string; now: string },
): Promise<{ incidentId: string; created: boolean } | null> {
  const short = input.lines.filter((l) => l.qty > 0);
  if (short.length === 0) return null;
  const clock = { now: () => new Date(ctx.now) };
  const existing = await listIncidents(
    trx,
    { orderId: input.orderId, type: 'stockout', state: openStates, sort: 'newest', limit: 1 },
    clock,
  );
  const open = existing.data[0];
  if (open) return { incidentId: open.id, created: false };

  const order = await getOrder(trx, input.orderId);
  const lines = await stockoutFacts(trx, order, short, ctx.now);
  const first = lines[0];
  const units = lines.reduce((s, l) => s + l.qtyShort, 0);
  const summary = `Stock-out after sale: ${units} unit(s) of ${lines.map((l) => l.sku).join(', ')}`;
  const incident = await openIncident(
    trx,
    {
      type: 'stockout',
      source: 'inventory',
      orderId: input.orderId,
      ...(input.shipmentId !== undefined && { shipmentId: input.shipmentId }),
      ...(input.locationId !== undefined && { locationId: input.locationId }),
      summary: summary.length > 200 ? `${summary.slice(0, 197)}...` : summary,
      rootCause: 'inventory_desync',
      lines: lines.map((l) => ({
        orderLineId: l.orderLineId,
        expectedQty: l.qtyShort,
        actualQty: 0,
        discrepancy: 'stockout',
      })),
      facts: { ...first, cause: input.cause, lines },
      notifyCustomer: true,
    },
    { actor: ctx.actor, clock },
  );
  return { incidentId: incident.id, created: true };
}

/** The facts of each short line, in the order's line order. */
export async function stockoutFacts(
  db: Executor,
  order: Order,
  short: { orderLineId: string; qty: number }[],
  now: string,
): Promise<StockoutLineFacts[]> {
  const lines = order.lines.filter((l) => short.some((s) => s.orderLineId === l.id));
  const products = await findProductsByIds(db, [...new Set(lines.map((l) => l.productId))]);
  const subSkus = [...new Set(products.flatMap((p) => p.substitutes))];
  const subs = await findProductsBySku(db, subSkus);
  const atp = await availableToPromise(
    db,
    [...lines.map((l) => l.productId), ...subs.map((s) => s.id)],
    now,
  );
  const locations = new Map((await findAllLocations(db)).map((l) => [l.id, l]));
  const where = (productId: string) => stockAt(atp.get(productId) ?? [], locations, order);

  const out: StockoutLineFacts[] = [];
  for (const line of lines) {
    const qtyShort = short
      .filter((s) => s.orderLineId === line.id)
      .reduce((sum, s) => sum + s.qty, 0);
    const product = products.find((p) => p.id === line.productId);
    const substitutes = (product?.substitutes ?? [])
      .map((sku) => subs.find((s) => s.sku === sku))
      .filter((s): s is Product => s !== undefined && s.active)
      .map((s) => ({
        sku: s.sku,
        name: s.name,
        price: s.price,
        locations: where(s.id),
      }));
    const inbound = await nextInbound(db, line.productId);
    const facts: StockoutLineFacts = {
      orderLineId: line.id,
      sku: line.sku,
      qtyShort,
      unitPrice: line.unitPrice,
      currency: order.currency,
      elsewhere: where(line.productId),
      substitutes,
      nextInbound: inbound && {
        expectedAt: inbound.expectedAt,
        reference: inbound.reference,
        qty: inbound.qtyOutstanding,
        locationId: inbound.locationId,
      },
      options: [],
    };
    facts.options = optionsFor(facts, locations, order);
    out.push(facts);
  }
  return out;
}

/** Locations that may promise units, same zone as the order first, then the most units. */
function stockAt(levels: LocationAtp[], locations: Map<string, Location>, order: Order): StockAt[] {
  return levels
    .filter((l) => l.atp > 0 && locations.get(l.locationId)?.active)
    .flatMap((l) => {
      const loc = locations.get(l.locationId);
      return loc
        ? [{ locationId: loc.id, code: loc.code, zone: loc.zone, kind: loc.kind, available: l.atp }]
        : [];
    })
    .sort(
      (a, b) =>
        Number(b.zone === order.shippingZone) - Number(a.zone === order.shippingZone) ||
        b.available - a.available ||
        a.code.localeCompare(b.code),
    );
}

function optionsFor(
  f: StockoutLineFacts,
  locations: Map<string, Location>,
  order: Order,
): StockoutOption[] {
  const options: StockoutOption[] = [];
  const can = (s: StockAt, what: 'ship' | 'pickup') =>
    s.available >= f.qtyShort && locations.get(s.locationId)?.capabilities[what] === true;
  if (f.nextInbound) {
    const { expectedAt, reference, qty } = f.nextInbound;
    options.push({ type: 'wait_for_restock', expectedAt, reference, qty });
  }
  const from = f.elsewhere.find((s) => can(s, 'ship'));
  if (from) {
    options.push({
      type: 'ship_from_elsewhere',
      locationId: from.locationId,
      code: from.code,
      zone: from.zone,
    });
  }
  for (const sub of f.substitutes) {
    const ship = sub.locations.find((s) => can(s, 'ship'));
    if (ship) {
      const { locationId, code } = ship;
      options.push({
        type: 'ship_substitute',
        sku: sub.sku,
        price: sub.price.amount,
        locationId,
        code,
      });
    }
    const stores = sub.locations.filter((s) => s.kind === 'store' && can(s, 'pickup'));
    const store = stores.find((s) => s.locationId === order.pickupLocationId) ?? stores[0];
    if (store) {
      options.push({
        type: 'reserve_substitute_in_store',
        sku: sub.sku,
        price: sub.price.amount,
        locationId: store.locationId,
        code: store.code,
        zone: store.zone,
      });
    }
  }
  options.push({
    type: 'cancel_line_refund',
    amount: f.unitPrice * f.qtyShort,
    currency: f.currency,
  });
  return options;
}
