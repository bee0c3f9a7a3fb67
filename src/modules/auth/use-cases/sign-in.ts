import type { Executor } from '../../../db/database.js';
import { AppError } from '../../../shared/app-error.js';
import type { Clock } from '../../../shared/clock.js';
import { verifyDecoy, verifyPassword } from '../password.js';
import { findUserByEmailKey, rowToUser } from '../users.repository.js';
import { clearFailures, countFailure, findFailures } from '../sessions.repository.js';
import { startSession, type SessionSettings, type StartedSession } from '../sessions.service.js';
import type { User } from '../auth.js';

/**
 * Failed sign-ins are limited per account and per address within a window that starts at the
 * first failure: past the limit every attempt, right or wrong, waits for the window to end
 * (429 with Retry-After). An unknown email counts like a known one and gets the same answers.
 */
export const signInLimits = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 } as const;

export interface AuthEnv {
  db: Executor;
  clock: Clock;
  sessions: SessionSettings;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export function emailKeyOf(email: string): string {
  return email.trim().toLowerCase();
}

const accountKey = (emailKey: string) => `email:${emailKey}`;
const addressKey = (ip: string) => `ip:${ip}`;

/** Refuses with 429 while the account's or the address's failures are at their limit. */
export async function checkLimits(env: AuthEnv, emailKey: string, ip: string | null) {
  const now = env.clock.now().getTime();
  const keys = [accountKey(emailKey), ...(ip ? [addressKey(ip)] : [])];
  const rows = await findFailures(env.db, keys);
  let waitMs = 0;
  for (const r of rows) {
    const limit = r.key.startsWith('ip:') ? signInLimits.perAddress : signInLimits.perAccount;
    const ends = Date.parse(r.since) + signInLimits.windowMs;
    if (r.failures >= limit && ends > now) waitMs = Math.max(waitMs, ends - now);
  }
  if (waitMs > 0) {
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    throw new AppError(
      'too_many_attempts',
      `Too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
      { retryAfterSeconds },
    );
  }
}

export async function recordFailure(env: AuthEnv, emailKey: string, ip: string | null) {
  const now = env.clock.now();
  const windowStart = new Date(now.getTime() - signInLimits.windowMs).toISOString();
  await countFailure(env.db, accountKey(emailKey), now.toISOString(), windowStart);
  if (ip) await countFailure(env.db, addressKey(ip), now.toISOString(), windowStart);
}

const invalid = () => new AppError('invalid_credentials', 'The email or the password is not right');

export async function signIn(
  env: AuthEnv,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<{ user: User; session: StartedSession }> {
  const emailKey = emailKeyOf(input.email);
  await checkLimits(env, emailKey, meta.ip);
  const row = await findUserByEmailKey(env.db, emailKey);
  const ok = row?.password_hash
    ? (await verifyPassword(input.password, row.password_hash)) && !row.deactivated_at
    : await verifyDecoy(input.password);
  if (!row || !ok) {
    await recordFailure(env, emailKey, meta.ip);
    throw invalid();
  }
  await clearFailures(env.db, accountKey(emailKey));
  const now = env.clock.now().toISOString();
  const session = await startSession(env.db, row.id, { now, ...meta }, env.sessions);
  return { user: rowToUser(row), session };
}
