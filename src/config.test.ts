import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';
import { reviewThreshold } from './modules/triage/index.js';

describe('config', () => {
  it('defaults to an embedded SQLite file under ./data on port 3000', () => {
    const c = loadConfig({});
    assert.deepEqual(c.database, { kind: 'sqlite', file: './data/redress.db' });
    assert.equal(c.port, 3000);
    assert.equal(c.demo, true);
    assert.ok(Object.isFrozen(c));
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', PG_POOL_MAX: '4' });
    assert.deepEqual(c.database, { kind: 'postgres', url: 'postgres://u@h:5432/db', poolMax: 4 });
  });

  it('names every invalid variable at once', () => {
    try {
      loadConfig({ PORT: 'x', DATABASE_URL: 'mysql://h/db', REDRESS_ADMIN_KEY: 'short' });
      assert.fail('expected a ConfigError');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      const names = err.problems.map((p) => p.split('=')[0]).sort();
      assert.deepEqual(names, ['DATABASE_URL', 'PORT', 'REDRESS_ADMIN_KEY']);
    }
  });

  it('treats an empty variable as unset', () => {
    assert.equal(loadConfig({ PORT: '' }).port, 3000);
  });

  it('defaults reports to a 10 MiB upload limit, a 24 h dedupe window and the triage threshold', () => {
    const c = loadConfig({});
    assert.equal(c.uploadMaxBytes, 10 * 1024 * 1024);
    assert.equal(c.reportDedupeHours, 24);
    assert.equal(c.triageThreshold, reviewThreshold);
  });

  it('reads the report settings, a zero window meaning never join', () => {
    const c = loadConfig({
      REDRESS_UPLOAD_MAX_BYTES: '2048',
      REDRESS_REPORT_DEDUPE_HOURS: '0',
      REDRESS_TRIAGE_THRESHOLD: '0.75',
    });
    assert.deepEqual([c.uploadMaxBytes, c.reportDedupeHours, c.triageThreshold], [2048, 0, 0.75]);
  });

  it('names each invalid report setting', () => {
    try {
      loadConfig({
        REDRESS_UPLOAD_MAX_BYTES: '10MB',
        REDRESS_REPORT_DEDUPE_HOURS: '-1',
        REDRESS_TRIAGE_THRESHOLD: '1.5',
      });
      assert.fail('expected a ConfigError');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      const names = err.problems.map((p) => p.split('=')[0]).sort();
      assert.deepEqual(names, [
        'REDRESS_REPORT_DEDUPE_HOURS',
        'REDRESS_TRIAGE_THRESHOLD',
        'REDRESS_UPLOAD_MAX_BYTES',
      ]);
    }
    assert.throws(
      () => loadConfig({ REDRESS_UPLOAD_MAX_BYTES: '100' }),
      /REDRESS_UPLOAD_MAX_BYTES/,
    );
  });
});
