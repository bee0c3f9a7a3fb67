import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import { AppError } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import type { ApiKey, KeyRole } from './auth.js';
import {
  countApiKeys,
  findActiveKeyByHash,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
} from './auth.repository.js';

/** Staff API keys: made here, stored only as a SHA-256 hash (keys are 256-bit random). */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateKey(): string {
  return `rdk_${randomBytes(32).toString('base64url')}`;
}

export async function createApiKey(
  db: Executor,
  input: { name: string; role: KeyRole; key?: string },
  now: string,
): Promise<{ apiKey: ApiKey; key: string }> {
  const key = input.key ?? generateKey();
  const apiKey = await insertApiKey(db, {
    id: newId('key'),
    name: input.name,
    role: input.role,
    key_hash: hashKey(key),
    key_prefix: key.slice(0, 10),
    created_at: now,
    revoked_at: null,
  });
  return { apiKey, key };
}

export async function authenticate(db: Executor, key: string): Promise<ApiKey | undefined> {
  return findActiveKeyByHash(db, hashKey(key));
}

/**
 * On a database with no keys, makes the first admin key: the configured one, or a new one that
 * the caller prints once. Returns the key when one was made by this call.
 */
export async function ensureFirstAdminKey(
  db: Executor,
  configured: string | undefined,
  now: string,
): Promise<{ key: string; generated: boolean } | null> {
  if (configured && (await authenticate(db, configured))) return null;
  if ((await countApiKeys(db)) > 0) {
    if (!configured) return null;
    // A known key was asked for (scripts, CI): make sure it works even on an existing database.
    await createApiKey(
      db,
      { name: 'admin (REDRESS_ADMIN_KEY)', role: 'admin', key: configured },
      now,
    );
    return { key: configured, generated: false };
  }
  const { key } = await createApiKey(
    db,
    {
      name: configured ? 'admin (REDRESS_ADMIN_KEY)' : 'first admin',
      role: 'admin',
      key: configured,
    },
    now,
  );
  return { key, generated: !configured };
}

export { listApiKeys };

export async function revokeKey(db: Executor, id: string, now: string): Promise<void> {
  if (!(await revokeApiKey(db, id, now))) {
    throw new AppError('api_key_not_found', `API key ${id} does not exist or is already revoked`, {
      id,
    });
  }
}
