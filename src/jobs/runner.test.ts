import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, dialect, type TestDb } from '../test/harness.js';
import { TestClock } from '../shared/clock.js';
import { JobRunner, backoffMs, enqueue, type JobHandler } from './index.js';

const silent = { error: () => undefined, warn: () => undefined };

describe(`job runner (${dialect})`, () => {
  let tdb: TestDb;
  let clock: TestClock;
  before(async () => {
    tdb = await createTestDb();
  });
  after(() => tdb.drop());
  beforeEach(async () => {
    await tdb.handle.db.deleteFrom('jobs').execute();
    clock = new TestClock(new Date('2026-01-01T00:00:00Z'));
  });

  function runner(handlers: Record<string, JobHandler>, db = tdb.handle) {
    return new JobRunner({ db: db.db, dialect: db.dialect, clock, handlers, log: silent });
  }

  it('runs a job written in a committed transaction and never one from a rolled-back one', async () => {
    const seen: unknown[] = [];
    const db = tdb.handle.db;
    await db.transaction().execute((trx) => enqueue(trx, clock, { type: 't', payload: { n: 1 } }));
    await db
      .transaction()
      .execute(async (trx) => {
        await enqueue(trx, clock, { type: 't', payload: { n: 2 } });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const ran = await runner({ t: async (job) => void seen.push(job.payload) }).runDue();
    assert.equal(ran, 1);
    assert.deepEqual(seen, [{ n: 1 }]);
    const row = await db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.status, 'done');
  });

  it('does not run a job before its time', async () => {
    const r = runner({ t: async () => undefined });
    await enqueue(tdb.handle.db, clock, {
      type: 't',
      payload: null,
      runAt: new Date('2026-01-01T01:00:00Z').toISOString(),
    });
    assert.equal(await r.runDue(), 0);
    clock.advance(3_600_000);
    assert.equal(await r.runDue(), 1);
  });

  it('ignores a second job with the same dedupe key', async () => {
    await enqueue(tdb.handle.db, clock, { type: 't', payload: 1, dedupeKey: 'once' });
    await enqueue(tdb.handle.db, clock, { type: 't', payload: 2, dedupeKey: 'once' });
    const rows = await tdb.handle.db.selectFrom('jobs').select('payload').execute();
    assert.deepEqual(
      rows.map((r) => r.payload),
      ['1'],
    );
  });

  it('retries a failing job with growing backoff, then marks it failed', async () => {
    let calls = 0;
    const r = runner({
      t: async () => {
        calls++;
        throw new Error(`boom ${calls}`);
      },
    });
    await enqueue(tdb.handle.db, clock, { type: 't', payload: null, maxAttempts: 3 });
    await r.runDue();
    let row = await tdb.handle.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');
    assert.equal(row.last_error, 'boom 1');
    assert.equal(Date.parse(row.run_at) - clock.now().getTime(), backoffMs(1));
    assert.equal(await r.runDue(), 0, 'not before the backoff has passed');
    clock.advance(backoffMs(1));
    await r.runDue();
    clock.advance(backoffMs(2));
    await r.runDue();
    row = await tdb.handle.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    assert.equal(calls, 3);
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 3);
    assert.equal(row.last_error, 'boom 3');
    assert.ok(backoffMs(2) > backoffMs(1));
  });

  it('leaves a job of a type it has no handler for to a worker that has one', async () => {
    await enqueue(tdb.handle.db, clock, { type: 'later', payload: null, maxAttempts: 1 });
    assert.equal(await runner({ t: async () => undefined }).runDue(), 0);
    const row = await tdb.handle.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 0);
    let ran = 0;
    assert.equal(await runner({ later: async () => void ran++ }).runDue(), 1);
    assert.equal(ran, 1);
  });

  it('runs a job again when the worker that leased it died (lease expired)', async () => {
    await enqueue(tdb.handle.db, clock, { type: 't', payload: null });
    // A worker leased the job and crashed: the row stays 'running' with a lease.
    const leaseUntil = new Date(clock.now().getTime() + 60_000).toISOString();
    await sql`update jobs set status = 'running', locked_by = 'dead', locked_until = ${leaseUntil},
      attempts = 1`.execute(tdb.handle.db);
    let runs = 0;
    const r = runner({ t: async () => void runs++ });
    assert.equal(await r.runDue(), 0, 'a live lease is respected');
    clock.advance(61_000);
    assert.equal(await r.runDue(), 1);
    assert.equal(runs, 1);
  });

  it('lets several workers share the queue without running a job twice', async () => {
    const n = 60;
    for (let i = 0; i < n; i++) await enqueue(tdb.handle.db, clock, { type: 't', payload: i });
    const ran: number[] = [];
    const slow: JobHandler = async (job) => {
      ran.push(job.payload as number);
      await new Promise((r) => setTimeout(r, 2));
    };
    // PostgreSQL: independent pools, as separate processes would have. SQLite: one process has
    // one connection (a second one in the same thread would block it on the write lock), so the
    // workers share it; across processes SQLite's write lock gives the same guarantee.
    const handles =
      dialect === 'postgres'
        ? [tdb.reopen(), tdb.reopen(), tdb.reopen()]
        : [tdb.handle, tdb.handle];
    const workers = handles.map((h) => runner({ t: slow }, h));
    await Promise.all(workers.map((w) => w.runDue()));
    assert.equal(ran.length, n);
    assert.equal(new Set(ran).size, n);
    const done = await tdb.handle.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('c'))
      .where('status', '=', 'done')
      .executeTakeFirstOrThrow();
    assert.equal(Number(done.c), n);
  });
});
