/**
 * Inventory feed throughput: absolute-level batches of 1,000 rows applied through the feed
 * service (in-process, a temporary SQLite file, 5,000 SKUs at one location), against the raw
 * insert rate of the same rows into a plain table of the same database (one prepared INSERT,
 * 1,000-row transactions). Goal: the feed path at least a third of raw.
 *
 * Two workloads, each on a fresh database: every level changes on every pass (a movement per
 * row: the worst case), and a typical snapshot where 5% of the levels changed since the last
 * one (every row still has its version checked and stored). Two references are printed beside
 * them: the feed's UPDATE alone, and the raw INSERT of movements into a ledger-shaped table.
 * Run: `npm run bench:feed` (BENCH_SKUS and BENCH_PASSES change the defaults).
 *
 * `BENCH_DB=postgres` runs the same workloads on PostgreSQL instead, in a database created for
 * the run and dropped after it (BENCH_DATABASE_URL: the server's admin URL, default
 * postgres://postgres@127.0.0.1:5432/postgres). There the baseline is the fastest plain
 * parameterised insert PostgreSQL has short of COPY: one `INSERT … SELECT FROM unnest(…)` of the
 * 1,000 rows per transaction, through the same client library.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { openPostgres, openSqlite } from '../src/db/connect.js';
import type { Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { setLevelsBySkuQuery } from '../src/modules/inventory/feeds.repository.js';
import { applyFeed } from '../src/modules/inventory/index.js';
import { newId } from '../src/shared/ids.js';

const SKUS = Number(process.env.BENCH_SKUS ?? 5000);
const BATCH = 1000;
const PASSES = Number(process.env.BENCH_PASSES ?? 10);
const at = '2026-03-02T09:00:00.000Z';

async function seed(db: Db): Promise<{ locationId: string; skus: string[] }> {
  await migrateToLatest(db);
  const locationId = newId('loc');
  await db
    .insertInto('locations')
    .values({
      id: locationId,
      code: 'S1',
      name: 'Store S1',
      kind: 'store',
      zone: 'city',
      address: JSON.stringify({
        line1: '1 Rua',
        city: 'Lisboa',
        postalCode: '1100',
        country: 'PT',
      }),
      latitude: null,
      longitude: null,
      can_ship: 0,
      can_pickup: 1,
      can_return: 1,
      active: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  const skus = Array.from({ length: SKUS }, (_, i) => `SKU-${String(i).padStart(6, '0')}`);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < skus.length; i += 500) {
      await trx
        .insertInto('products')
        .values(
          skus.slice(i, i + 500).map((sku) => ({
            id: newId('prd'),
            sku,
            name: sku,
            price_amount: 1000,
            currency: 'EUR',
            supplier_id: null,
            active: 1,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    }
  });
  return { locationId, skus };
}

/** Pass `p`: every SKU once with a newer version; a row's level changes every `every` passes. */
function rowsOf(skus: string[], p: number, every: number) {
  return skus.map((sku, i) => ({
    sku,
    onHand: (i * 7 + 13 * Math.floor((p + i) / every)) % 50,
    version: p * 1_000_000 + i,
  }));
}

async function feedPath(db: Db, locationId: string, skus: string[], every: number) {
  // Pass 0 creates the levels (first sight of each SKU); it warms up and is not measured.
  let rows = 0;
  let ms = 0;
  let movements = 0;
  for (let p = 0; p <= PASSES; p++) {
    const all = rowsOf(skus, p, every);
    const started = performance.now();
    for (let i = 0; i < all.length; i += BATCH) {
      const items = all.slice(i, i + BATCH);
      const res = await applyFeed(
        db,
        { source: 'bench-pos', locationId, kind: 'levels', items },
        { now: new Date(Date.parse(at) + p * 60_000).toISOString(), actor: 'bench' },
      );
      if (res.applied !== items.length)
        throw new Error(`applied ${res.applied} of ${items.length}`);
      if (p > 0) movements += res.movements;
    }
    if (p > 0) {
      ms += performance.now() - started;
      rows += all.length;
    }
  }
  return { rows, ms, movements };
}

/**
 * Runs `batch` over the same rows the feed got (from pass `firstPass` on, so versions are newer
 * than the feed's), 1,000 at a time, until `total` rows.
 */
