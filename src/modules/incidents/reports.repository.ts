import type { Executor } from '../../db/database.js';
import type { Incident } from './incidents.js';
import { rowToIncident } from './incidents.mappers.js';
import type { IncidentState } from './lifecycle.js';

// The SQL of customer and agent reports: the per-order lock and the look-up of the incident a
// duplicate report joins.

/**
 * Takes the order's report lock for the rest of the transaction: PostgreSQL makes a second
 * transaction's upsert of the same row wait until the first commits (the unique key blocks a
 * concurrent insert; `do update` locks an existing row). SQLite's `begin immediate` already
 * serialises writers, where this is a cheap no-op write.
 */
export async function lockOrderReports(db: Executor, orderId: string, now: string): Promise<void> {
  await db
    .insertInto('incident_report_locks')
    .values({ order_id: orderId, locked_at: now })
    .onConflict((oc) => oc.column('order_id').doUpdateSet({ locked_at: now }))
    .execute();
}

/** The newest incident of the order and type detected since `since`, in none of `notIn`. */
export async function findLatestOfOrder(
  db: Executor,
  args: { orderId: string; type: string; since: string; notIn: readonly IncidentState[] },
): Promise<Incident | undefined> {
  const row = await db
    .selectFrom('incidents')
    .selectAll()
    .where('order_id', '=', args.orderId)
    .where('type', '=', args.type)
    .where('detected_at', '>=', args.since)
    .where('state', 'not in', args.notIn)
    .orderBy('detected_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && rowToIncident(row);
}

/**
 * Bumps `updated_at` unless the state is one of `notIn`, and holds the row's lock until the
 * transaction ends (a concurrent transition waits). Undefined when the state had moved on.
 */
export async function touchIncidentUnlessIn(
  db: Executor,
  id: string,
  notIn: readonly IncidentState[],
  now: string,
): Promise<Incident | undefined> {
  const row = await db
    .updateTable('incidents')
    .set({ updated_at: now })
    .where('id', '=', id)
    .where('state', 'not in', notIn)
    .returningAll()
    .executeTakeFirst();
  return row && rowToIncident(row);
}
