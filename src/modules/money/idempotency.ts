import { createHash } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import { claimKey, recordKeyResult } from './idempotency.repository.js';
import { idempotencyConflict } from './money.errors.js';

/** JSON with object keys sorted, so the same request always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('hex');
}

/**
 * Runs `create` once per (scope, key), in the caller's transaction: a retry with the same key and
 * the same request gets the first result (`load`), with another request a 409. Without a key it
 * simply runs. A failed first attempt rolls its claim back with it, so a retry runs again.
 */
export async function once<T extends { id: string }>(
  trx: Executor,
  opts: { scope: string; key: string | undefined; request: unknown; now: string },
  create: () => Promise<T>,
  load: (id: string) => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  if (opts.key === undefined) return { result: await create(), replayed: false };
  const hash = requestHash(opts.request);
  const first = await claimKey(trx, { scope: opts.scope, key: opts.key, hash, now: opts.now });
  if (first) {
    if (first.hash !== hash || first.resultId === null) throw idempotencyConflict(opts.key);
    return { result: await load(first.resultId), replayed: true };
  }
  const result = await create();
  await recordKeyResult(trx, opts.scope, opts.key, result.id);
  return { result, replayed: false };
}
