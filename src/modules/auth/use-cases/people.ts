import type { Executor } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { AppError, validationError } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { findLocationById } from '../../catalog/index.js';
import type { User, UserRole } from '../auth.js';
import { generatePassword, hashPassword } from '../password.js';
import { hashToken, newToken } from '../sessions.service.js';
import { revokeUserSessions } from '../sessions.repository.js';
import {
  countUsers,
  findUserById,
  insertInvitation,
  insertUser,
  listUserRows,
  rowToUser,
  updateUserRow,
  withdrawInvitations,
  type UserRow,
} from '../users.repository.js';
import { emailKeyOf, type AuthEnv } from './sign-in.js';

/**
 * People are made by an admin: an invitation creates the account without a password and returns
 * a one-time link with which the person sets it. The same kind of link sets a new password for
 * someone who forgot theirs. Deactivating ends every session and open link at once.
 */
export interface PeopleEnv extends AuthEnv {
  invitationMs: number;
}

export interface Invitation {
  /** The console's page for the link: `/invite/<token>`. */
  link: string;
  expiresAt: string;
}

export const userNotFound = (id: string) =>
  new AppError('user_not_found', `User ${id} does not exist`, { id });

/** A store person needs a store; nobody else is bound to a location. */
async function checkLocation(db: Executor, role: UserRole, locationId: string | null) {
  if (role !== 'store') {
    if (locationId !== null) {
      throw validationError([{ path: 'locationId', message: 'only a store user has a location' }]);
    }
    return;
  }
  if (locationId === null) {
    throw validationError([{ path: 'locationId', message: 'is required for a store user' }]);
  }
  const location = await findLocationById(db, locationId);
  if (!location || location.kind !== 'store') {
    throw validationError([{ path: 'locationId', message: `${locationId} is not a store` }]);
  }
}

async function issueInvitation(
  env: PeopleEnv,
  db: Executor,
  userId: string,
  by: string,
): Promise<Invitation> {
  const now = env.clock.now();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + env.invitationMs).toISOString();
  await withdrawInvitations(db, userId, now.toISOString());
  await insertInvitation(db, {
    id: newId('inv'),
    user_id: userId,
    token_hash: hashToken(token),
    created_at: now.toISOString(),
    created_by: by,
    expires_at: expiresAt,
    used_at: null,
  });
  return { link: `/invite/${token}`, expiresAt };
}

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  locationId?: string | null | undefined;
}

function newUserRow(input: NewUser, now: string, passwordHash: string | null): UserRow {
  return {
    id: newId('usr'),
    email: input.email.trim(),
    email_key: emailKeyOf(input.email),
    name: input.name,
    role: input.role,
    location_id: input.locationId ?? null,
    password_hash: passwordHash,
    must_change_password: 0,
    demo: 0,
    created_at: now,
    updated_at: now,
    password_changed_at: passwordHash ? now : null,
    deactivated_at: null,
  };
}

const emailTaken = (email: string) =>
  new AppError('email_taken', `Someone already has the email ${email}`, {
    fields: [{ path: 'email', message: 'is taken' }],
  });

export async function inviteUser(
  env: PeopleEnv,
  input: NewUser,
  by: string,
): Promise<{ user: User; invitation: Invitation }> {
  return inTransaction(env.db, async (trx) => {
    await checkLocation(trx, input.role, input.locationId ?? null);
    const row = newUserRow(input, env.clock.now().toISOString(), null);
    if (!(await insertUser(trx, row))) throw emailTaken(input.email);
    const invitation = await issueInvitation(env, trx, row.id, by);
    return { user: rowToUser(row), invitation };
  });
}

/** A person with a password set now (the first admin, the demo store's people). */
export async function createUserWithPassword(
  env: AuthEnv,
  input: NewUser & { password: string; mustChangePassword?: boolean; demo?: boolean },
): Promise<User | null> {
  await checkLocation(env.db, input.role, input.locationId ?? null);
  const row = newUserRow(input, env.clock.now().toISOString(), await hashPassword(input.password));
  row.must_change_password = input.mustChangePassword ? 1 : 0;
  row.demo = input.demo ? 1 : 0;
  return (await insertUser(env.db, row)) ? rowToUser(row) : null;
}

/** A new link for a person who has not used theirs in time or forgot their password. */
export async function reissueInvitation(
  env: PeopleEnv,
  id: string,
  by: string,
): Promise<{ user: User; invitation: Invitation }> {
  return inTransaction(env.db, async (trx) => {
    const row = await findUserById(trx, id);
    if (!row) throw userNotFound(id);
    if (row.deactivated_at) {
      throw new AppError('invalid_state', `${row.name} is deactivated; reactivate them first`, {
        id,
      });
    }
    return { user: rowToUser(row), invitation: await issueInvitation(env, trx, id, by) };
  });
}

export async function listUsers(db: Executor): Promise<User[]> {
  return (await listUserRows(db)).map(rowToUser);
}

export async function getUser(db: Executor, id: string): Promise<User> {
  const row = await findUserById(db, id);
  if (!row) throw userNotFound(id);
  return rowToUser(row);
}

export interface UserChanges {
  name?: string | undefined;
  role?: UserRole | undefined;
  locationId?: string | null | undefined;
  deactivated?: boolean | undefined;
}

export async function updateUser(env: PeopleEnv, id: string, changes: UserChanges): Promise<User> {
  return inTransaction(env.db, async (trx) => {
    const row = await findUserById(trx, id);
    if (!row) throw userNotFound(id);
    const now = env.clock.now().toISOString();
    const role = changes.role ?? (row.role as UserRole);
    // Leaving the store role drops its location; a role's location is checked as a whole.
    const locationId =
      changes.locationId !== undefined
        ? changes.locationId
        : role === 'store'
          ? row.location_id
          : null;
    await checkLocation(trx, role, locationId);
    const deactivated =
      changes.deactivated === undefined
        ? row.deactivated_at
        : changes.deactivated
          ? (row.deactivated_at ?? now)
          : null;
    if (row.role === 'admin' && !row.deactivated_at && (role !== 'admin' || deactivated)) {
      await keepAnAdmin(trx, id);
    }
    const updated = await updateUserRow(trx, id, {
      name: changes.name ?? row.name,
      role,
      location_id: locationId,
      deactivated_at: deactivated,
      updated_at: now,
    });
    if (deactivated && !row.deactivated_at) {
      await revokeUserSessions(trx, id, now);
      await withdrawInvitations(trx, id, now);
    }
    if (!updated) throw userNotFound(id);
    return rowToUser(updated);
  });
}

/** Refuses to demote or deactivate the last active admin: nobody could manage people after. */
async function keepAnAdmin(db: Executor, leaving: string): Promise<void> {
  const others = (await listUserRows(db)).filter(
    (u) => u.id !== leaving && u.role === 'admin' && !u.deactivated_at && u.password_hash,
  );
  if (others.length === 0) {
    throw new AppError('last_admin', 'This is the last active admin: make another admin first', {
      id: leaving,
    });
  }
}

/**
 * On a database with nobody in it, the first admin: the given email and a random password to
 * change at first sign-in. Returns the password when this call made the account (several
 * processes starting at once make one).
 */
export async function ensureFirstAdmin(
  env: AuthEnv,
  email: string,
): Promise<{ email: string; password: string } | null> {
  if ((await countUsers(env.db)) > 0) return null;
  const password = generatePassword();
  const user = await createUserWithPassword(env, {
    email,
    name: 'Admin',
    role: 'admin',
    password,
    mustChangePassword: true,
  });
  return user ? { email: user.email, password } : null;
}