async function timed(
  skus: string[],
  run: { total: number; every: number; firstPass: number },
  batch: (rows: ReturnType<typeof rowsOf>) => void | Promise<void>,
) {
  let rows = 0;
  const started = performance.now();
  for (let p = run.firstPass; rows < run.total; p++) {
    const all = rowsOf(skus, p, run.every);
    for (let i = 0; i < all.length && rows < run.total; i += BATCH) {
      const part = all.slice(i, i + BATCH);
      await batch(part);
      rows += part.length;
    }
  }
  return { rows, ms: performance.now() - started };
}

function openRaw(file: string): SQLite.Database {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  return raw;
}

/** The baseline: one prepared INSERT into a plain table, 1,000-row transactions. */
async function rawInserts(file: string, locationId: string, skus: string[], total: number) {
  const raw = openRaw(file);
  raw.exec(
    'create table bench_raw_levels (sku text not null, location_id text not null, ' +
      'on_hand integer not null, version integer not null, updated_at text not null)',
  );
  const insert = raw.prepare('insert into bench_raw_levels values (?, ?, ?, ?, ?)');
  const result = await timed(
    skus,
    { total, every: 1, firstPass: 1 },
    raw.transaction((rows: ReturnType<typeof rowsOf>) => {
      for (const r of rows) insert.run(r.sku, locationId, r.onHand, r.version, at);
    }),
  );
  raw.close();
  return result;
}

/**
 * A reference, not the baseline: the same prepared INSERT into a table shaped like the ledger
 * (text key and its three indexes), one row per level — what writing a movement costs alone.
 */
async function rawLedgerInserts(file: string, locationId: string, skus: string[], total: number) {
  const raw = openRaw(file);
  raw.exec(`
    create table bench_raw_ledger (id text primary key, product_id text not null,
      location_id text not null, kind text not null, on_hand_delta integer not null,
      reserved_delta integer not null, on_hand_after integer not null,
      reserved_after integer not null, reason text, ref_type text, ref_id text,
      actor text not null, created_at text not null);
    create index bench_raw_ledger_item on bench_raw_ledger (product_id, location_id, created_at);
    create index bench_raw_ledger_ref on bench_raw_ledger (ref_type, ref_id);
    create index bench_raw_ledger_kind on bench_raw_ledger (kind, created_at);`);
  const insert = raw.prepare(
    'insert into bench_raw_ledger values (?, ?, ?, ?, 1, 0, ?, 0, ?, ?, ?, ?, ?)',
  );
  let batchNo = 0;
  const result = await timed(
    skus,
    { total, every: 1, firstPass: 1 },
    raw.transaction((rows: ReturnType<typeof rowsOf>) => {
      batchNo += 1;
      const now = new Date(Date.parse(at) + batchNo * 60_000).toISOString();
      for (const r of rows) {
        const reason = `feed levels from bench-pos (version ${r.version})`;
        insert.run(
          newId('mov'),
          r.sku,
          locationId,
          'count',
          r.onHand,
          reason,
          'feed',
          `feed_${batchNo}`,
          'bench',
          now,
        );
      }
    }),
  );
  raw.close();
  return result;
}

/**
 * A reference, not the baseline: the feed's own UPDATE (same SQL text, same rows, newer
 * versions) through one raw prepared statement in 1,000-row transactions — what setting the
 * levels costs alone, without validation, movements, the batch record or Kysely.
 */
