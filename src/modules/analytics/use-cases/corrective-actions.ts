import type { Executor } from '../../../db/database.js';
import { AppError, notFound, validationError } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { toPage, type Page } from '../../../shared/pagination.js';
import type { RootCause } from '../../incidents/index.js';
import { readTotalsByKey } from '../aggregates.repository.js';
import {
  actionTransitions,
  type ActionKind,
  type ActionStatus,
  type CorrectiveAction,
  type TargetKind,
} from '../corrective-actions.js';
import {
  findAction,
  insertAction,
  listActionRows,
  rowToAction,
  skuVolume,
  updateActionIfStatus,
  type ActionChanges,
} from '../corrective-actions.repository.js';
import { addDays, dayOf, rangeOfDays } from '../days.js';
import { rate, sumRows } from '../kpi-math.js';

export interface Ref {
  now: string;
  actor: string;
}

export interface NewAction {
  kind: ActionKind;
  target: { kind: TargetKind; id: string };
  title: string;
  description?: string | undefined;
  rootCause?: RootCause | undefined;
  owner: string;
  dueAt: string;
}

export async function createAction(
  db: Executor,
  input: NewAction,
  ref: Ref,
): Promise<CorrectiveAction> {
  const row = {
    id: newId('cact'),
    kind: input.kind,
    target_kind: input.target.kind,
    target_id: input.target.id,
    title: input.title,
    description: input.description ?? null,
    root_cause: input.rootCause ?? null,
    owner: input.owner,
    due_at: new Date(input.dueAt).toISOString(),
    status: 'open',
    started_at: null,
    done_at: null,
    cancelled_at: null,
    created_by: ref.actor,
    created_at: ref.now,
    updated_at: ref.now,
  };
  await insertAction(db, row);
  return rowToAction(row, ref.now);
}

export async function getAction(db: Executor, id: string, now: string): Promise<CorrectiveAction> {
  const row = await findAction(db, id);
  if (!row) throw notFound('corrective_action_not_found', 'Corrective action', id);
  return rowToAction(row, now);
}

export async function listActions(
  db: Executor,
  f: Parameters<typeof listActionRows>[1],
  now: string,
): Promise<Page<CorrectiveAction>> {
  const rows = await listActionRows(db, f);
  return toPage(
    rows.map((r) => rowToAction(r, now)),
    f.limit,
  );
}

export interface ActionPatch {
  title?: string | undefined;
  description?: string | null | undefined;
  owner?: string | undefined;
  dueAt?: string | undefined;
  rootCause?: RootCause | null | undefined;
  status?: ActionStatus | undefined;
  /** When the status change really happened (recording it later); default now. */
  at?: string | undefined;
}

/** Edits fields and moves the status along `actionTransitions`, stamping started/done dates. */
export async function updateAction(
  db: Executor,
  id: string,
  patch: ActionPatch,
  ref: Ref,
): Promise<CorrectiveAction> {
  const current = await getAction(db, id, ref.now);
  const at = patch.at ? new Date(patch.at).toISOString() : ref.now;
  if (at > ref.now) throw validationError([{ path: 'at', message: 'must not be in the future' }]);
  const changes: ActionChanges = { updated_at: ref.now };
  if (patch.title !== undefined) changes.title = patch.title;
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.owner !== undefined) changes.owner = patch.owner;
  if (patch.dueAt !== undefined) changes.due_at = new Date(patch.dueAt).toISOString();
  if (patch.rootCause !== undefined) changes.root_cause = patch.rootCause;
  if (patch.status !== undefined && patch.status !== current.status) {
    if (!actionTransitions[current.status].includes(patch.status)) {
      throw new AppError(
        'invalid_transition',
        `A corrective action that is ${current.status} cannot become ${patch.status}`,
        { status: current.status, allowed: actionTransitions[current.status] },
      );
    }
    changes.status = patch.status;
    if (patch.status === 'in_progress' || (patch.status === 'done' && !current.startedAt)) {
      changes.started_at = current.startedAt ?? at;
    }
    if (patch.status === 'done') changes.done_at = at;
    if (patch.status === 'cancelled') changes.cancelled_at = at;
    if (current.startedAt && at < current.startedAt) {
      throw validationError([{ path: 'at', message: 'must not be before the action started' }]);
    }
  }
  const row = await updateActionIfStatus(db, id, current.status, changes);
  if (!row) {
    const now = await getAction(db, id, ref.now);
    throw new AppError('conflict', 'The corrective action changed meanwhile; read it again', {
      status: now.status,
    });
  }
  return rowToAction(row, ref.now);
}

export interface EffectWindow {
  from: string;
  to: string;
  volume: number;
  volumeUnit: 'orders' | 'lines';
  incidents: number;
  rate: number | null;
}

export interface ActionEffect {
  actionId: string;
  target: CorrectiveAction['target'];
  windowDays: number;
  /** What the rate counts, in words. */
  measure: string;
  before: EffectWindow;
  after: EffectWindow | null;
  /** after − before; null until both windows have a rate. */
  change: number | null;
  /** The after window has fully passed. */
  complete: boolean;
}

/**
 * The target's incident rate over `windowDays` whole days before the action started and the
 * same number of days after it was done: comparable windows, with the volume behind each rate.
 */
export async function actionEffect(
  db: Executor,
  id: string,
  windowDays: number,
  now: string,
): Promise<ActionEffect> {
  const action = await getAction(db, id, now);
  const startDay = dayOf(action.startedAt ?? action.createdAt);
  const before = await windowRate(
    db,
    action.target,
    addDays(startDay, -windowDays),
    addDays(startDay, -1),
  );
  let after: EffectWindow | null = null;
  let complete = false;
  if (action.status === 'done' && action.doneAt) {
    const first = addDays(dayOf(action.doneAt), 1);
    const last = addDays(first, windowDays - 1);
    after = await windowRate(db, action.target, first, last);
    complete = last < dayOf(now);
  }
  return {
    actionId: action.id,
    target: action.target,
    windowDays,
    measure:
      action.target.kind === 'supplier'
        ? 'error lines ÷ lines shipped of the supplier’s products'
        : action.target.kind === 'sku'
          ? 'incidents naming the SKU ÷ shipped lines of the SKU'
          : 'incidents detected (customer-facing and caught) ÷ orders closed',
    before,
    after,
    change: after?.rate != null && before.rate !== null ? after.rate - before.rate : null,
    complete,
  };
}

async function windowRate(
  db: Executor,
  target: CorrectiveAction['target'],
  from: string,
  to: string,
): Promise<EffectWindow> {
  if (target.kind === 'sku') {
    const v = await skuVolume(db, target.id, rangeOfDays(from, to));
    return {
      from,
      to,
      volume: v.lines,
      volumeUnit: 'lines',
      incidents: v.incidents,
      rate: rate(v.incidents, v.lines),
    };
  }
  const rows = (await readTotalsByKey(db, { dim: target.kind, from, to, durations: false })).filter(
    (r) => r.key === target.id,
  );
  const t = sumRows(rows).counts;
  if (target.kind === 'supplier') {
    return {
      from,
      to,
      volume: t.lines_shipped,
      volumeUnit: 'lines',
      incidents: t.lines_error,
      rate: rate(t.lines_error, t.lines_shipped),
    };
  }
  const incidents = t.incidents + t.incidents_caught;
  return {
    from,
    to,
    volume: t.orders_closed,
    volumeUnit: 'orders',
    incidents,
    rate: rate(incidents, t.orders_closed),
  };
}
