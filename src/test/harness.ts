import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp, type BuiltApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { DialectName } from '../db/database.js';
import { openPostgres, openSqlite, type DbHandle } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { createApiKey, type KeyRole } from '../modules/auth/index.js';
import { TestClock } from '../shared/clock.js';

/**
 * Test databases: a temporary SQLite file by default, a fresh PostgreSQL database when
 * DB=postgres (TEST_DATABASE_URL points at the server; the database is dropped afterwards).
 */
export const dialect: DialectName = process.env.DB === 'postgres' ? 'postgres' : 'sqlite';

const pgAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  handle: DbHandle;
  /**
   * Opens another independent handle on the same database. On SQLite use it only from another
   * process or without overlapping transactions: better-sqlite3 is synchronous, so a second
   * connection waiting for the write lock blocks the thread that holds it.
   */
  reopen(): DbHandle;
  /** Connection string or file, for child processes. */
  location: string;
  drop(): Promise<void>;
}

export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const name = `redress_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  let db: TestDb;
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(pgAdminUrl);
    url.pathname = `/${name}`;
    const location = url.toString();
    const handles: DbHandle[] = [];
    const open = () => {
      const h = openPostgres(location, 10);
      handles.push(h);
      return h;
    };
    db = {
      handle: open(),
      reopen: open,
      location,
      async drop() {
        for (const h of handles) await h.close().catch(() => undefined);
        const c = new pg.Client({ connectionString: pgAdminUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'redress-test-'));
    const location = join(dir, 'test.db');
    const handles: DbHandle[] = [];
    const open = () => {
      const h = openSqlite(location);
      handles.push(h);
      return h;
    };
    db = {
      handle: open(),
      reopen: open,
      location,
      async drop() {
        for (const h of handles) await h.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (opts.migrate !== false) await migrateToLatest(db.handle.db);
  return db;
}

export interface TestApp extends BuiltApp {
  clock: TestClock;
  testDb: TestDb;
  adminKey: string;
  /** A fresh key of the role, for role checks. */
  keyFor(role: KeyRole): Promise<string>;
  /** `app.inject` with the admin key (or `as`) and JSON in and out. */
  call<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    as?: string,
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function createTestApp(
  opts: { start?: Date; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const testDb = await createTestDb();
  const clock = new TestClock(opts.start ?? new Date('2026-03-02T09:00:00.000Z'));
  // Uploads and other files go to a directory of this test app, removed on close.
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-data-'));
  const config = loadConfig({
    REDRESS_TEST_CLOCK: '1',
    REDRESS_DEMO: '0',
    REDRESS_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const built = await buildApp({ handle: testDb.handle, clock, config });
  const now = clock.now().toISOString();
  const { key: adminKey } = await createApiKey(
    testDb.handle.db,
    { name: 'test admin', role: 'admin' },
    now,
  );
  const call = async <T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    as?: string,
  ): Promise<{ status: number; body: T }> => {
    const res = await built.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${as ?? adminKey}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, body: (res.body ? res.json() : undefined) as T };
  };
  return {
    ...built,
    clock,
    testDb,
    adminKey,
    call,
    async keyFor(role) {
      const { key } = await createApiKey(testDb.handle.db, { name: `test ${role}`, role }, now);
      return key;
    },
    async close() {
      await built.app.close();
      await built.runner.stop();
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves for everyone once `n` callers have arrived: all transactions are open at once. */
export function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    arrived += 1;
    if (arrived === n) open();
    await opened;
  };
}
