import type { Executor } from '../../db/database.js';
import type { RootCause } from '../incidents/index.js';
import type { CorrectiveActionsTable } from './analytics.table.js';
import type {
  ActionKind,
  ActionStatus,
  CorrectiveAction,
  TargetKind,
} from './corrective-actions.js';
import { errorLineTypes } from './analytics.js';

export function rowToAction(r: CorrectiveActionsTable, now: string): CorrectiveAction {
  const status = r.status as ActionStatus;
  return {
    id: r.id,
    kind: r.kind as ActionKind,
    target: { kind: r.target_kind as TargetKind, id: r.target_id },
    title: r.title,
    description: r.description,
    rootCause: r.root_cause as RootCause | null,
    owner: r.owner,
    dueAt: r.due_at,
    status,
    startedAt: r.started_at,
    doneAt: r.done_at,
    cancelledAt: r.cancelled_at,
    overdue: (status === 'open' || status === 'in_progress') && r.due_at < now,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertAction(db: Executor, row: CorrectiveActionsTable): Promise<void> {
  await db.insertInto('corrective_actions').values(row).execute();
}

export async function findAction(
  db: Executor,
  id: string,
): Promise<CorrectiveActionsTable | undefined> {
  return db.selectFrom('corrective_actions').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ActionChanges = Partial<
  Pick<
    CorrectiveActionsTable,
    | 'title'
    | 'description'
    | 'owner'
    | 'due_at'
    | 'status'
    | 'started_at'
    | 'done_at'
    | 'cancelled_at'
    | 'root_cause'
  >
> & { updated_at: string };

/** Applies the changes only if the status is still `from`: concurrent edits cannot both win. */
export async function updateActionIfStatus(
  db: Executor,
  id: string,
  from: string,
  changes: ActionChanges,
): Promise<CorrectiveActionsTable | undefined> {
  return db
    .updateTable('corrective_actions')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', from)
    .returningAll()
    .executeTakeFirst();
}

export async function listActionRows(
  db: Executor,
  f: {
    status?: string[] | undefined;
    targetKind?: string | undefined;
    targetId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<CorrectiveActionsTable[]> {
  let q = db.selectFrom('corrective_actions').selectAll();
  if (f.status) q = q.where('status', 'in', f.status);
  if (f.targetKind) q = q.where('target_kind', '=', f.targetKind);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.cursor) q = q.where('id', '<', f.cursor);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Targets with an action still open or in progress. */
export async function activeTargets(db: Executor): Promise<Set<string>> {
  const rows = await db
    .selectFrom('corrective_actions')
    .select(['target_kind', 'target_id'])
    .where('status', 'in', ['open', 'in_progress'])
    .execute();
  return new Set(rows.map((r) => `${r.target_kind}:${r.target_id}`));
}

/**
 * Analytics query: shipped lines of one SKU in orders closed in [from, to), and incidents
 * detected in [from, to) whose lines name that SKU (customer-facing or caught).
 */
export async function skuVolume(
  db: Executor,
  sku: string,
  range: { from: string; to: string },
): Promise<{ lines: number; incidents: number }> {
  const lines = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('l.sku', '=', sku)
    .where('l.qty_shipped', '>', 0)
    .where('o.closed_at', '>=', range.from)
    .where('o.closed_at', '<', range.to)
    .executeTakeFirst();
  const incidents = await db
    .selectFrom('incidents as i')
    .innerJoin('incident_lines as il', 'il.incident_id', 'i.id')
    .leftJoin('order_lines as ol', 'ol.id', 'il.order_line_id')
    .select((eb) => eb.fn.count<number>('i.id').distinct().as('n'))
    .where((eb) => eb.or([eb('il.expected_sku', '=', sku), eb('ol.sku', '=', sku)]))
    .where('i.type', 'in', [...errorLineTypes, 'extra_item'])
    .where('i.state', '!=', 'dismissed')
    .where('i.detected_at', '>=', range.from)
    .where('i.detected_at', '<', range.to)
    .executeTakeFirst();
  return { lines: Number(lines?.n ?? 0), incidents: Number(incidents?.n ?? 0) };
}
