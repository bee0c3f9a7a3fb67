import type { Executor } from '../../db/database.js';
import type { SessionsTable, UsersTable } from './auth.table.js';

export async function insertSession(db: Executor, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** A session that is not revoked, with its person; expiry is the caller's to judge. */
export async function findSessionByHash(
  db: Executor,
  tokenHash: string,
): Promise<{ session: SessionsTable; user: UsersTable } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as s_id',
      'sessions.user_id as s_user_id',
      'sessions.token_hash as s_token_hash',
      'sessions.created_at as s_created_at',
      'sessions.last_seen_at as s_last_seen_at',
      'sessions.expires_at as s_expires_at',
      'sessions.revoked_at as s_revoked_at',
      'sessions.ip as s_ip',
      'sessions.user_agent as s_user_agent',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { s_id, s_user_id, s_token_hash, s_created_at, s_last_seen_at, s_expires_at } = row;
  const { s_revoked_at, s_ip, s_user_agent, ...user } = row;
  return {
    session: {
      id: s_id,
      user_id: s_user_id,
      token_hash: s_token_hash,
      created_at: s_created_at,
      last_seen_at: s_last_seen_at,
      expires_at: s_expires_at,
      revoked_at: s_revoked_at,
      ip: s_ip,
      user_agent: s_user_agent,
    },
    user: user as UsersTable,
  };
}

/** Moves the idle end forward, at most once per `olderThan`: not a write on every request. */
export async function touchSession(
  db: Executor,
  id: string,
  now: string,
  olderThan: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .where('id', '=', id)
    .where('last_seen_at', '<', olderThan)
    .execute();
}

export async function revokeSession(db: Executor, id: string, now: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every session of a person but `keep` (the one that changed the password). */
export async function revokeUserSessions(
  db: Executor,
  userId: string,
  now: string,
  keep?: string,
): Promise<number> {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keep) q = q.where('id', '!=', keep);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * Counts one failed sign-in under `key` in one statement: a window older than `windowStart`
 * starts again at 1. Returns the count and when its window started.
 */
export async function countFailure(
  db: Executor,
  key: string,
  now: string,
  windowStart: string,
): Promise<{ failures: number; since: string }> {
  const row = await db
    .insertInto('sign_in_failures')
    .values({ key, failures: 1, window_started_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when('sign_in_failures.window_started_at', '<', windowStart)
          .then(1)
          .else(eb('sign_in_failures.failures', '+', 1))
          .end(),
        window_started_at: eb
          .case()
          .when('sign_in_failures.window_started_at', '<', windowStart)
          .then(now)
          .else(eb.ref('sign_in_failures.window_started_at'))
          .end(),
      })),
    )
    .returning(['failures', 'window_started_at'])
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failures), since: row.window_started_at };
}

export async function findFailures(
  db: Executor,
  keys: string[],
): Promise<{ key: string; failures: number; since: string }[]> {
  const rows = await db
    .selectFrom('sign_in_failures')
    .selectAll()
    .where('key', 'in', keys)
    .execute();
  return rows.map((r) => ({
    key: r.key,
    failures: Number(r.failures),
    since: r.window_started_at,
  }));
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}
