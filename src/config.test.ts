import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

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
});
