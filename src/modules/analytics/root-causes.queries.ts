import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { DAY, addMs } from '../../shared/clock.js';
import { freshnessDefaults } from '../inventory/index.js';

/**
 * Analytics query file: the detection data a root-cause suggestion reads, and the raw counts
 * behind the look-alike ranking, straight from the packing, carrier, inventory and incident tables.
 */

export interface SuggestionEvidence {
  incident: {
    id: string;
    type: string;
    source: string;
    rootCause: string | null;
    detectedAt: string;
    locationId: string | null;
    facts: Record<string, unknown> | null;
  };
  /** Wrong-item pairs of the incident (expected → what was sent). */
  pairs: { expected: string; actual: string; confusedBefore: number; catalogLookAlike: boolean }[];
  carrierEvents: { type: string; description: string | null }[];
  /** Whether the location's stock feed was stale when the incident was detected. */
  staleFeed: { lastFeedAt: string | null; toleranceMinutes: number } | null;
  /** Same-type incidents of the same supplier's products in the 90 days before, this excluded. */
  supplier: { id: string; similarIncidents: number } | null;
}

export async function suggestionEvidence(
  db: Executor,
  incidentId: string,
): Promise<SuggestionEvidence | undefined> {
  const row = await db
    .selectFrom('incidents')
    .select([
      'id',
      'type',
      'source',
      'root_cause',
      'detected_at',
      'location_id',
      'shipment_id',
      'facts',
    ])
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (!row) return undefined;
  const lines = await db
    .selectFrom('incident_lines as il')
    .leftJoin('order_lines as ol', 'ol.id', 'il.order_line_id')
    .select([
      'il.expected_sku',
      'il.actual_sku',
      'il.discrepancy',
      'ol.sku as line_sku',
      'ol.product_id',
    ])
    .where('il.incident_id', '=', incidentId)
    .orderBy('il.id')
    .execute();
  const pairs = [];
  for (const l of lines) {
    const expected = l.expected_sku ?? l.line_sku;
    if (!expected || !l.actual_sku || expected === l.actual_sku) continue;
    pairs.push({
      expected,
      actual: l.actual_sku,
      confusedBefore: await pairCount(db, expected, l.actual_sku, incidentId),
      catalogLookAlike: await catalogLookAlike(db, expected, l.actual_sku),
    });
  }
  const carrierEvents = row.shipment_id
    ? await db
        .selectFrom('carrier_events')
        .select(['type', 'description'])
        .where('shipment_id', '=', row.shipment_id)
        .where('occurred_at', '<=', addMs(row.detected_at, DAY))
        .orderBy('occurred_at')
        .execute()
    : [];
  const firstSku = lines.map((l) => l.expected_sku ?? l.line_sku).find((s) => s);
  return {
    incident: {
      id: row.id,
      type: row.type,
      source: row.source,
      rootCause: row.root_cause,
      detectedAt: row.detected_at,
      locationId: row.location_id,
      facts: row.facts ? (JSON.parse(row.facts) as Record<string, unknown>) : null,
    },
    pairs,
    carrierEvents,
    staleFeed: row.location_id ? await feedState(db, row.location_id, row.detected_at) : null,
    supplier: firstSku ? await supplierHistory(db, firstSku, row) : null,
  };
}

