import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config.js';
import { incidentStates } from '../modules/incidents/index.js';
import { createTestDb, dialect, type TestDb } from '../test/harness.js';

// The store `npm start` loads (six weeks) on SQLite; a shorter past on PostgreSQL, whose
// round trips make each simulated request several times slower, checks the same story.
const weeks = dialect === 'postgres' ? 3 : 6;
import { hasActiveDemoUser } from '../modules/auth/index.js';
import { seedDemoStoreIfEmpty } from './index.js';
import type { DemoPerson } from './people.js';

describe(`demo store (${dialect})`, () => {
  let tdb: TestDb;
  let summary: string | null;
  const now = new Date('2026-11-20T15:00:00.000Z');
  let people: DemoPerson[] = [];
  const progress: number[] = [];
  before(async () => {
    tdb = await createTestDb();
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    summary = await seedDemoStoreIfEmpty(tdb.handle, config, now, undefined, weeks, {
      people: (p) => (people = p),
      progress: (done) => progress.push(done),
    });
  });
  after(() => tdb.drop());

  it('makes one person per role with a published password, the store person at a store', async () => {
    assert.deepEqual(
      people.map((p) => p.role),
      ['admin', 'agent', 'packer', 'finance', 'viewer', 'store'],
    );
    for (const p of people) assert.equal(p.password, `demo-${p.role}-pass`);
    const rows = await tdb.handle.db
      .selectFrom('users')
      .leftJoin('locations', 'locations.id', 'users.location_id')
      .select(['users.email', 'users.demo', 'users.password_hash', 'locations.kind'])
      .execute();
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.demo === 1 && r.password_hash?.startsWith('scrypt$')));
    assert.equal(rows.find((r) => r.email === 'store@demo.redress.localhost')?.kind, 'store');
    assert.equal(await hasActiveDemoUser(tdb.handle.db), true);
  });

  it('tells its progress as it lives through the weeks', () => {
    assert.ok(progress.length >= 10, `${progress.length} reports`);
    assert.deepEqual(
      [...progress].sort((a, b) => a - b),
      progress,
      'never goes back',
    );
    assert.ok((progress.at(-1) ?? 0) > 0.9);
  });

  it('loads the scenario locations and SKUs with their look-alike substitutes', async () => {
    assert.ok(summary);
    const db = tdb.handle.db;
    const locations = await db.selectFrom('locations').select(['code', 'kind', 'zone']).execute();
    assert.equal(locations.filter((l) => l.kind === 'warehouse').length, 2);
    assert.equal(locations.filter((l) => l.kind === 'store').length, 5);
    assert.deepEqual(new Set(locations.map((l) => l.zone)), new Set(['city', 'national']));
    const subs = await db
      .selectFrom('product_substitutes as ps')
      .innerJoin('products as p', 'p.id', 'ps.product_id')
      .innerJoin('products as s', 's.id', 'ps.substitute_id')
      .select(['p.sku as sku', 's.sku as sub'])
      .where('p.sku', 'in', ['TSHIRT-M-BLUE', 'LAMP-OAK'])
      .orderBy('ps.rank')
      .execute();
    assert.ok(subs.some((s) => s.sku === 'TSHIRT-M-BLUE' && s.sub === 'TSHIRT-M-NAVY'));
    assert.ok(subs.some((s) => s.sku === 'LAMP-OAK' && s.sub === 'LAMP-WALNUT'));
    const products = await db
      .selectFrom('products')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.ok(Number(products.n) >= 200);
  });

  it('spreads orders over the last weeks, all placed before now', async () => {
    const rows = await tdb.handle.db.selectFrom('orders').select(['placed_at', 'status']).execute();
    assert.ok(rows.length >= 50 * weeks, `${rows.length} orders`);
    const times = rows.map((r) => Date.parse(r.placed_at));
    assert.ok(Math.max(...times) <= now.getTime());
    assert.ok(now.getTime() - Math.min(...times) > (weeks * 7 - 2) * 86_400_000);
    assert.ok(rows.some((r) => r.status === 'completed'));
    assert.ok(rows.some((r) => r.status === 'open'));
  });

  it('has incidents in every state, each with a timeline and SLA clocks', async () => {
    const db = tdb.handle.db;
    const states = await db.selectFrom('incidents').select('state').distinct().execute();
    // `verified` lasts only until the plan job runs, which the loader lets finish.
    assert.deepEqual(
      new Set(states.map((s) => s.state)),
      new Set(incidentStates.filter((s) => s !== 'verified')),
    );
    const orphan = await db
      .selectFrom('incidents as i')
      .leftJoin('incident_events as e', 'e.incident_id', 'i.id')
      .select('i.id')
      .where('e.id', 'is', null)
      .execute();
    assert.deepEqual(orphan, []);
    const clocks = await db
      .selectFrom('incident_clocks')
      .select(['clock', 'breached_at'])
      .execute();
    assert.ok(
      clocks.some((c) => c.breached_at !== null),
      'some SLA was breached on the way',
    );
  });

  it('keeps stock consistent with the movement ledger', async () => {
    const db = tdb.handle.db;
    const levels = await db.selectFrom('inventory_levels').selectAll().execute();
    const sums = await db
      .selectFrom('inventory_movements')
      .select([
        'product_id',
        'location_id',
        (eb) => eb.fn.sum<number>('on_hand_delta').as('on_hand'),
        (eb) => eb.fn.sum<number>('reserved_delta').as('reserved'),
      ])
      .groupBy(['product_id', 'location_id'])
      .execute();
    const key = (p: string, l: string) => `${p}@${l}`;
    const ledger = new Map(sums.map((s) => [key(s.product_id, s.location_id), s]));
    for (const l of levels) {
      const s = ledger.get(key(l.product_id, l.location_id));
      assert.equal(Number(s?.on_hand ?? 0), l.on_hand);
      assert.equal(Number(s?.reserved ?? 0), l.reserved);
    }
  });

  it('does nothing on a database that already holds data, and leaves no working key behind', async () => {
    const again = await seedDemoStoreIfEmpty(tdb.handle, loadConfig({ LOG_LEVEL: 'silent' }), now);
    assert.equal(again, null);
    const keys = await tdb.handle.db
      .selectFrom('api_keys')
      .select(['name', 'revoked_at'])
      .execute();
    assert.ok(keys.every((k) => k.revoked_at !== null));
  });
});
