import type { Executor } from '../../db/database.js';

/**
 * Claims `key` in `scope` for a request, in the caller's transaction. Returns null when this
 * request is the first (it proceeds and records its result), else the first request's hash and
 * result. `on conflict do nothing`: on PostgreSQL a concurrent claimant waits for the first
 * transaction and then sees its committed row, and no statement fails inside the transaction.
 */
export async function claimKey(
  db: Executor,
  claim: { scope: string; key: string; hash: string; now: string },
): Promise<{ hash: string; resultId: string | null } | null> {
  const inserted = await db
    .insertInto('money_idempotency')
    .values({
      scope: claim.scope,
      key: claim.key,
      request_hash: claim.hash,
      result_id: null,
      created_at: claim.now,
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return null;
  const row = await db
    .selectFrom('money_idempotency')
    .select(['request_hash', 'result_id'])
    .where('scope', '=', claim.scope)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
  return { hash: row.request_hash, resultId: row.result_id };
}

export async function recordKeyResult(
  db: Executor,
  scope: string,
  key: string,
  resultId: string,
): Promise<void> {
  await db
    .updateTable('money_idempotency')
    .set({ result_id: resultId })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}
