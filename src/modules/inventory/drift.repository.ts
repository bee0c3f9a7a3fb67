import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export interface DriftRow {
  product_id: string;
  sku: string;
  location_id: string;
  location_code: string;
  counts: number;
  differing: number;
  abs_units: number;
  net_units: number;
  from_feeds: number;
  from_rejections: number;
  last_count_at: string;
}

/**
 * Count movements (manual counts, feed levels and cycle counts, store rejections) per product
 * and location over [from, to): how many, how many found a difference, by how many units.
 * Levels with at least `minDiffering` differing counts, the most differing first.
 */
export async function findDrift(
  db: Executor,
  f: { from: string; to: string; minDiffering: number; locationId?: string; limit: number },
): Promise<DriftRow[]> {
  const differs = sql<number>`case when m.on_hand_delta <> 0 then 1 else 0 end`;
  const differing = sql<number>`sum(${differs})`;
  const absUnits = sql<number>`sum(abs(m.on_hand_delta))`;
  let q = db
    .selectFrom('inventory_movements as m')
    .innerJoin('products as p', 'p.id', 'm.product_id')
    .innerJoin('locations as l', 'l.id', 'm.location_id')
    .select([
      'm.product_id',
      'p.sku',
      'm.location_id',
      'l.code as location_code',
      (eb) => eb.fn.countAll<number>().as('counts'),
      differing.as('differing'),
      absUnits.as('abs_units'),
      sql<number>`sum(m.on_hand_delta)`.as('net_units'),
      sql<number>`sum(case when m.ref_type = 'feed' then ${differs} else 0 end)`.as('from_feeds'),
      sql<number>`sum(case when m.ref_type = 'store_rejection' then ${differs} else 0 end)`.as(
        'from_rejections',
      ),
      (eb) => eb.fn.max('m.created_at').as('last_count_at'),
    ])
    .where('m.kind', '=', 'count')
    .where('m.created_at', '>=', f.from)
    .where('m.created_at', '<', f.to);
  if (f.locationId !== undefined) q = q.where('m.location_id', '=', f.locationId);
  const rows = await q
    .groupBy(['m.product_id', 'p.sku', 'm.location_id', 'l.code'])
    .having(differing, '>=', f.minDiffering)
    .orderBy(differing, 'desc')
    .orderBy(absUnits, 'desc')
    .orderBy('p.sku')
    .orderBy('l.code')
    .limit(f.limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    counts: Number(r.counts),
    differing: Number(r.differing),
    abs_units: Number(r.abs_units),
    net_units: Number(r.net_units),
    from_feeds: Number(r.from_feeds),
    from_rejections: Number(r.from_rejections),
  }));
}
