import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type SignedIn, type TestApp } from '../../test/harness.js';
import { locationBody } from '../catalog/catalog.testing.js';
import { incidentBody } from '../incidents/incidents.factories.js';
import type { IncidentDetail } from '../incidents/index.js';
import { sessionCookie, signInLimits } from './index.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface SignedInBody {
  user: { id: string; email: string; name: string; role: string; mustChangePassword: boolean };
  csrfToken: string;
  demo: boolean;
}

const MINUTE = 60_000;

describe(`people sign in (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const signIn = (email: string, password: string, ip = '198.51.100.7') =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email, password },
      remoteAddress: ip,
    });
  const session = (who: Pick<SignedIn, 'cookie'>) =>
    t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: who.cookie } });

  it('signs in with the email in any case, sets an httpOnly SameSite cookie, and answers the session', async () => {
    const who = await t.signedIn('finance', {
      email: 'Greta.Lindqvist@ledger.example',
      name: 'Greta Lindqvist',
      password: 'räkna noga, alltid 7',
    });
    const res = await signIn('greta.lindqvist@LEDGER.example', 'räkna noga, alltid 7');
    assert.equal(res.statusCode, 200);
    const body = res.json<SignedInBody>();
    assert.equal(body.user.id, who.id);
    assert.equal(body.user.name, 'Greta Lindqvist');
    assert.equal(body.user.role, 'finance');
    assert.equal(body.demo, false);
    assert.ok(body.csrfToken.length >= 32);
    const cookie = res.cookies.find((c) => c.name === sessionCookie);
    assert.ok(cookie?.value);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.notEqual(cookie.secure, true, 'http: no Secure flag');
    const again = await session({ cookie: `${sessionCookie}=${cookie.value}` });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json<SignedInBody>().csrfToken, body.csrfToken);
    assert.equal(again.json<SignedInBody>().user.email, 'Greta.Lindqvist@ledger.example');
    assert.equal((await t.app.inject({ url: '/api/auth/session' })).statusCode, 401);
  });

  it('answers a wrong password and an unknown email alike: 401 invalid_credentials', async () => {
    const who = await t.signedIn('agent');
    const wrong = await signIn(who.email, `${who.password}!`, '203.0.113.40');
    const unknown = await signIn('nobody.here@staff.example', who.password, '203.0.113.41');
    for (const res of [wrong, unknown]) {
      assert.equal(res.statusCode, 401);
      assert.equal(res.json<ErrorBody>().error.code, 'invalid_credentials');
      assert.equal(res.cookies.length, 0);
    }
    assert.equal(wrong.json<ErrorBody>().error.message, unknown.json<ErrorBody>().error.message);
  });

  it('locks an account after repeated failures, even for the right password, until the window ends', async () => {
    const who = await t.signedIn('viewer');
    for (let i = 0; i < signInLimits.perAccount; i++) {
      // Each from another address: the account's own limit is what stops them.
      const res = await signIn(who.email, `guess number ${i}`, `192.0.2.${10 + i}`);
      assert.equal(res.statusCode, 401);
    }
    const locked = await signIn(who.email, who.password, '192.0.2.99');
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json<ErrorBody>().error.code, 'too_many_attempts');
    const retryAfter = Number(locked.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= signInLimits.windowMs / 1000, `${retryAfter}`);
    t.clock.advance(retryAfter * 1000);
    assert.equal((await signIn(who.email, who.password, '192.0.2.99')).statusCode, 200);
  });

  it('limits failures from one address across accounts', async () => {
    const who = await t.signedIn('packer');
    const ip = '100.64.7.7';
    for (let i = 0; i < signInLimits.perAddress; i++) {
      const res = await signIn(`someone${i}@staff.example`, 'not a password at all', ip);
      assert.equal(res.statusCode, 401);
    }
    const fromThere = await signIn(who.email, who.password, ip);
    assert.equal(fromThere.statusCode, 429);
    assert.ok(Number(fromThere.headers['retry-after']) > 0);
    assert.equal((await signIn(who.email, who.password, '100.64.7.8')).statusCode, 200);
    t.clock.advance(signInLimits.windowMs);
  });

  it('ends a session after the idle timeout, and after the absolute limit however busy', async () => {
    const idle = await t.signedIn('agent');
    t.clock.advance(119 * MINUTE);
    assert.equal((await session(idle)).statusCode, 200, 'used within the idle timeout');
    t.clock.advance(119 * MINUTE);
    assert.equal((await session(idle)).statusCode, 200, 'the last request moved the idle end');
    t.clock.advance(121 * MINUTE);
    const ended = await session(idle);
    assert.equal(ended.statusCode, 401);
    assert.equal(ended.json<ErrorBody>().error.code, 'unauthorized');
    assert.equal((await t.callAs(idle, 'GET', '/api/incidents')).status, 401);

    const busy = await t.signedIn('agent');
    for (let h = 0; h < 11; h++) {
      t.clock.advance(60 * MINUTE);
      assert.equal((await session(busy)).statusCode, 200, `hour ${h + 1}`);
    }
    t.clock.advance(60 * MINUTE);
    assert.equal((await session(busy)).statusCode, 401, '12 hours after sign-in');
  });

  it('refuses a write made with the cookie without its CSRF token, and takes it with the token', async () => {
    const agent = await t.signedIn('agent');
    const send = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/incidents',
        headers: { cookie: agent.cookie, ...headers },
        payload: incidentBody({ description: 'Kettle lid cracked in transit' }),
      });
    const attempts: Record<string, string>[] = [
      {},
      { 'x-csrf-token': 'forged' },
      { 'x-csrf-token': '' },
    ];
    for (const headers of attempts) {
      const refused = await send(headers);
      assert.equal(refused.statusCode, 403, JSON.stringify(headers));
      assert.equal(refused.json<ErrorBody>().error.code, 'csrf_invalid');
    }
    const other = await t.signedIn('agent');
    const crossed = await send({ 'x-csrf-token': other.csrfToken });
    assert.equal(crossed.statusCode, 403, 'another session’s token');
    const made = await send({ 'x-csrf-token': agent.csrfToken });
    assert.equal(made.statusCode, 201);
    // Reads need no token, and an API key needs none on writes.
    assert.equal((await t.callAs(agent, 'GET', '/api/incidents')).status, 200);
    const byKey = await t.call('POST', '/api/incidents', incidentBody());
    assert.equal(byKey.status, 201);
  });

  it('records a write with the person’s name, and a key’s write with the integration’s name', async () => {
    const agent = await t.signedIn('agent', { name: 'Oluwaseun Adeyemi' });
    const made = await t.callAs<IncidentDetail>(
      agent,
      'POST',
      '/api/incidents',
      incidentBody({ description: 'Two left shoes in the box' }),
    );
    assert.equal(made.status, 201);
    const noted = await t.callAs(agent, 'POST', `/api/incidents/${made.body.id}/notes`, {
      message: 'Called the customer back',
      visibility: 'internal',
    });
    assert.equal(noted.status, 201);
    const detail = await t.callAs<IncidentDetail>(agent, 'GET', `/api/incidents/${made.body.id}`);
    assert.deepEqual(
      detail.body.timeline.map((e) => e.actor),
      ['Oluwaseun Adeyemi', 'Oluwaseun Adeyemi'],
    );
    const byKey = await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody());
    assert.equal(byKey.body.timeline[0]?.actor, 'test admin');
  });

  it('signs out: the cookie is cleared and the session no longer works', async () => {
    const store = await t.call<{ id: string }>(
      'POST',
      '/api/locations',
      locationBody({ kind: 'store', zone: 'city', name: 'Riverside shop' }),
    );
    const who = await t.signedIn('store', { locationId: store.body.id });
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    });
    assert.equal(out.statusCode, 204);
    const cleared = out.cookies.find((c) => c.name === sessionCookie);
    assert.equal(cleared?.value, '');
    assert.ok(cleared?.expires && cleared.expires.getTime() <= Date.now());
    assert.equal((await session(who)).statusCode, 401);
  });

  it('changes the password with the current one and ends every other session of the person', async () => {
    const here = await t.signedIn('admin', { password: 'old but long enough 1' });
    const elsewhere = await signIn(here.email, here.password);
    const elsewhereCookie = `${sessionCookie}=${elsewhere.cookies[0]?.value}`;
    const wrong = await t.callAs<ErrorBody>(here, 'POST', '/api/auth/password', {
      currentPassword: 'not it at all, sorry',
      newPassword: 'fresh and long enough 2',
    });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.error.details?.fields, [
      { path: 'currentPassword', message: 'is not your current password' },
    ]);
    const short = await t.callAs<ErrorBody>(here, 'POST', '/api/auth/password', {
      currentPassword: here.password,
      newPassword: 'short',
    });
    assert.equal(short.status, 400);
    const changed = await t.callAs(here, 'POST', '/api/auth/password', {
      currentPassword: here.password,
      newPassword: 'fresh and long enough 2',
    });
    assert.equal(changed.status, 204);
    assert.equal((await session(here)).statusCode, 200, 'the session that changed it stays');
    assert.equal((await session({ cookie: elsewhereCookie })).statusCode, 401);
    assert.equal((await signIn(here.email, here.password)).statusCode, 401);
    assert.equal((await signIn(here.email, 'fresh and long enough 2')).statusCode, 200);
  });

  it('sets Secure on the cookie when the public address is https', async () => {
    const secure = await createTestApp({
      env: { REDRESS_PUBLIC_URL: 'https://care.shop.example' },
    });
    try {
      const who = await secure.signedIn('viewer');
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: who.email, password: who.password },
      });
      assert.equal(res.cookies.find((c) => c.name === sessionCookie)?.secure, true);
    } finally {
      await secure.close();
    }
  });
});
