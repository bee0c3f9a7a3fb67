import { inTransaction } from '../../../db/transaction.js';
import { AppError, validationError } from '../../../shared/app-error.js';
import type { User } from '../auth.js';
import { hashPassword, verifyPassword } from '../password.js';
import { revokeUserSessions } from '../sessions.repository.js';
import { hashToken, startSession, type StartedSession } from '../sessions.service.js';
import {
  findInvitationByHash,
  findUserById,
  replacePassword,
  rowToUser,
  useInvitation,
} from '../users.repository.js';
import { checkLimits, recordFailure, type AuthEnv, type RequestMeta } from './sign-in.js';

/** What a person does with their own account: set a password from a link, change it. */

const invitationInvalid = () =>
  new AppError(
    'invitation_invalid',
    'This link is not valid: it was used, replaced or has expired. Ask an admin for a new one',
  );

/** Who a link is for, so the page can greet them; the same 404 for every unusable link. */
export async function readInvitation(
  env: AuthEnv,
  token: string,
): Promise<{ email: string; name: string; expiresAt: string }> {
  const inv = await findInvitationByHash(env.db, hashToken(token));
  const now = env.clock.now().toISOString();
  if (!inv || inv.used_at || inv.expires_at <= now) throw invitationInvalid();
  const user = await findUserById(env.db, inv.user_id);
  if (!user || user.deactivated_at) throw invitationInvalid();
  return { email: user.email, name: user.name, expiresAt: inv.expires_at };
}

/**
 * Sets the password from a one-time link and signs the person in. Any session they had ends
 * (the link also serves a forgotten password).
 */
export async function acceptInvitation(
  env: AuthEnv,
  token: string,
  input: { name?: string | undefined; password: string },
  meta: RequestMeta,
): Promise<{ user: User; session: StartedSession }> {
  const hash = await hashPassword(input.password);
  return inTransaction(env.db, async (trx) => {
    const now = env.clock.now().toISOString();
    const inv = await findInvitationByHash(trx, hashToken(token));
    if (!inv || !(await useInvitation(trx, inv.id, now))) throw invitationInvalid();
    const row = await findUserById(trx, inv.user_id);
    if (!row || row.deactivated_at) throw invitationInvalid();
    const set = {
      password_hash: hash,
      password_changed_at: now,
      updated_at: now,
      must_change_password: 0,
      demo: 0,
      ...(input.name ? { name: input.name } : {}),
    };
    if (!(await replacePassword(trx, row.id, row.password_hash, set))) throw invitationInvalid();
    await revokeUserSessions(trx, row.id, now);
    const session = await startSession(trx, row.id, { now, ...meta }, env.sessions);
    return { user: rowToUser({ ...row, ...set }), session };
  });
}

/**
 * A signed-in person changes their password with the current one; every other session of theirs
 * ends. Wrong current passwords count towards the account's sign-in limit.
 */
export async function changePassword(
  env: AuthEnv,
  who: { userId: string; sessionId: string },
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const row = await findUserById(env.db, who.userId);
  if (!row?.password_hash) throw new AppError('unauthorized', 'Sign in again');
  await checkLimits(env, row.email_key, meta.ip);
  if (!(await verifyPassword(input.currentPassword, row.password_hash))) {
    await recordFailure(env, row.email_key, meta.ip);
    throw validationError([{ path: 'currentPassword', message: 'is not your current password' }]);
  }
  if (input.newPassword === input.currentPassword) {
    throw validationError([{ path: 'newPassword', message: 'must differ from the current one' }]);
  }
  const hash = await hashPassword(input.newPassword);
  await inTransaction(env.db, async (trx) => {
    const now = env.clock.now().toISOString();
    const set = {
      password_hash: hash,
      password_changed_at: now,
      updated_at: now,
      must_change_password: 0,
      demo: 0,
    };
    // Only over the password just checked: a concurrent change wins, this one asks again.
    if (!(await replacePassword(trx, row.id, row.password_hash, set))) {
      throw new AppError('conflict', 'Your password changed meanwhile; sign in again');
    }
    await revokeUserSessions(trx, row.id, now, who.sessionId);
  });
}
