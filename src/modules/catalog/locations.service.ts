import type { Executor } from '../../db/database.js';
import { AppError, notFound, validationError } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { toPage, type Page } from '../../shared/pagination.js';
import {
  defaultCapabilities,
  type Capabilities,
  type Location,
  type LocationChanges,
  type NewLocation,
} from './catalog.js';
import { findLocationById } from './catalog.repository.js';
import { writeTransaction } from './catalog.transaction.js';
import {
  findLocationByCode,
  insertLocation,
  selectLocations,
  updateLocationRow,
  type LocationFilter,
} from './locations.repository.js';

/** Warehouses and stores: where stock is, what ships from where, where customers pick up. */

export async function createLocation(
  db: Executor,
  input: NewLocation,
  now: string,
): Promise<Location> {
  const position = positionOf(input.latitude ?? null, input.longitude ?? null);
  const caps = { ...defaultCapabilities[input.kind], ...input.capabilities };
  return writeTransaction(db, async (trx) => {
    await assertCodeFree(trx, input.code);
    return insertLocation(trx, {
      id: newId('loc'),
      code: input.code,
      name: input.name,
      kind: input.kind,
      zone: input.zone,
      address: JSON.stringify(input.address),
      ...position,
      ...capabilityColumns(caps),
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    });
  });
}

export async function updateLocation(
  db: Executor,
  id: string,
  changes: LocationChanges,
  now: string,
): Promise<Location> {
  return writeTransaction(db, async (trx) => {
    const current = await getLocation(trx, id);
    if (changes.code !== undefined && changes.code !== current.code) {
      await assertCodeFree(trx, changes.code);
    }
    const position = positionOf(
      changes.latitude !== undefined ? changes.latitude : current.latitude,
      changes.longitude !== undefined ? changes.longitude : current.longitude,
    );
    await updateLocationRow(trx, id, {
      ...(changes.code !== undefined && { code: changes.code }),
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.kind !== undefined && { kind: changes.kind }),
      ...(changes.zone !== undefined && { zone: changes.zone }),
      ...(changes.address !== undefined && { address: JSON.stringify(changes.address) }),
      ...position,
      ...capabilityColumns({ ...current.capabilities, ...changes.capabilities }),
      ...(changes.active !== undefined && { active: changes.active ? 1 : 0 }),
      updated_at: now,
    });
    return getLocation(trx, id);
  });
}

export async function getLocation(db: Executor, id: string): Promise<Location> {
  const location = await findLocationById(db, id);
  if (!location) throw notFound('location_not_found', 'Location', id);
  return location;
}

export async function listLocations(db: Executor, filter: LocationFilter): Promise<Page<Location>> {
  return toPage(await selectLocations(db, filter), filter.limit);
}

/** A position is both coordinates or neither: half of one places a store nowhere. */
function positionOf(latitude: number | null, longitude: number | null) {
  if ((latitude === null) !== (longitude === null)) {
    const missing = latitude === null ? 'latitude' : 'longitude';
    throw validationError([
      { path: missing, message: 'give latitude and longitude together, or neither' },
    ]);
  }
  return { latitude, longitude };
}

function capabilityColumns(caps: Capabilities) {
  return {
    can_ship: caps.ship ? 1 : 0,
    can_pickup: caps.pickup ? 1 : 0,
    can_return: caps.returns ? 1 : 0,
  };
}

async function assertCodeFree(db: Executor, code: string): Promise<void> {
  const holder = await findLocationByCode(db, code);
  if (holder) {
    throw new AppError('code_taken', `Location code ${code} is already used by ${holder.id}`, {
      code,
      locationId: holder.id,
    });
  }
}
