import assert from 'node:assert/strict';
import { request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { sql } from 'kysely';
import {
  accessProblem,
  installAuth,
  type AuthEnv,
  type DeclaredRoute,
} from '../modules/auth/index.js';
import { TestClock } from '../shared/clock.js';
import {
  createTestApp,
  createTestDb,
  dialect,
  type TestApp,
  type TestDb,
} from '../test/harness.js';

/**
 * Access hangs on the route the router matched. These tests send every registered staff route
 * over a real socket with its path written the ways an attacker would write it, so that what the
 * router decodes and what the access check sees can never disagree again.
 */

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A concrete path for a route pattern: every `:param` (and wildcard) filled with a value. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+/g, 'zz9').replace(/\*$/, 'zz9');
}

/** The same path written every way the issue lists; each either reaches the route or no route. */
function pathVariants(path: string): string[] {
  const segments = path.split('/').slice(1);
  const encodeFirst = (s: string) => s.replace(/[a-z]/i, (c) => `%${c.charCodeAt(0).toString(16)}`);
  const encodeAll = (s: string) =>
    s.replace(/[a-z]/gi, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const [first = '', ...rest] = segments;
  const tail = rest.length ? `/${rest.join('/')}` : '';
  return [
    path,
    `/${encodeFirst(first)}${tail}`,
    `/${segments.map(encodeAll).join('/')}`,
    `/${segments.join('%2F')}`,
    `/${segments.join('%2f')}`,
    `/${first}%2F${rest.join('%2F')}`,
    `/${path}`,
    path.replaceAll('/', '//'),
    `/${first}/.${tail}`,
    `/${first}/%2e${tail}`,
    `/${first}/zz/..${tail}`,
    `/${first}/zz/%2E%2E${tail}`,
    `/./${path.slice(1)}`,
    path.toUpperCase(),
    `/${first.toUpperCase()}${tail}`,
    `${path}/`,
    `${path};`,
    `${path};x=1`,
    `${path}?`,
    `${path}#`,
    `${path}%00`,
    `${path}%20`,
  ];
}

interface Answer {
  status: number;
  body: string;
}

/** What the access check needs, for a bare Fastify instance. */
function bareEnv(testDb: TestDb): AuthEnv {
  return {
    db: testDb.handle.db,
    clock: new TestClock(),
    sessions: { idleMs: 60_000, maxMs: 3_600_000, secureCookie: false },
  };
}

describe(`access is decided by the matched route (${dialect})`, () => {
  let t: TestApp;
  let base: { host: string; port: number };
  let viewerKey: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  /** A raw HTTP request: the path goes on the wire exactly as written. */
  function send(method: string, path: string, key?: string): Promise<Answer> {
    const body = writeMethods.has(method) && method !== 'DELETE' ? '{}' : undefined;
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          ...base,
          agent,
          method,
          path,
          headers: {
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...(key ? { authorization: `Bearer ${key}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Refused before any handler ran: no key, the wrong role, or no route matched at all. */
  function refused(a: Answer, method: string): boolean {
    if (a.status === 401 || a.status === 403) return true;
    // A HEAD answer has no body; its GET twin, matched the same way, is checked with its body.
    if (method === 'HEAD' && a.status === 404) return true;
    if (a.status === 400 && a.body.includes('FST_ERR_BAD_URL')) return true;
    // 404 from the router's not-found handler, never a handler's own "x not found".
    return a.status === 404 && a.body.includes('"No route ');
  }

  const staffRoutes = () =>
    t.routes.flatMap((r) =>
      r.config?.roles
        ? [r.method].flat().map((method) => ({ method, url: r.url ?? '', roles: r.config?.roles }))
        : [],
    );

  before(async () => {
    t = await createTestApp();
    viewerKey = await t.keyFor('viewer');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address() as AddressInfo;
    base = { host: '127.0.0.1', port: address.port };
  });
  after(async () => {
    agent.destroy();
    await t.close();
  });

  it('declares the access of every registered route: staff roles, or public with a reason', () => {
    assert.ok(t.routes.length > 100, `only ${t.routes.length} routes seen`);
    const problems = t.routes.flatMap((r) => accessProblem(r) ?? []);
    assert.deepEqual(problems, []);
    const publicUrls = new Set(
      t.routes.filter((r) => typeof r.config?.public === 'string').map((r) => r.url),
    );
    const expected = [
      '/health',
      '/openapi.json',
      '/api/messages/status-callback',
      '/track/:token',
      '/api/public/incidents/:token',
      '/api/auth/sign-in',
      '/api/auth/session',
      '/api/auth/invitations/:token',
      '/api/auth/invitations/:token/accept',
    ];
    for (const url of expected) assert.ok(publicUrls.has(url), `${url} is public`);
    // Nothing else is public but the static documentation and the status page's own pieces.
    const others = [...publicUrls].filter(
      (u) =>
        u &&
        !expected.includes(u) &&
        !u.startsWith('/docs') &&
        !u.startsWith('/api/public/incidents/:token/') &&
        !u.startsWith('/track/'),
    );
    assert.deepEqual(others, []);
  });

  it('refuses to start with a route that declares no access, a boolean public, or both', async () => {
    const testDb = await createTestDb();
    try {
      const bad: Array<[string, DeclaredRoute['config']]> = [
        ['/none', {}],
        ['/flag', { public: true } as unknown as DeclaredRoute['config']],
        ['/both', { roles: ['admin'], public: 'why' }],
        ['/empty', { roles: [] }],
      ];
      for (const [url, config] of bad) {
        const app = Fastify();
        installAuth(app, bareEnv(testDb));
        app.get(url, { config }, () => 'reached');
        await assert.rejects(
          async () => {
            await app.ready();
          },
          (err: Error) => {
            assert.match(err.message, new RegExp(`GET ${url}`));
            return true;
          },
        );
        await app.close().catch(() => undefined);
      }
      const good = Fastify();
      installAuth(good, bareEnv(testDb));
      good.get('/fine', { config: { roles: ['admin'] } }, () => 'reached');
      good.get('/open', { config: { public: 'a test' } }, () => 'open');
      await good.ready();
      assert.equal((await good.inject({ url: '/fine' })).statusCode, 401);
      assert.equal((await good.inject({ url: '/open' })).body, 'open');
      await good.close();
    } finally {
      await testDb.drop();
    }
  });

  it('never lets a percent-encoded path make an admin key (the reported exploit)', async () => {
    const count = async () =>
      Number(
        (
          await sql<{ n: number | string }>`select count(*) as n from api_keys`.execute(
            t.testDb.handle.db,
          )
        ).rows[0]?.n,
      );
    const before = await count();
    for (const path of ['/%61pi/api-keys', '/%61%70%69/api-keys', '/api/%61pi-keys']) {
      const a = await new Promise<Answer>((resolve, reject) => {
        const req = httpRequest(
          { ...base, agent, method: 'POST', path, headers: { 'content-type': 'application/json' } },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ name: 'x', role: 'admin' }));
      });
      assert.ok(refused(a, 'POST'), `${path} answered ${a.status} ${a.body}`);
    }
    assert.equal(await count(), before);
  });

  it('refuses every staff route, however its path is written, without a key', async () => {
    const routes = staffRoutes();
    const leaks: string[] = [];
    let sent = 0;
    for (const { method, url } of routes) {
      const answers = await Promise.all(
        pathVariants(concrete(url)).map(async (path) => ({ path, a: await send(method, path) })),
      );
      sent += answers.length;
      for (const { path, a } of answers) {
        if (!refused(a, method))
          leaks.push(`${method} ${path} → ${a.status} ${a.body.slice(0, 120)}`);
      }
    }
    assert.ok(sent > 2000, `only ${sent} requests sent`);
    assert.deepEqual(leaks, []);
  });

  it('refuses every staff write to a viewer key, however its path is written', async () => {
    const writes = staffRoutes().filter(
      (r) => writeMethods.has(r.method) && !r.roles?.includes('viewer'),
    );
    assert.ok(writes.length > 40, `only ${writes.length} write routes`);
    const leaks: string[] = [];
    for (const { method, url } of writes) {
      const answers = await Promise.all(
        pathVariants(concrete(url)).map(async (path) => ({
          path,
          a: await send(method, path, viewerKey),
        })),
      );
      for (const { path, a } of answers) {
        if (!refused(a, method))
          leaks.push(`${method} ${path} → ${a.status} ${a.body.slice(0, 120)}`);
      }
    }
    assert.deepEqual(leaks, []);
  });

  it('answers a key on a public route like no key, and a matched staff route with its role', async () => {
    const health = await send('GET', '/%68ealth');
    assert.equal(health.status, 200);
    const encoded = await send('GET', '/%61pi/api-keys', t.adminKey);
    assert.equal(encoded.status, 200, 'the router decodes, the check follows the same route');
    const viewer = await send('GET', '/%61pi/api-keys', viewerKey);
    assert.equal(viewer.status, 403);
  });
});
