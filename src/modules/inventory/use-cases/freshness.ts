import type { Executor } from '../../../db/database.js';
import { notFound } from '../../../shared/app-error.js';
import {
  findAllLocations,
  findLocationById,
  findLocationsByIds,
  type Location,
} from '../../catalog/index.js';
import { findLastFeeds } from '../feeds.repository.js';
import {
  atpOf,
  defaultFreshness,
  feedAgeMinutes,
  isStale,
  type FreshnessSettings,
} from '../freshness-policy.js';
import { findFreshnessSettings, upsertFreshnessSettings } from '../freshness.repository.js';
import type { LocationAtp, LocationFreshness } from '../inventory.js';
import { findLevels } from '../inventory.repository.js';

/**
 * How fresh each location's stock figures are, and what may be promised from them: the rules
 * are in freshness-policy.ts, the facts (last feed, settings) here.
 */

function freshnessOf(
  location: Pick<Location, 'id' | 'code' | 'kind'>,
  lastFeed: { receivedAt: string; source: string } | undefined,
  own: FreshnessSettings | undefined,
  now: string,
): LocationFreshness {
  const settings = own ?? defaultFreshness(location.kind);
  const lastFeedAt = lastFeed?.receivedAt ?? null;
  return {
    locationId: location.id,
    code: location.code,
    kind: location.kind,
    lastFeedAt,
    lastFeedSource: lastFeed?.source ?? null,
    ageMinutes: feedAgeMinutes(lastFeedAt, now),
    stale: isStale(lastFeedAt, now, settings),
    toleranceMinutes: settings.toleranceMinutes,
    safetyBuffer: settings.safetyBuffer,
    customised: own !== undefined,
  };
}

/** Every location, in code order, with its feed age and whether it is stale. */
export async function listFreshness(db: Executor, now: string): Promise<LocationFreshness[]> {
  const [locations, lastFeeds, settings] = await Promise.all([
    findAllLocations(db),
    findLastFeeds(db),
    findFreshnessSettings(db),
  ]);
  return locations.map((l) => freshnessOf(l, lastFeeds.get(l.id), settings.get(l.id), now));
}

export async function getFreshness(
  db: Executor,
  locationId: string,
  now: string,
): Promise<LocationFreshness> {
  const location = await findLocationById(db, locationId);
  if (!location) throw notFound('location_not_found', 'Location', locationId);
  const lastFeeds = await findLastFeeds(db, [locationId]);
  const settings = await findFreshnessSettings(db, [locationId]);
  return freshnessOf(location, lastFeeds.get(locationId), settings.get(locationId), now);
}

export async function setFreshness(
  db: Executor,
  locationId: string,
  settings: FreshnessSettings,
  now: string,
): Promise<LocationFreshness> {
  if (!(await findLocationById(db, locationId))) {
    throw notFound('location_not_found', 'Location', locationId);
  }
  await upsertFreshnessSettings(db, locationId, settings, now);
  return getFreshness(db, locationId, now);
}

/**
 * Stale flag and buffer of some locations. Only locations that ever sent a feed can be stale,
 * so the settings and kinds are read for those alone.
 */
async function staleness(
  db: Executor,
  locationIds: string[],
  now: string,
): Promise<Map<string, { stale: boolean; safetyBuffer: number }>> {
  const lastFeeds = await findLastFeeds(db, locationIds);
  const fed = [...lastFeeds.keys()];
  const out = new Map<string, { stale: boolean; safetyBuffer: number }>();
  if (fed.length === 0) return out;
  const [locations, settings] = await Promise.all([
    findLocationsByIds(db, fed),
    findFreshnessSettings(db, fed),
  ]);
  for (const l of locations) {
    const f = freshnessOf(l, lastFeeds.get(l.id), settings.get(l.id), now);
    out.set(l.id, { stale: f.stale, safetyBuffer: f.safetyBuffer });
  }
  return out;
}

/**
 * What each location may promise of each product: available stock, discounted by the safety
 * buffer where the location's feed is stale. Keyed by product id (an empty list for a product
 * without levels); allocation reserves against `atp`, never against raw available.
 */
export async function availableToPromise(
  db: Executor,
  productIds: readonly string[],
  now: string,
): Promise<Map<string, LocationAtp[]>> {
  const ids = [...new Set(productIds)];
  const out = new Map<string, LocationAtp[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const levels = await findLevels(db, { productIds: ids });
  const trust = await staleness(db, [...new Set(levels.map((l) => l.locationId))], now);
  for (const level of levels) {
    const t = trust.get(level.locationId);
    const stale = t?.stale ?? false;
    out.get(level.productId)?.push({
      locationId: level.locationId,
      onHand: level.onHand,
      reserved: level.reserved,
      available: level.available,
      atp: atpOf(level.available, stale, t?.safetyBuffer ?? 0),
      stale,
    });
  }
  return out;
}
