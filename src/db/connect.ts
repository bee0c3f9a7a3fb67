import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database, Db, DialectName } from './database.js';

// pg returns int8 and numeric as strings; our amounts and counts fit in a double exactly.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export interface DbHandle {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
}

/**
 * `begin immediate` takes SQLite's write lock when the transaction starts, so two processes that
 * both read then write wait on `busy_timeout` instead of failing with SQLITE_BUSY mid-way.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.sqlite });
  }
}

/**
 * Kysely's SQLite driver prepares every statement again on each query, which costs more than
 * running it. The queries are a fixed set of shapes, so prepared statements are kept by SQL text.
 */
function withStatementCache(sqlite: SQLite.Database, max = 2000): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') return Reflect.get(target, prop, receiver) as unknown;
      return (text: string) => {
        let stmt = cache.get(text);
        if (!stmt) {
          stmt = target.prepare(text);
          if (cache.size >= max) cache.clear();
          cache.set(text, stmt);
        }
        return stmt;
      };
    },
  });
}

export function openSqlite(file: string): DbHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // Set explicitly: the default differs between connections and swings write speed 3×.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect(withStatementCache(sqlite)),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

export function openPostgres(url: string, poolMax = 10): DbHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  // An idle client whose connection the server ends (restart, failover) emits 'error'; without a
  // listener that would crash the process. The pool replaces the client on the next query.
  pool.on('error', (err) => {
    console.error(`PostgreSQL idle connection lost: ${err.message}`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

export function openDatabase(config: Config['database']): DbHandle {
  return config.kind === 'sqlite'
    ? openSqlite(config.file)
    : openPostgres(config.url, config.poolMax);
}
