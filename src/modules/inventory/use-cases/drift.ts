import type { Executor } from '../../../db/database.js';
import { validationError } from '../../../shared/app-error.js';
import { DAY } from '../../../shared/clock.js';
import { findDrift } from '../drift.repository.js';

/**
 * Where counted stock keeps disagreeing with the system — for root cause (shrinkage, unrecorded
 * sales, a bin mix-up, a look-alike SKU). Every count movement is a count: manual counts, feed
 * levels that changed a level and cycle counts from feeds (those record matches too), and store
 * rejections. Ranked by the number of differing counts, then by the units they moved.
 */
export interface DriftEntry {
  sku: string;
  productId: string;
  locationId: string;
  locationCode: string;
  counts: number;
  differing: number;
  /** differing ÷ counts. Level feeds record only changes, so their share is 1 by construction. */
  shareDiffering: number;
  absUnits: number;
  /** Sum of the differences: negative when the shelf keeps holding less than the record. */
  netUnits: number;
  differingFromFeeds: number;
  differingFromRejections: number;
  lastCountAt: string;
}

export interface DriftQuery {
  from?: string | undefined;
  to?: string | undefined;
  /** Listed from this many differing counts (default 2: "keeps differing"). */
  minCounts?: number | undefined;
  locationId?: string | undefined;
  limit?: number | undefined;
}

export async function driftReport(
  db: Executor,
  query: DriftQuery,
  now: string,
): Promise<{ from: string; to: string; minCounts: number; data: DriftEntry[] }> {
  // Without `to`, up to and including now.
  const to = new Date(query.to ?? Date.parse(now) + 1).toISOString();
  const from = new Date(query.from ?? Date.parse(to) - 30 * DAY).toISOString();
  if (from >= to)
    throw validationError([{ path: 'querystring.from', message: 'must be before to' }]);
  const minCounts = query.minCounts ?? 2;
  const rows = await findDrift(db, {
    from,
    to,
    minDiffering: minCounts,
    locationId: query.locationId,
    limit: query.limit ?? 50,
  });
  return {
    from,
    to,
    minCounts,
    data: rows.map((r) => ({
      sku: r.sku,
      productId: r.product_id,
      locationId: r.location_id,
      locationCode: r.location_code,
      counts: r.counts,
      differing: r.differing,
      shareDiffering: r.counts === 0 ? 0 : Math.round((r.differing / r.counts) * 1000) / 1000,
      absUnits: r.abs_units,
      netUnits: r.net_units,
      differingFromFeeds: r.from_feeds,
      differingFromRejections: r.from_rejections,
      lastCountAt: r.last_count_at,
    })),
  };
}
