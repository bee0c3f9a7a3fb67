import type { Executor } from '../../db/database.js';
import type { ApiKey, KeyRole } from './auth.js';
import type { ApiKeysTable } from './auth.table.js';

function rowToApiKey(row: ApiKeysTable): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role as KeyRole,
    prefix: row.key_prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertApiKey(db: Executor, row: ApiKeysTable): Promise<ApiKey> {
  await db.insertInto('api_keys').values(row).execute();
  return rowToApiKey(row);
}

export async function findActiveKeyByHash(db: Executor, hash: string): Promise<ApiKey | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && rowToApiKey(row);
}

export async function listApiKeys(db: Executor): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('id').execute();
  return rows.map(rowToApiKey);
}

export async function countApiKeys(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function revokeApiKey(db: Executor, id: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
