import type { Executor } from '../../../db/database.js';
import { DAY } from '../../../shared/clock.js';
import { validationError } from '../../../shared/app-error.js';
import type { PackGroupStats, PackStats } from '../packing.js';
import {
  countDiscrepanciesBySku,
  countSessionsBy,
  type GroupCounts,
} from '../packing.repository.js';

/**
 * Pack-station error rates over sessions closed in [from, to) (default: the 30 days up to
 * now): per packer and per station, and per SKU how often it was mis-picked. A shelf that did
 * not have the units is a mismatch but not a packing error.
 */
export async function packStats(
  db: Executor,
  query: { from?: string | undefined; to?: string | undefined },
  now: string,
): Promise<PackStats> {
  const to = new Date(query.to ?? now).toISOString();
  const from = new Date(query.from ?? Date.parse(to) - 30 * DAY).toISOString();
  if (from >= to) {
    throw validationError([{ path: 'querystring.from', message: 'must be before to' }]);
  }
  // Without `to`, up to now inclusive: a session closed this very millisecond counts.
  const range = { from, to: query.to === undefined ? endOfTime : to };
  const [packers, stations, skus] = await Promise.all([
    countSessionsBy(db, 'packer', range),
    countSessionsBy(db, 'station', range),
    countDiscrepanciesBySku(db, range),
  ]);
  return {
    from,
    to,
    packers: packers.map((g) => ({ packer: g.key, ...rates(g) })),
    stations: stations.map((g) => ({ station: g.key, ...rates(g) })),
    skus: skus.map((s) => ({
      sku: s.sku,
      misPickedAsExpected: s.asExpected,
      misPickedAsScanned: s.asScanned,
      shelfShort: s.shelfShort,
    })),
  };
}

const endOfTime = '9999-12-31T23:59:59.999Z';

function rates(g: GroupCounts): PackGroupStats {
  return {
    sessions: g.sessions,
    mismatched: g.mismatched,
    packingErrors: g.packingErrors,
    errorRate: g.sessions === 0 ? null : g.packingErrors / g.sessions,
  };
}
