import type { Executor } from '../../db/database.js';
import type { User, UserRole } from './auth.js';
import type { InvitationsTable, UsersTable } from './auth.table.js';

export type UserRow = UsersTable;

export function rowToUser(row: UsersTable): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as UserRole,
    locationId: row.location_id,
    mustChangePassword: row.must_change_password === 1,
    status: row.deactivated_at ? 'deactivated' : row.password_hash ? 'active' : 'invited',
    createdAt: row.created_at,
    deactivatedAt: row.deactivated_at,
  };
}

/** False when the email is taken (the unique lower-cased email). */
export async function insertUser(db: Executor, row: UsersTable): Promise<boolean> {
  const res = await db
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.column('email_key').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmailKey(
  db: Executor,
  emailKey: string,
): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email_key', '=', emailKey).executeTakeFirst();
}

export async function listUserRows(db: Executor): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('name').orderBy('id').execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether an account of the demo store can still sign in. */
export async function hasActiveDemoUser(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('demo', '=', 1)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateUserRow(
  db: Executor,
  id: string,
  set: Partial<Omit<UsersTable, 'id' | 'created_at'>>,
): Promise<UserRow | undefined> {
  await db.updateTable('users').set(set).where('id', '=', id).execute();
  return findUserById(db, id);
}

/** Sets the password only while the stored one is still `expected` (no lost concurrent change). */
export async function replacePassword(
  db: Executor,
  id: string,
  expected: string | null,
  set: Pick<UsersTable, 'password_hash' | 'password_changed_at' | 'updated_at'> &
    Partial<Pick<UsersTable, 'must_change_password' | 'name' | 'demo'>>,
): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set(set)
    .where('id', '=', id)
    .where('deactivated_at', 'is', null)
    .where('password_hash', expected === null ? 'is' : '=', expected)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertInvitation(db: Executor, row: InvitationsTable): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

export async function findInvitationByHash(
  db: Executor,
  tokenHash: string,
): Promise<InvitationsTable | undefined> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Uses an invitation once: false when it was used, withdrawn or has expired meanwhile. */
export async function useInvitation(db: Executor, id: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable('invitations')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Withdraws a person's open invitations (a new link replaces them; deactivation ends them). */
export async function withdrawInvitations(
  db: Executor,
  userId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}
