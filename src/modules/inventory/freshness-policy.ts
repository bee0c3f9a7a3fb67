import type { LocationKind } from '../catalog/index.js';

/**
 * When a location's stock figures stop being trusted, in one place. A location whose last feed is
 * older than its tolerance is stale: what it may promise is its available stock minus a safety
 * buffer. A location that has never sent a feed is managed in Redress itself (every unit moves
 * through the ledger), so it is trusted whatever its kind; the kind's default applies as soon as
 * it starts sending feeds. Each location may override both numbers.
 */
export interface FreshnessSettings {
  toleranceMinutes: number;
  safetyBuffer: number;
}

export const freshnessDefaults: Record<LocationKind, FreshnessSettings> = {
  store: { toleranceMinutes: 60, safetyBuffer: 1 },
  warehouse: { toleranceMinutes: 24 * 60, safetyBuffer: 0 },
};

export function defaultFreshness(kind: string): FreshnessSettings {
  return kind === 'store' || kind === 'warehouse'
    ? freshnessDefaults[kind]
    : freshnessDefaults.warehouse;
}

/** Whole minutes from the last feed to now; null when the location never sent one. */
export function feedAgeMinutes(lastFeedAt: string | null, now: string): number | null {
  if (lastFeedAt === null) return null;
  return Math.max(0, Math.floor((Date.parse(now) - Date.parse(lastFeedAt)) / 60_000));
}

/** Stale once the feed is older than the tolerance; never for a location without feeds. */
export function isStale(lastFeedAt: string | null, now: string, settings: FreshnessSettings) {
  if (lastFeedAt === null) return false;
  return Date.parse(now) - Date.parse(lastFeedAt) > settings.toleranceMinutes * 60_000;
}

/** What a location may promise of its available units. */
export function atpOf(available: number, stale: boolean, safetyBuffer: number): number {
  return Math.max(0, stale ? available - safetyBuffer : available);
}
