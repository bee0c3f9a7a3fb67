import type { Executor } from '../../db/database.js';
import type { FreshnessSettings } from './freshness-policy.js';

/** Locations' own freshness settings; a location without a row uses its kind's default. */
export async function findFreshnessSettings(
  db: Executor,
  locationIds?: string[],
): Promise<Map<string, FreshnessSettings>> {
  if (locationIds && locationIds.length === 0) return new Map();
  let q = db
    .selectFrom('inventory_freshness_settings')
    .select(['location_id', 'tolerance_minutes', 'safety_buffer']);
  if (locationIds) q = q.where('location_id', 'in', locationIds);
  const rows = await q.execute();
  return new Map(
    rows.map((r) => [
      r.location_id,
      { toleranceMinutes: r.tolerance_minutes, safetyBuffer: r.safety_buffer },
    ]),
  );
}

export async function upsertFreshnessSettings(
  db: Executor,
  locationId: string,
  settings: FreshnessSettings,
  now: string,
): Promise<void> {
  const values = {
    tolerance_minutes: settings.toleranceMinutes,
    safety_buffer: settings.safetyBuffer,
    updated_at: now,
  };
  await db
    .insertInto('inventory_freshness_settings')
    .values({ location_id: locationId, ...values })
    .onConflict((oc) => oc.column('location_id').doUpdateSet(values))
    .execute();
}
