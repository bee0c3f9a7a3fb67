import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, dialect, type TestDb } from '../test/harness.js';
import { migrateToLatest } from './migrate.js';

describe(`migrations (${dialect})`, () => {
  let tdb: TestDb;
  before(async () => {
    tdb = await createTestDb({ migrate: false });
  });
  after(() => tdb.drop());

  it('apply on an empty database, then find nothing left to do', async () => {
    const first = await migrateToLatest(tdb.handle.db);
    assert.ok(first.length >= 1);
    assert.equal(first[0], '0001_foundation');
    assert.deepEqual(await migrateToLatest(tdb.handle.db), []);
  });

  it('create every table of the schema', async () => {
    const tables = await tdb.handle.db.introspection.getTables();
    const names = new Set(tables.map((t) => t.name));
    for (const t of [
      'orders',
      'order_lines',
      'incidents',
      'incident_events',
      'inventory_levels',
      'jobs',
    ]) {
      assert.ok(names.has(t), `table ${t}`);
    }
  });

  it('enforce foreign keys and non-negative stock', async () => {
    const now = new Date().toISOString();
    await assert.rejects(
      tdb.handle.db
        .insertInto('inventory_levels')
        .values({
          product_id: 'nope',
          location_id: 'nope',
          on_hand: 1,
          reserved: 0,
          updated_at: now,
        })
        .execute(),
    );
    await assert.rejects(sql`insert into jobs (id) values (null)`.execute(tdb.handle.db));
  });
});