async function rawFeedUpdates(
  file: string,
  text: string,
  run: { locationId: string; skus: string[]; total: number; every: number },
) {
  const raw = openRaw(file);
  const update = raw.prepare(text);
  const apply = raw.transaction((rows: ReturnType<typeof rowsOf>) => {
    const parameters: unknown[] = [at, at];
    for (const r of rows) parameters.push(r.sku, r.onHand, r.version, run.locationId);
    if (update.all(parameters).length !== rows.length) throw new Error('a level was not set');
  });
  const result = await timed(
    run.skus,
    { total: run.total, every: run.every, firstPass: PASSES + 1 },
    apply,
  );
  raw.close();
  return result;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const rate = (r: { rows: number; ms: number }) => (r.rows / r.ms) * 1000;

function report(
  label: string,
  feed: { rows: number; ms: number; movements: number },
  raw: { rows: number; ms: number },
): void {
  const ratio = rate(feed) / rate(raw);
  console.log(label);
  console.log(
    `  feed service:  ${fmt(feed.rows)} levels in ${fmt(feed.ms)} ms = ${fmt(rate(feed))} levels/s ` +
      `(${fmt(feed.movements)} movements)`,
  );
  console.log(
    `  raw INSERT:    ${fmt(raw.rows)} rows in ${fmt(raw.ms)} ms = ${fmt(rate(raw))} rows/s`,
  );
  console.log(
    `  ratio:         ${ratio.toFixed(2)} (goal ≥ 0.33: ${ratio >= 1 / 3 ? 'met' : 'not met'})`,
  );
}

async function scenario(label: string, every: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-feed-'));
  const file = join(dir, 'bench.db');
  try {
    const handle = openSqlite(file);
    const { locationId, skus } = await seed(handle.db);
    const feed = await feedPath(handle.db, locationId, skus, every);
    const updateText = setLevelsBySkuQuery(handle.db, BATCH).sql;
    await handle.close();
    const raw = await rawInserts(file, locationId, skus, feed.rows);
    const update = await rawFeedUpdates(file, updateText, {
      locationId,
      skus,
      total: feed.rows,
      every,
    });
    const ledger = await rawLedgerInserts(file, locationId, skus, feed.rows);
    report(label, feed, raw);
    console.log(
      `  reference, the feed's UPDATE alone (raw prepared): ${fmt(rate(update))} levels/s ` +
        `(${(rate(update) / rate(raw)).toFixed(2)} of raw)`,
    );
    console.log(`  reference, raw INSERT into a ledger-shaped table: ${fmt(rate(ledger))} rows/s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PostgreSQL's baseline: one unnest INSERT of the 1,000 rows per transaction. */
async function rawInsertsPg(url: string, locationId: string, skus: string[], total: number) {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query(
      'create table bench_raw_levels (sku text not null, location_id text not null, ' +
        'on_hand integer not null, version bigint not null, updated_at text not null)',
    );
    return await timed(skus, { total, every: 1, firstPass: 1 }, async (rows) => {
      await client.query('begin');
      await client.query({
        name: 'bench-raw-insert',
        text:
          'insert into bench_raw_levels select * from ' +
          'unnest($1::text[], $2::text[], $3::integer[], $4::bigint[], $5::text[])',
        values: [
          rows.map((r) => r.sku),
          rows.map(() => locationId),
          rows.map((r) => r.onHand),
          rows.map((r) => r.version),
          rows.map(() => at),
        ],
      });
      await client.query('commit');
    });
  } finally {
    await client.end();
  }
}

/** A reference on PostgreSQL: the feed's own UPDATE alone, one per 1,000-row transaction. */
async function rawFeedUpdatesPg(
  url: string,
  text: string,
  run: { locationId: string; skus: string[]; total: number; every: number },
) {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await timed(
      run.skus,
      { total: run.total, every: run.every, firstPass: PASSES + 1 },
      async (rows) => {
        const parameters: unknown[] = [at, at];
        for (const r of rows) parameters.push(r.sku, r.onHand, r.version, run.locationId);
        await client.query('begin');
        const result = await client.query({ name: 'bench-feed-update', text, values: parameters });
        await client.query('commit');
        if (result.rowCount !== rows.length) throw new Error('a level was not set');
      },
    );
  } finally {
    await client.end();
  }
}

async function scenarioPg(label: string, every: number): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `redress_bench_feed_${process.pid}_${Date.now()}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const handle = openPostgres(url.toString());
    const { locationId, skus } = await seed(handle.db);
    const feed = await feedPath(handle.db, locationId, skus, every);
    const updateText = setLevelsBySkuQuery(handle.db, BATCH).sql;
    await handle.close();
    const raw = await rawInsertsPg(url.toString(), locationId, skus, feed.rows);
    const update = await rawFeedUpdatesPg(url.toString(), updateText, {
      locationId,
      skus,
      total: feed.rows,
      every,
    });
    report(label, feed, raw);
    console.log(
      `  reference, the feed's UPDATE alone (one statement a transaction): ${fmt(rate(update))} levels/s ` +
        `(${(rate(update) / rate(raw)).toFixed(2)} of raw)`,
    );
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const onPostgres = process.env.BENCH_DB === 'postgres';
console.log(
  `${fmt(SKUS)} SKUs at one location; batches of ${BATCH}; ${PASSES} measured passes; ` +
    (onPostgres ? 'PostgreSQL' : 'SQLite'),
);
const run = onPostgres ? scenarioPg : scenario;
await run('every level changes (a movement per row):', 1);
await run('typical snapshot, 5% of the levels changed:', 20);
