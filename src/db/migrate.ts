import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_detection_core.js';
import * as m0003 from './migrations/0003_packing.js';
import * as m0004 from './migrations/0004_inventory_truth.js';
import * as m0005 from './migrations/0005_carrier_events.js';
import * as m0006 from './migrations/0006_reports.js';
import * as m0007 from './migrations/0007_money.js';
import * as m0008 from './migrations/0008_remedies.js';
import * as m0009 from './migrations/0009_notifications.js';
import * as m0010 from './migrations/0010_status_page.js';
import * as m0011 from './migrations/0011_analytics.js';
import * as m0012 from './migrations/0012_analytics_facts.js';
import * as m0013 from './migrations/0013_feed_delta.js';
import * as m0014 from './migrations/0014_voucher_cap.js';
import * as m0015 from './migrations/0015_public_text.js';
import * as m0016 from './migrations/0016_staff_users.js';

/** Forward-only: migrations are listed here in order and never edited once released. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_detection_core': m0002,
  '0003_packing': m0003,
  '0004_inventory_truth': m0004,
  '0005_carrier_events': m0005,
  '0006_reports': m0006,
  '0007_money': m0007,
  '0008_remedies': m0008,
  '0009_notifications': m0009,
  '0010_status_page': m0010,
  '0011_analytics': m0011,
  '0012_analytics_facts': m0012,
  '0013_feed_delta': m0013,
  '0014_voucher_cap': m0014,
  '0015_public_text': m0015,
  '0016_staff_users': m0016,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migrations' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