/** Earlier confusions of two SKUs, either way round: at the pack station and in reports. */
export async function pairCount(
  db: Executor,
  a: string,
  b: string,
  exceptIncident: string,
): Promise<number> {
  const packed = await db
    .selectFrom('pack_discrepancies as d')
    .innerJoin('pack_sessions as s', 's.id', 'd.session_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('d.kind', '=', 'wrong_item')
    .where((eb) =>
      eb.or([
        eb.and([eb('d.expected_sku', '=', a), eb('d.scanned_sku', '=', b)]),
        eb.and([eb('d.expected_sku', '=', b), eb('d.scanned_sku', '=', a)]),
      ]),
    )
    .where((eb) =>
      eb.or([eb('s.incident_id', 'is', null), eb('s.incident_id', '!=', exceptIncident)]),
    )
    .executeTakeFirst();
  // Reported by customers or agents: pack-station incidents are already counted above.
  const reported = await db
    .selectFrom('incident_lines as il')
    .innerJoin('incidents as i', 'i.id', 'il.incident_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('i.source', '!=', 'pack')
    .where('i.state', '!=', 'dismissed')
    .where('i.id', '!=', exceptIncident)
    .where((eb) =>
      eb.or([
        eb.and([eb('il.expected_sku', '=', a), eb('il.actual_sku', '=', b)]),
        eb.and([eb('il.expected_sku', '=', b), eb('il.actual_sku', '=', a)]),
      ]),
    )
    .executeTakeFirst();
  return Number(packed?.n ?? 0) + Number(reported?.n ?? 0);
}

/** The catalog lists one as a substitute of the other: the look-alikes the pack station knows. */
export async function catalogLookAlike(db: Executor, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom('product_substitutes as ps')
    .innerJoin('products as p', 'p.id', 'ps.product_id')
    .innerJoin('products as s', 's.id', 'ps.substitute_id')
    .select('ps.rank')
    .where((eb) =>
      eb.or([
        eb.and([eb('p.sku', '=', a), eb('s.sku', '=', b)]),
        eb.and([eb('p.sku', '=', b), eb('s.sku', '=', a)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

async function feedState(
  db: Executor,
  locationId: string,
  at: string,
): Promise<SuggestionEvidence['staleFeed']> {
  const location = await db
    .selectFrom('locations as l')
    .leftJoin('inventory_freshness_settings as f', 'f.location_id', 'l.id')
    .select(['l.kind', 'f.tolerance_minutes'])
    .where('l.id', '=', locationId)
    .executeTakeFirst();
  if (!location) return null;
  const last = await db
    .selectFrom('feed_batches')
    .select((eb) => eb.fn.max('received_at').as('at'))
    .where('location_id', '=', locationId)
    .where('received_at', '<=', at)
    .executeTakeFirst();
  const byKind = location.kind === 'store' ? freshnessDefaults.store : freshnessDefaults.warehouse;
  const tolerance = location.tolerance_minutes ?? byKind.toleranceMinutes;
  const lastFeedAt = last?.at ?? null;
  // A location that never sent a feed is managed in Redress itself: never stale.
  if (!lastFeedAt) return null;
  const stale = Date.parse(at) - Date.parse(lastFeedAt) > tolerance * 60_000;
  return stale ? { lastFeedAt, toleranceMinutes: tolerance } : null;
}

async function supplierHistory(
  db: Executor,
  sku: string,
  incident: { id: string; type: string; detected_at: string },
): Promise<SuggestionEvidence['supplier']> {
  const product = await db
    .selectFrom('products')
    .select('supplier_id')
    .where('sku', '=', sku)
    .executeTakeFirst();
  if (!product?.supplier_id) return null;
  const since = addMs(incident.detected_at, -90 * DAY);
  const row = await db
    .selectFrom('incidents as i')
    .innerJoin('incident_lines as il', 'il.incident_id', 'i.id')
    .leftJoin('order_lines as ol', 'ol.id', 'il.order_line_id')
    .innerJoin('products as p', (join) =>
      join.on(sql<boolean>`p.sku = coalesce(il.expected_sku, ol.sku)`),
    )
    .select((eb) => eb.fn.count<number>('i.id').distinct().as('n'))
    .where('p.supplier_id', '=', product.supplier_id)
    .where('i.type', '=', incident.type)
    .where('i.id', '!=', incident.id)
    .where('i.state', '!=', 'dismissed')
    .where('i.detected_at', '>=', since)
    .where('i.detected_at', '<=', incident.detected_at)
    .where((eb) =>
      eb.or([eb('i.root_cause', 'is', null), eb('i.root_cause', '!=', 'carrier_damage')]),
    )
    .executeTakeFirst();
  return { id: product.supplier_id, similarIncidents: Number(row?.n ?? 0) };
}

export interface PairCount {
  a: string;
  b: string;
  count: number;
  lastAt: string;
}

/** Wrong-item confusions between two SKUs in [from, to), either way round, most frequent first. */
export async function lookAlikePairs(
  db: Executor,
  range: { from: string; to: string },
): Promise<PairCount[]> {
  const packed = await db
    .selectFrom('pack_discrepancies as d')
    .innerJoin('pack_sessions as s', 's.id', 'd.session_id')
    .select(['d.expected_sku as x', 'd.scanned_sku as y', 's.closed_at as at'])
    .where('d.kind', '=', 'wrong_item')
    .where('s.closed_at', '>=', range.from)
    .where('s.closed_at', '<', range.to)
    .execute();
  const reported = await db
    .selectFrom('incident_lines as il')
    .innerJoin('incidents as i', 'i.id', 'il.incident_id')
    .leftJoin('order_lines as ol', 'ol.id', 'il.order_line_id')
    .select([
      (eb) => eb.fn.coalesce('il.expected_sku', 'ol.sku').as('x'),
      'il.actual_sku as y',
      'i.detected_at as at',
    ])
    .where('i.source', '!=', 'pack')
    .where('i.type', '=', 'wrong_item')
    .where('i.state', '!=', 'dismissed')
    .where('il.actual_sku', 'is not', null)
    .where('i.detected_at', '>=', range.from)
    .where('i.detected_at', '<', range.to)
    .execute();
  const pairs = new Map<string, PairCount>();
  for (const r of [...packed, ...reported]) {
    if (!r.x || !r.y || r.x === r.y) continue;
    const [a, b] = [r.x, r.y].sort() as [string, string];
    const id = `${a}\u0000${b}`;
    const p = pairs.get(id) ?? { a, b, count: 0, lastAt: '' };
    p.count += 1;
    if ((r.at ?? '') > p.lastAt) p.lastAt = r.at ?? '';
    pairs.set(id, p);
  }
  return [...pairs.values()].sort(
    (p, q) => q.count - p.count || q.lastAt.localeCompare(p.lastAt) || p.a.localeCompare(q.a),
  );
}

/** Customer-facing and caught incidents of a location in [from, to), by root cause. */
export async function causesAtLocation(
  db: Executor,
  locationId: string,
  range: { from: string; to: string },
): Promise<{ cause: string; count: number }[]> {
  const rows = await db
    .selectFrom('incidents')
    .select(['root_cause', (eb) => eb.fn.countAll<number>().as('n')])
    .where('location_id', '=', locationId)
    .where('state', '!=', 'dismissed')
    .where('detected_at', '>=', range.from)
    .where('detected_at', '<', range.to)
    .groupBy('root_cause')
    .execute();
  return rows
    .map((r) => ({ cause: r.root_cause ?? 'none', count: Number(r.n) }))
    .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
}

/** Display names of locations and suppliers, for scorecards. */
export async function namesOf(
  db: Executor,
  kind: 'location' | 'supplier',
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows =
    kind === 'location'
      ? await db.selectFrom('locations').select(['id', 'name']).where('id', 'in', ids).execute()
      : await db.selectFrom('suppliers').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
