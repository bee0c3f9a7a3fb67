import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery } from 'kysely';
import { createTestDb, dialect, type TestDb } from '../../test/harness.js';
import { setLevelsBySkuQuery } from './feeds.repository.js';

describe(
  'the query plan of setting levels by SKU',
  {
    skip:
      dialect !== 'sqlite' &&
      'PostgreSQL plans from table statistics; the SQLite plan is the one that regressed',
  },
  () => {
    let t: TestDb;
    before(async () => {
      t = await createTestDb();
    });
    after(() => t.drop());

    for (const rows of [1, 1000]) {
      it(`walks the ${rows} VALUES row(s) and looks each level up by its key`, async () => {
        const db = t.handle.db;
        const q = setLevelsBySkuQuery(db, rows);
        const plan = await db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
        );
        const steps = plan.rows.map((r) => r.detail);
        assert.ok(
          steps.some((s) => /^SEARCH p USING .*INDEX .*\(sku=\?\)$/.test(s)),
          steps.join('\n'),
        );
        assert.ok(
          steps.some((s) =>
            /^SEARCH inventory_levels USING .*\(product_id=\? AND location_id=\?\)$/.test(s),
          ),
          steps.join('\n'),
        );
        const scans = steps.filter((s) => s.startsWith('SCAN'));
        assert.ok(
          scans.every((s) => s === 'SCAN v' || / CONSTANT ROWS?$/.test(s)),
          steps.join('\n'),
        );
      });
    }
  },
);
