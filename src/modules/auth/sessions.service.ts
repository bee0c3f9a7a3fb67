import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import { newId } from '../../shared/ids.js';
import type { UsersTable } from './auth.table.js';
import {
  findSessionByHash,
  insertSession,
  revokeSession,
  touchSession,
} from './sessions.repository.js';

/**
 * Sign-in sessions: a random 256-bit token in an httpOnly cookie, stored only as its SHA-256
 * hash. A session ends when revoked (sign-out, password change, deactivation), after `idleMs`
 * without a request, or `maxMs` after sign-in, whichever comes first. The CSRF token is derived
 * from the session token, so it needs no storage and dies with the session.
 */
export interface SessionSettings {
  idleMs: number;
  maxMs: number;
  /** Secure cookies: the service is reached over https. */
  secureCookie: boolean;
}

export const sessionCookie = 'redress_session';

/** The idle end moves at most this often, so a busy console does not write on every request. */
const touchEveryMs = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('redress csrf').digest('base64url');
}

export interface StartedSession {
  id: string;
  token: string;
  csrfToken: string;
}

export async function startSession(
  db: Executor,
  userId: string,
  meta: { now: string; ip: string | null; userAgent: string | null },
  settings: SessionSettings,
): Promise<StartedSession> {
  const token = newToken();
  const id = newId('ses');
  await insertSession(db, {
    id,
    user_id: userId,
    token_hash: hashToken(token),
    created_at: meta.now,
    last_seen_at: meta.now,
    expires_at: new Date(Date.parse(meta.now) + settings.maxMs).toISOString(),
    revoked_at: null,
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { id, token, csrfToken: csrfTokenOf(token) };
}

export interface LiveSession {
  id: string;
  csrfToken: string;
  user: UsersTable;
}

/** The live session of a token, or null: unknown, revoked, expired, or its person deactivated. */
export async function resolveSession(
  db: Executor,
  token: string,
  now: Date,
  settings: SessionSettings,
): Promise<LiveSession | null> {
  const found = await findSessionByHash(db, hashToken(token));
  if (!found) return null;
  const { session, user } = found;
  const t = now.getTime();
  const idleEnd = Date.parse(session.last_seen_at) + settings.idleMs;
  if (t >= Date.parse(session.expires_at) || t >= idleEnd) return null;
  if (user.deactivated_at || !user.password_hash) return null;
  await touchSession(db, session.id, now.toISOString(), new Date(t - touchEveryMs).toISOString());
  return { id: session.id, csrfToken: csrfTokenOf(token), user };
}

export async function endSession(db: Executor, id: string, now: string): Promise<void> {
  await revokeSession(db, id, now);
}
