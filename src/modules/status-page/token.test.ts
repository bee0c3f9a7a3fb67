import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../config.js';
import { createTestDb, dialect, type TestDb } from '../../test/harness.js';
import { loadTokenSecret, signToken, trackingLink, verifyToken } from './token.js';

const now = new Date('2026-03-02T09:00:00.000Z');
const claims = {
  incidentId: 'inc_01kmz7d2q9x4w8v6t5r3p1n0hb',
  customerId: 'cus_01kmz7d2qa0000000000000000',
  expiresAt: '2026-04-01T00:00:00.000Z',
};

describe(`status-page tokens (${dialect})`, () => {
  let db: TestDb;
  before(async () => {
    db = await createTestDb();
  });
  after(() => db.drop());

  const config = (env: Record<string, string> = {}) =>
    loadConfig({ REDRESS_PUBLIC_URL: 'https://shop.example/help/', ...env });

  it('links to <publicUrl>/track/<token> and the token carries its claims back', async () => {
    const c = config();
    await loadTokenSecret(db.handle.db, c, now.toISOString());
    const link = trackingLink(c, claims);
    const match = /^https:\/\/shop\.example\/help\/track\/([A-Za-z0-9_-]+)$/.exec(link);
    assert.ok(match, link);
    assert.deepEqual(verifyToken(c, match[1] ?? '', now), claims);
    assert.ok((match[1] ?? '').length <= 100, `compact: ${match[1]?.length} characters`);
  });

  it('carries ids of any other form too', async () => {
    const c = config();
    await loadTokenSecret(db.handle.db, c, now.toISOString());
    const odd = { ...claims, incidentId: 'INC-2026-000042', customerId: 'c_1' };
    assert.deepEqual(verifyToken(c, signToken(c, odd), now), odd);
  });

  it('refuses a changed claim, a changed signature, a truncated token and an expired one', async () => {
    const c = config();
    await loadTokenSecret(db.handle.db, c, now.toISOString());
    const token = signToken(c, claims);
    const raw = Buffer.from(token, 'base64url');
    const changed = (at: number) => {
      const copy = Buffer.from(raw);
      copy[at] = (copy[at] ?? 0) ^ 1;
      return copy.toString('base64url');
    };
    assert.equal(verifyToken(c, changed(10), now), undefined, 'a claim changed');
    assert.equal(verifyToken(c, changed(raw.length - 20), now), undefined, 'the expiry changed');
    assert.equal(verifyToken(c, changed(raw.length - 1), now), undefined, 'the MAC changed');
    assert.equal(verifyToken(c, token.slice(0, -3), now), undefined);
    assert.equal(verifyToken(c, `${token}AAAA`, now), undefined);
    assert.equal(verifyToken(c, `${token}.x`, now), undefined);
    assert.equal(verifyToken(c, '', now), undefined);
    assert.equal(verifyToken(c, token, new Date(claims.expiresAt)), undefined, 'expired at expiry');
    assert.deepEqual(verifyToken(c, token, new Date('2026-03-31T23:59:00.000Z')), claims);
  });

  it('keeps one generated secret in the database: another instance verifies the link', async () => {
    const first = config();
    const second = config();
    await loadTokenSecret(db.handle.db, first, now.toISOString());
    const other = db.reopen();
    await loadTokenSecret(other.db, second, now.toISOString());
    assert.deepEqual(verifyToken(second, signToken(first, claims), now), claims);
  });

  it('signs with REDRESS_TOKEN_SECRET when set: a link of another secret does not open', async () => {
    const a = config({ REDRESS_TOKEN_SECRET: 'a'.repeat(40) });
    const a2 = config({ REDRESS_TOKEN_SECRET: 'a'.repeat(40) });
    const b = config({ REDRESS_TOKEN_SECRET: 'b'.repeat(40) });
    for (const c of [a, a2, b]) await loadTokenSecret(db.handle.db, c, now.toISOString());
    const token = signToken(a, claims);
    assert.deepEqual(verifyToken(a2, token, now), claims);
    assert.equal(verifyToken(b, token, now), undefined);
    const generated = config();
    await loadTokenSecret(db.handle.db, generated, now.toISOString());
    assert.equal(verifyToken(generated, token, now), undefined);
  });

  it('refuses a secret shorter than 32 characters at start-up', () => {
    assert.throws(() => config({ REDRESS_TOKEN_SECRET: 'short' }), /REDRESS_TOKEN_SECRET/);
  });
});
