import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';

/** Loads the demo store into an empty database; returns a one-line summary, or null. */
export async function seedDemoStoreIfEmpty(_db: Db, _clock: Clock): Promise<string | null> {
  return null;
}
