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
import {
  authEnvOf,
  createApiKey,
  createUserWithPassword,
  sessionCookie,
  type KeyRole,
  type UserRole,
} from '../modules/auth/index.js';
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
  /** A person of the role with a password, signed in: their cookie and CSRF token. */
  signedIn(role: UserRole, person?: Partial<PersonInput>): Promise<SignedIn>;
  /** `app.inject` as a signed-in person: their cookie, and the CSRF token on writes. */
  callAs<T = unknown>(
    who: SignedIn,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
}

export interface PersonInput {
  email: string;
  name: string;
  password: string;
  locationId: string | null;
}

export interface SignedIn extends PersonInput {
  id: string;
  role: UserRole;
  /** `redress_session=<token>`, for a Cookie header. */
  cookie: string;
  csrfToken: string;
}

let people = 0;

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
    async signedIn(role, person = {}) {
      people += 1;
      const input: PersonInput = {
        email: person.email ?? `person${people}.${role}@staff.example`,
        name: person.name ?? `Person ${people} (${role})`,
        password: person.password ?? `correct horse ${people} battery`,
        locationId: person.locationId ?? null,
      };
      const user = await createUserWithPassword(authEnvOf({ ...built.ctx, clock }), {
        ...input,
        role,
      });
      if (!user) throw new Error(`${input.email} exists already`);
      const res = await built.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: input.email, password: input.password },
      });
      if (res.statusCode !== 200) throw new Error(`sign-in answered ${res.statusCode} ${res.body}`);
      const token = res.cookies.find((c) => c.name === sessionCookie)?.value;
      const { csrfToken } = res.json<{ csrfToken: string }>();
      return { ...input, id: user.id, role, cookie: `${sessionCookie}=${token}`, csrfToken };
    },
    async callAs(who, method, url, body) {
      const res = await built.app.inject({
        method,
        url,
        headers: {
          cookie: who.cookie,
          ...(method === 'GET' ? {} : { 'x-csrf-token': who.csrfToken }),
        },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: res.statusCode, body: (res.body ? res.json() : undefined) as never };
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
