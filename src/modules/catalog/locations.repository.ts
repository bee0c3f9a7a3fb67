import type { Executor } from '../../db/database.js';
import type { PageQuery } from '../../shared/pagination.js';
import type { Capability, Location, LocationKind, Zone } from './catalog.js';
import { rowToLocation } from './catalog.mappers.js';
import type { LocationsTable } from './catalog.table.js';

export interface LocationFilter extends PageQuery {
  kind?: LocationKind | undefined;
  zone?: Zone | undefined;
  capability?: Capability | undefined;
  active?: boolean | undefined;
}

const capabilityColumn = {
  ship: 'can_ship',
  pickup: 'can_pickup',
  returns: 'can_return',
} as const satisfies Record<Capability, keyof LocationsTable>;

export async function insertLocation(db: Executor, row: LocationsTable): Promise<Location> {
  await db.insertInto('locations').values(row).execute();
  return rowToLocation(row);
}

export async function updateLocationRow(
  db: Executor,
  id: string,
  set: Partial<Omit<LocationsTable, 'id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('locations').set(set).where('id', '=', id).execute();
}

export async function findLocationByCode(
  db: Executor,
  code: string,
): Promise<Location | undefined> {
  const row = await db
    .selectFrom('locations')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst();
  return row && rowToLocation(row);
}

/** Up to `limit + 1` matching locations after the cursor, in id order. */
export async function selectLocations(db: Executor, filter: LocationFilter): Promise<Location[]> {
  let query = db.selectFrom('locations').selectAll();
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.zone) query = query.where('zone', '=', filter.zone);
  if (filter.capability) query = query.where(capabilityColumn[filter.capability], '=', 1);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
  if (filter.cursor) query = query.where('id', '>', filter.cursor);
  const rows = await query
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  return rows.map(rowToLocation);
}
