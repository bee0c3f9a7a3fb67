import type { ShippingZone } from './orders.js';

/**
 * Where to take stock from, decided without touching the database. One location that can fill
 * every line beats any split (its own zone first, then the other, then the one with the deeper
 * stock); only when none can, the order is split, each time taking the location that supplies the
 * most units (own zone, then code, on a tie). What no location has is left unallocated.
 */
export interface PlanNeed {
  lineId: string;
  productId: string;
  qty: number;
}

export interface PlanCandidate {
  locationId: string;
  code: string;
  zone: ShippingZone;
}

export interface AllocationPlan {
  shipments: { locationId: string; lines: PlanNeed[] }[];
  unallocated: PlanNeed[];
}

interface Score {
  candidate: PlanCandidate;
  fillsAll: boolean;
  sameZone: boolean;
  units: number;
  depth: number;
}

export function planAllocation(args: {
  needs: PlanNeed[];
  candidates: PlanCandidate[];
  orderZone: ShippingZone;
  /** Units free to reserve of a product at a location (negative counts as none). */
  available: (productId: string, locationId: string) => number;
}): AllocationPlan {
  const left = new Map<string, number>();
  const stockAt = (productId: string, locationId: string): number => {
    const key = `${locationId}\u0000${productId}`;
    if (!left.has(key)) left.set(key, Math.max(0, args.available(productId, locationId)));
    return left.get(key) ?? 0;
  };

  let remaining = args.needs.filter((n) => n.qty > 0).map((n) => ({ ...n }));
  let pool = [...args.candidates];
  const shipments: AllocationPlan['shipments'] = [];

  while (remaining.length > 0) {
    const best = pool
      .map((c) => score(c, remaining, args.orderZone, stockAt))
      .filter((s) => s.units > 0)
      .sort(compareScores)[0];
    if (!best) break;
    const locationId = best.candidate.locationId;
    const lines: PlanNeed[] = [];
    for (const need of remaining) {
      const qty = Math.min(need.qty, stockAt(need.productId, locationId));
      if (qty === 0) continue;
      left.set(`${locationId}\u0000${need.productId}`, stockAt(need.productId, locationId) - qty);
      need.qty -= qty;
      lines.push({ lineId: need.lineId, productId: need.productId, qty });
    }
    shipments.push({ locationId, lines });
    pool = pool.filter((c) => c.locationId !== locationId);
    remaining = remaining.filter((n) => n.qty > 0);
  }
  return { shipments, unallocated: remaining };
}

function score(
  candidate: PlanCandidate,
  needs: PlanNeed[],
  orderZone: ShippingZone,
  stockAt: (productId: string, locationId: string) => number,
): Score {
  const perProduct = new Map<string, number>();
  for (const n of needs) perProduct.set(n.productId, (perProduct.get(n.productId) ?? 0) + n.qty);
  let units = 0;
  let depth = 0;
  let fillsAll = true;
  for (const [productId, need] of perProduct) {
    const have = stockAt(productId, candidate.locationId);
    units += Math.min(need, have);
    depth += have;
    if (have < need) fillsAll = false;
  }
  return { candidate, fillsAll, sameZone: candidate.zone === orderZone, units, depth };
}

/** Best first. */
function compareScores(a: Score, b: Score): number {
  if (a.fillsAll !== b.fillsAll) return a.fillsAll ? -1 : 1;
  if (a.fillsAll) {
    if (a.sameZone !== b.sameZone) return a.sameZone ? -1 : 1;
    if (a.depth !== b.depth) return b.depth - a.depth;
  } else {
    if (a.units !== b.units) return b.units - a.units;
    if (a.sameZone !== b.sameZone) return a.sameZone ? -1 : 1;
  }
  return a.candidate.code.localeCompare(b.candidate.code);
}
