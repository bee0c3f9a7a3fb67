import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { TestClock } from '../shared/clock.js';
import { createTestApp, createTestDb, dialect, type TestApp } from '../test/harness.js';
import { Startup } from './startup.js';

describe(`system routes (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('answers /health without a key and names the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', database: dialect, demo: false });
  });

  it('listens while loading: /health says how far, the API answers 503 with Retry-After', async () => {
    const testDb = await createTestDb();
    const startup = new Startup();
    startup.begin();
    const { app, runner } = await buildApp({
      handle: testDb.handle,
      clock: new TestClock(),
      config: loadConfig({ LOG_LEVEL: 'silent', REDRESS_DEMO: '0' }),
      startup,
    });
    try {
      startup.report(0.35);
      const health = await app.inject({ url: '/health' });
      assert.equal(health.statusCode, 200);
      assert.deepEqual(health.json(), {
        status: 'loading',
        database: dialect,
        demo: true,
        progress: 0.35,
      });
      for (const url of ['/api/incidents', '/api/auth/session']) {
        const busy = await app.inject({ url });
        assert.equal(busy.statusCode, 503, url);
        assert.equal(busy.json<{ error: { code: string } }>().error.code, 'service_loading');
        assert.equal(busy.headers['retry-after'], '5');
      }
      assert.equal((await app.inject({ url: '/openapi.json' })).statusCode, 200);
      startup.finish();
      assert.equal((await app.inject({ url: '/health' })).json<{ status: string }>().status, 'ok');
      assert.equal((await app.inject({ url: '/api/incidents' })).statusCode, 401);
    } finally {
      await app.close();
      await runner.stop();
      await testDb.drop();
    }
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(doc.statusCode, 200);
    const paths = Object.keys((doc.json() as { paths: object }).paths);
    assert.ok(paths.includes('/health'));
    assert.ok(paths.includes('/api/api-keys'));
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  it('refuses /api routes without a key, with a bad key, and with a revoked key', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/api-keys' });
    assert.equal(none.statusCode, 401);
    assert.equal((none.json() as { error: { code: string } }).error.code, 'unauthorized');
    const bad = await t.call('GET', '/api/api-keys', undefined, 'rdk_nope');
    assert.equal(bad.status, 401);

    const made = await t.call<{ id: string; key: string }>('POST', '/api/api-keys', {
      name: 'temp',
      role: 'viewer',
    });
    assert.equal(made.status, 201);
    assert.match(made.body.key, /^rdk_/);
    assert.equal((await t.call('DELETE', `/api/api-keys/${made.body.id}`)).status, 204);
    assert.equal((await t.call('GET', '/api/api-keys', undefined, made.body.key)).status, 401);
  });

  it('refuses a role the route does not allow', async () => {
    const viewer = await t.keyFor('viewer');
    const res = await t.call<{ error: { code: string } }>(
      'GET',
      '/api/api-keys',
      undefined,
      viewer,
    );
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
  });

  it('names every bad field on invalid input', async () => {
    const res = await t.call<{ error: { code: string; details: { fields: { path: string }[] } } }>(
      'POST',
      '/api/api-keys',
      { name: '', role: 'overlord' },
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_error');
    const paths = res.body.error.details.fields.map((f) => f.path).sort();
    assert.deepEqual(paths, ['name', 'role']);
  });

  it('answers malformed JSON with 400 and unknown routes with 404', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    assert.equal(res.statusCode, 400);
    const missing = await t.call<{ error: { code: string } }>('GET', '/api/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
  });

  it('moves the test clock and reports the new time', async () => {
    const before = t.clock.now().getTime();
    const res = await t.call<{ now: string }>('POST', '/api/test/clock', { advance: 'PT26H' });
    assert.equal(res.status, 200);
    assert.equal(Date.parse(res.body.now) - before, 26 * 3_600_000);
    const bad = await t.call('POST', '/api/test/clock', { advance: '26 hours' });
    assert.equal(bad.status, 400);
  });
});
