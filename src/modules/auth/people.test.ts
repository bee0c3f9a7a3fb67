import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { locationBody } from '../catalog/catalog.testing.js';
import { createUserWithPassword, authEnvOf, ensureFirstAdmin, sessionCookie } from './index.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { path: string }[] } };
}
interface UserBody {
  id: string;
  email: string;
  name: string;
  role: string;
  locationId: string | null;
  status: string;
  mustChangePassword: boolean;
}
interface Invited {
  user: UserBody;
  invitation: { link: string; url: string; expiresAt: string };
}

const tokenOf = (link: string) => link.replace(/^\/invite\//, '');

describe(`people: invitations, roles, deactivation (${dialect})`, () => {
  let t: TestApp;
  let storeId: string;
  before(async () => {
    t = await createTestApp({ env: { REDRESS_PUBLIC_URL: 'https://ops.kettle.example' } });
    const store = await t.call<{ id: string }>(
      'POST',
      '/api/locations',
      locationBody({ kind: 'store', zone: 'national', name: 'Harbour Road shop' }),
    );
    storeId = store.body.id;
  });
  after(() => t.close());

  const accept = (token: string, body: object) =>
    t.app.inject({
      method: 'POST',
      url: `/api/auth/invitations/${token}/accept`,
      payload: body,
    });

  it('invites a person with a one-time link that sets their password and signs them in', async () => {
    const made = await t.call<Invited>('POST', '/api/users', {
      email: 'Thabo.Nkosi@kettle.example',
      name: 'Thabo Nkosi',
      role: 'packer',
    });
    assert.equal(made.status, 201);
    assert.equal(made.body.user.status, 'invited');
    assert.match(made.body.invitation.link, /^\/invite\/[A-Za-z0-9_-]{40,}$/);
    assert.equal(
      made.body.invitation.url,
      `https://ops.kettle.example${made.body.invitation.link}`,
    );
    const token = tokenOf(made.body.invitation.link);
    const seen = await t.app.inject({ url: `/api/auth/invitations/${token}` });
    assert.equal(seen.statusCode, 200);
    assert.equal(seen.json<{ name: string }>().name, 'Thabo Nkosi');

    const short = await accept(token, { password: 'too short' });
    assert.equal(short.statusCode, 400);
    assert.deepEqual(
      short.json<ErrorBody>().error.details?.fields?.map((f) => f.path),
      ['password'],
    );
    const res = await accept(token, { password: 'packing tape and 3 boxes' });
    assert.equal(res.statusCode, 200);
    const body = res.json<{ user: UserBody; csrfToken: string }>();
    assert.equal(body.user.email, 'Thabo.Nkosi@kettle.example');
    assert.equal(body.user.role, 'packer');
    assert.ok(res.cookies.find((c) => c.name === sessionCookie)?.value, 'signed in');

    const twice = await accept(token, { password: 'another try at the link' });
    assert.equal(twice.statusCode, 404);
    assert.equal(twice.json<ErrorBody>().error.code, 'invitation_invalid');
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'thabo.nkosi@kettle.example', password: 'packing tape and 3 boxes' },
    });
    assert.equal(signIn.statusCode, 200);
    const listed = await t.call<{ data: UserBody[] }>('GET', '/api/users');
    assert.equal(listed.body.data.find((u) => u.id === body.user.id)?.status, 'active');
  });

  it('refuses an expired link, a second account for the same email, and a store user without a store', async () => {
    const made = await t.call<Invited>('POST', '/api/users', {
      email: 'ines.duarte@kettle.example',
      name: 'Inês Duarte',
      role: 'viewer',
    });
    t.clock.advance(73 * 3_600_000);
    const late = await accept(tokenOf(made.body.invitation.link), {
      password: 'a while later, alas',
    });
    assert.equal(late.statusCode, 404);
    const again = await t.call<ErrorBody>('POST', '/api/users', {
      email: 'INES.DUARTE@kettle.example',
      name: 'Inês again',
      role: 'agent',
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'email_taken');
    // A new link for the same person replaces the expired one.
    const fresh = await t.call<Invited>('POST', `/api/users/${made.body.user.id}/invitations`);
    assert.equal(fresh.status, 201);
    const ok = await accept(tokenOf(fresh.body.invitation.link), {
      name: 'Inês M. Duarte',
      password: 'a while later, alas',
    });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json<{ user: UserBody }>().user.name, 'Inês M. Duarte');

    const noStore = await t.call<ErrorBody>('POST', '/api/users', {
      email: 'till@kettle.example',
      name: 'Till Person',
      role: 'store',
    });
    assert.equal(noStore.status, 400);
    assert.deepEqual(
      noStore.body.error.details?.fields?.map((f) => f.path),
      ['locationId'],
    );
    const atStore = await t.call<Invited>('POST', '/api/users', {
      email: 'till@kettle.example',
      name: 'Till Person',
      role: 'store',
      locationId: storeId,
    });
    assert.equal(atStore.status, 201);
    assert.equal(atStore.body.user.locationId, storeId);
    const reserved = await t.call<ErrorBody>('POST', '/api/users', {
      email: 'sys@kettle.example',
      name: 'System',
      role: 'viewer',
    });
    assert.deepEqual(
      reserved.body.error.details?.fields?.map((f) => f.path),
      ['name'],
    );
  });

  it('deactivates a person: their sessions end at once and they cannot sign in', async () => {
    const who = await t.signedIn('agent', { name: 'Kofi Mensah' });
    assert.equal((await t.callAs(who, 'GET', '/api/incidents')).status, 200);
    const off = await t.call<UserBody>('PATCH', `/api/users/${who.id}`, { deactivated: true });
    assert.equal(off.status, 200);
    assert.equal(off.body.status, 'deactivated');
    assert.equal((await t.callAs(who, 'GET', '/api/incidents')).status, 401);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: who.email, password: who.password },
    });
    assert.equal(signIn.statusCode, 401);
    assert.equal(signIn.json<ErrorBody>().error.code, 'invalid_credentials');
  });

  it('applies a role change to the next request of a signed-in person', async () => {
    const who = await t.signedIn('viewer');
    assert.equal(
      (await t.callAs(who, 'POST', '/api/incidents/none/notes', { message: 'x' })).status,
      403,
    );
    const up = await t.call<UserBody>('PATCH', `/api/users/${who.id}`, { role: 'agent' });
    assert.equal(up.body.role, 'agent');
    const now = await t.callAs<ErrorBody>(who, 'POST', '/api/incidents/none/notes', {
      message: 'x',
    });
    assert.equal(now.status, 404, 'past the role check: the incident does not exist');
  });

  it('keeps at least one active admin', async () => {
    const testDb = await createTestApp();
    try {
      const admin = await testDb.signedIn('admin');
      const demote = await testDb.callAs<ErrorBody>(admin, 'PATCH', `/api/users/${admin.id}`, {
        role: 'viewer',
      });
      assert.equal(demote.status, 409);
      assert.equal(demote.body.error.code, 'last_admin');
      const other = await testDb.signedIn('admin');
      const off = await testDb.callAs(admin, 'PATCH', `/api/users/${other.id}`, {
        deactivated: true,
      });
      assert.equal(off.status, 200);
      const self = await testDb.callAs(admin, 'PATCH', `/api/users/${admin.id}`, {
        deactivated: true,
      });
      assert.equal(self.status, 409);
    } finally {
      await testDb.close();
    }
  });

  it('makes the first admin once, who must change the password before anything else', async () => {
    const fresh = await createTestApp();
    try {
      const env = authEnvOf(fresh.ctx);
      const first = await ensureFirstAdmin(env, 'owner@kettle.example');
      assert.ok(first);
      assert.equal(await ensureFirstAdmin(env, 'owner@kettle.example'), null);
      const res = await fresh.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: first.email, password: first.password },
      });
      assert.equal(res.statusCode, 200);
      const body = res.json<{ user: UserBody; csrfToken: string }>();
      assert.equal(body.user.mustChangePassword, true);
      const cookie = `${sessionCookie}=${res.cookies[0]?.value}`;
      const blocked = await fresh.app.inject({ url: '/api/incidents', headers: { cookie } });
      assert.equal(blocked.statusCode, 403);
      assert.equal(blocked.json<ErrorBody>().error.code, 'password_change_required');
      const changed = await fresh.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie, 'x-csrf-token': body.csrfToken },
        payload: { currentPassword: first.password, newPassword: 'the owner’s own secret 9' },
      });
      assert.equal(changed.statusCode, 204);
      const open = await fresh.app.inject({ url: '/api/incidents', headers: { cookie } });
      assert.equal(open.statusCode, 200);
    } finally {
      await fresh.close();
    }
  });

  it('says demo while an account with a published password can sign in', async () => {
    const env = authEnvOf(t.ctx);
    const demo = await createUserWithPassword(env, {
      email: 'demo.viewer@kettle.example',
      name: 'Demo Viewer',
      role: 'viewer',
      password: 'published for the demo',
      demo: true,
    });
    assert.ok(demo);
    const who = await t.signedIn('viewer');
    const session = () =>
      t.app.inject({ url: '/api/auth/session', headers: { cookie: who.cookie } });
    assert.equal((await session()).json<{ demo: boolean }>().demo, true);
    await t.call('PATCH', `/api/users/${demo.id}`, { deactivated: true });
    assert.equal((await session()).json<{ demo: boolean }>().demo, false);
  });
});
