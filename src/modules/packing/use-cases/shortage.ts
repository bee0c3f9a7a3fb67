import type { Executor } from '../../../db/database.js';
import { findLocationsByIds } from '../../catalog/index.js';
import {
  availabilityBySku,
  countStock,
  findLevels,
  nextInbound,
  type InboundSupply,
} from '../../inventory/index.js';
import type { Shortage } from '../packing.js';
import { correctedBefore } from '../packing.repository.js';
import type { Box } from './box.js';
import { onlyShort } from './compare.js';

/**
 * Units a box lacks, and of them how many the location does not have: a shortage the shelf can
 * still fill is the packer's to fix; one it cannot means the order cannot ship as promised.
 */
export async function shortagesOf(trx: Executor, box: Box): Promise<Shortage[]> {
  const short = box.comparison.stillExpected;
  if (short.length === 0) return [];
  const levels = await findLevels(trx, {
    productIds: short.map((s) => s.productId),
    locationIds: [box.shipment.locationId],
  });
  // A box with anything wrong in it was mis-packed: the shelf is judged only on a box that
  // holds nothing but the shipment's units, so a mis-pick never corrects stock or tells the
  // customer of a shortage that a careful pick would not have had.
  const judged = onlyShort(box.comparison);
  return short.map((s) => {
    // Available is on hand minus reserved, this shipment's own reservation included.
    const available = levels.find((l) => l.productId === s.productId)?.available ?? 0;
    const shelfShort = judged ? Math.max(0, s.qty - Math.max(0, available)) : 0;
    return { productId: s.productId, sku: s.sku, qty: s.qty, shelfShort };
  });
}

/**
 * Takes the units the shelf did not have off the location's stock, at once and once per
 * shipment and product (a later session on the same shipment finds them already taken off).
 * Returns the units taken off per SKU.
 */
export async function correctShelves(
  trx: Executor,
  box: Box,
  shortages: readonly Shortage[],
  ref: { now: string; actor: string; sessionId: string },
): Promise<Map<string, number>> {
  const corrected = new Map<string, number>();
  const short = shortages.filter((s) => s.shelfShort > 0);
  if (short.length === 0) return corrected;
  const before = await correctedBefore(trx, box.shipment.id);
  // Stock rows in product order, as every transaction takes them.
  for (const s of [...short].sort((a, b) => a.productId.localeCompare(b.productId))) {
    const qty = s.shelfShort - (before.get(s.sku) ?? 0);
    if (qty <= 0) continue;
    const taken = await takeOffShelf(trx, s.productId, box.shipment.locationId, qty, {
      reason: `pack station: the shelf did not have ${qty} × ${s.sku} for shipment ${box.shipment.id}`,
      refType: 'pack_session',
      refId: ref.sessionId,
      actor: ref.actor,
      now: ref.now,
    });
    corrected.set(s.sku, taken);
  }
  return corrected;
}

/**
 * A count, because the packer has just looked at the shelf: on hand becomes what it was less
 * the units that are not there. The level is read first; when stock moved between that read
 * and the count's row lock (PostgreSQL), the count is redone from the value the lock saw,
 * which the transaction now holds, so no concurrent change is overwritten.
 */
async function takeOffShelf(
  trx: Executor,
  productId: string,
  locationId: string,
  qty: number,
  ref: Parameters<typeof countStock>[2],
): Promise<number> {
  const [level] = await findLevels(trx, { productIds: [productId], locationIds: [locationId] });
  const read = level?.onHand ?? 0;
  const first = await countStock(
    trx,
    { productId, locationId, counted: Math.max(0, read - qty) },
    ref,
  );
  const seen = first.onHandAfter - first.onHandDelta;
  if (seen === read) return Math.min(qty, read);
  await countStock(trx, { productId, locationId, counted: Math.max(0, seen - qty) }, ref);
  return Math.min(qty, seen);
}

export interface RemedyFacts {
  missing: { sku: string; productId: string; qty: number; nextInbound: InboundSupply | null }[];
  elsewhere: {
    sku: string;
    productId: string;
    locationId: string;
    code: string;
    zone: string;
    kind: string;
    canShip: boolean;
    available: number;
  }[];
  options: ('ship_rest_now' | 'ship_missing_from_elsewhere' | 'partial_delivery_plan')[];
}

/**
 * What the remedy engine needs to plan an incomplete order: the units missing, every other
 * active location that has them, the next inbound of each, and the options those allow.
 */
export async function remedyFacts(
  trx: Executor,
  box: Box,
  shortages: readonly Shortage[],
): Promise<RemedyFacts> {
  const short = shortages.filter((s) => s.shelfShort > 0);
  const levels = await availabilityBySku(
    trx,
    short.map((s) => s.productId),
  );
  const others = [...levels.values()]
    .flat()
    .filter((l) => l.locationId !== box.shipment.locationId && l.available > 0);
  const locations = await findLocationsByIds(trx, [...new Set(others.map((l) => l.locationId))]);
  const elsewhere = others.flatMap((l) => {
    const loc = locations.find((x) => x.id === l.locationId);
    if (!loc?.active) return [];
    return [
      {
        sku: l.sku,
        productId: l.productId,
        locationId: loc.id,
        code: loc.code,
        zone: loc.zone,
        kind: loc.kind,
        canShip: loc.capabilities.ship,
        available: l.available,
      },
    ];
  });
  const missing = [];
  for (const s of short) {
    const inbound = await nextInbound(trx, s.productId);
    missing.push({ sku: s.sku, productId: s.productId, qty: s.shelfShort, nextInbound: inbound });
  }
  const shippable = (s: Shortage) =>
    elsewhere
      .filter((e) => e.productId === s.productId && e.canShip)
      .reduce((n, e) => n + e.available, 0) >= s.shelfShort;
  const inBox = box.comparison.lines.some((l) => l.scanned > 0);
  return {
    missing,
    elsewhere,
    options: [
      ...(inBox ? (['ship_rest_now'] as const) : []),
      short.every(shippable) ? 'ship_missing_from_elsewhere' : 'partial_delivery_plan',
    ],
  };
}
