import type { Transaction } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { Database } from '../../../db/database.js';
import { enqueue } from '../../../jobs/index.js';
import { AppError } from '../../../shared/app-error.js';
import { escalateIncident, publicText } from '../../incidents/index.js';
import { findOrderHeader } from '../../orders/index.js';
import { currentPolicy } from '../policy.service.js';
import {
  findSteps,
  lockPlan,
  updatePlanIfState,
  updateStepIfState,
  claimStep,
} from '../remedies.repository.js';
import type { StepSpec } from '../remedies.js';
import type { RemedyPlansTable, RemedyStepsTable } from '../remedies.table.js';
import { clockAt, loadIncident, moveIncident, note, tell, type Ref } from './incident-side.js';
import { handlerOf, type StepEnv } from './steps/index.js';

export const WATCH_JOB = 'remedies.watch';

/**
 * Runs the chosen option's steps in order, each in its own transaction together with its
 * state row, so a crash between two steps leaves the first done and the second pending and a
 * rerun continues from there without repeating anything. A step that fails with a domain
 * error undoes the done ones in reverse; the incident stays `resolving`, escalated, with the
 * failure on its timeline. Steps that wait (a delivery, a pickup, a restock) are watched; a
 * store reservation holds back the steps after it until it is collected.
 */
export interface ExecuteHooks {
  /** Called after each step commits (tests use it to simulate a crash between steps). */
  afterStep?: (step: { id: string; kind: string }) => void | Promise<void>;
}

type Pass = { ran: { id: string; kind: string } } | { stop: true };

export async function executePlan(
  ctx: AppContext,
  planId: string,
  hooks: ExecuteHooks = {},
): Promise<void> {
  for (;;) {
    const claimed: { stepId: string | null } = { stepId: null };
    let pass: Pass;
    try {
      pass = await ctx.db.transaction().execute((trx) => nextPass(ctx, trx, planId, claimed));
    } catch (err) {
      if (err instanceof AppError && claimed.stepId) {
        await failPlan(ctx, planId, claimed.stepId, err);
        return;
      }
      throw err;
    }
    if ('stop' in pass) return;
    await hooks.afterStep?.(pass.ran);
  }
}

async function nextPass(
  ctx: AppContext,
  trx: Transaction<Database>,
  planId: string,
  claimed: { stepId: string | null },
): Promise<Pass> {
  const now = ctx.clock.now().toISOString();
  const plan = await lockPlan(trx, planId);
  if (!plan || !plan.current_for) return { stop: true };
  const ref = { now, actor: 'system' };
  if (plan.state === 'chosen') {
    await updatePlanIfState(trx, plan.id, ['chosen'], { state: 'executing', updated_at: now });
    await moveIncident(trx, plan.incident_id, 'resolving', ref);
  } else if (plan.state !== 'executing') {
    return { stop: true };
  }
  const steps = chosenSteps(plan, await findSteps(trx, plan.id));
  for (const step of steps) {
    if (step.state === 'done' && step.awaiting === 'collection' && !step.completed_at)
      return { stop: true };
    if (step.state !== 'pending') continue;
    if (!(await claimStep(trx, step.id))) return { stop: true };
    claimed.stepId = step.id;
    await runStep(ctx, trx, plan, step, steps, ref);
    return { ran: { id: step.id, kind: step.kind } };
  }
  await finishIfComplete(ctx, trx, plan, steps, ref);
  return { stop: true };
}

function chosenSteps(plan: RemedyPlansTable, steps: RemedyStepsTable[]): RemedyStepsTable[] {
  return steps.filter((s) => s.option_id === plan.chosen_option_id && s.state !== 'skipped');
}

export async function envFor(
  ctx: AppContext,
  trx: Transaction<Database>,
  plan: RemedyPlansTable,
  step: RemedyStepsTable,
  steps: RemedyStepsTable[],
  ref: Ref,
): Promise<StepEnv> {
  const incident = await loadIncident(trx, plan.incident_id, ref.now);
  const order = incident.orderId ? await findOrderHeader(trx, incident.orderId) : undefined;
  return {
    ctx,
    trx,
    stepId: step.id,
    planId: plan.id,
    incident: {
      id: incident.id,
      orderId: incident.orderId ?? '',
      customerId: incident.customerId ?? '',
      rootCause: incident.rootCause,
      locationId: incident.locationId,
      detectedAt: incident.detectedAt,
      currency: order?.currency ?? 'EUR',
    },
    siblings: steps.map((s) => ({ kind: s.kind, state: s.state, refs: refsOf(s) })),
    ref,
  };
}

export const refsOf = (s: RemedyStepsTable): Record<string, unknown> =>
  s.refs ? (JSON.parse(s.refs) as Record<string, unknown>) : {};
export const specOf = (s: RemedyStepsTable): StepSpec => JSON.parse(s.spec) as StepSpec;

async function runStep(
  ctx: AppContext,
  trx: Transaction<Database>,
  plan: RemedyPlansTable,
  step: RemedyStepsTable,
  steps: RemedyStepsTable[],
  ref: Ref,
): Promise<void> {
  const env = await envFor(ctx, trx, plan, step, steps, ref);
  const result = await handlerOf(step.kind as StepSpec['kind']).run(env, specOf(step));
  await updateStepIfState(trx, step.id, ['pending'], {
    state: 'done',
    refs: JSON.stringify(result.refs),
    awaiting: result.awaiting,
    completed_at: result.awaiting ? null : ref.now,
    done_at: ref.now,
    updated_at: ref.now,
  });
  await note(
    trx,
    plan.incident_id,
    `Step ${step.seq} ${step.kind}: ${result.message}`,
    'internal',
    ref,
  );
  const told = result.publicNote;
  if (told) await note(trx, plan.incident_id, told.message, 'public', ref, told.text);
  if (result.notify) {
    await tell(
      trx,
      clockAt(ref.now),
      plan.incident_id,
      result.notify.event,
      result.notify.data ?? {},
      step.id,
    );
  }
  if (result.awaiting)
    await scheduleWatch(ctx, trx, ref.now, result.awaiting === 'contract' ? specOf(step) : null);
}

/** Every step done and nothing left waiting: the plan completes and the incident resolves. */
export async function finishIfComplete(
  ctx: AppContext,
  trx: Transaction<Database>,
  plan: RemedyPlansTable,
  steps: RemedyStepsTable[],
  ref: Ref,
): Promise<boolean> {
  const open = steps.filter(
    (s) => s.state === 'pending' || (s.state === 'done' && !s.completed_at),
  );
  if (open.length > 0) return false;
  if (
    !(await updatePlanIfState(trx, plan.id, ['executing'], {
      state: 'completed',
      completed_at: ref.now,
      updated_at: ref.now,
    }))
  ) {
    return false;
  }
  await moveIncident(trx, plan.incident_id, 'resolved', ref, {
    message: 'Everything we promised is done.',
    visibility: 'public',
    publicText: publicText('plan_finished', {}),
  });
  await tell(trx, clockAt(ref.now), plan.incident_id, 'resolved', { planId: plan.id });
  return true;
}

/** One watch pass per slot of the policy's interval (and one at a contract's due date). */
export async function scheduleWatch(
  ctx: AppContext,
  trx: Transaction<Database>,
  now: string,
  spec: StepSpec | null,
): Promise<void> {
  const minutes = (await currentPolicy(trx, now)).policy.settings.watchMinutes;
  const slot = minutes * 60_000;
  const at = new Date(Math.ceil((Date.parse(now) + 1) / slot) * slot).toISOString();
  await enqueue(trx, ctx.clock, {
    type: WATCH_JOB,
    payload: {},
    runAt: at,
    dedupeKey: `${WATCH_JOB}:${at}`,
  });
  if (spec?.kind === 'contract_outcome') {
    await enqueue(trx, ctx.clock, {
      type: WATCH_JOB,
      payload: {},
      runAt: spec.dueBy,
      dedupeKey: `${WATCH_JOB}:${spec.dueBy}`,
    });
  }
}

/**
 * Undoes the done steps of the failed option in reverse, each in its own transaction, then
 * marks the plan failed and raises the alarm on the incident.
 */
async function failPlan(
  ctx: AppContext,
  planId: string,
  stepId: string,
  err: AppError,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const ref = { now, actor: 'system' };
  const failure = `${err.code}: ${err.message}`;
  const steps = await ctx.db.transaction().execute(async (trx) => {
    await updateStepIfState(trx, stepId, ['pending'], {
      state: 'failed',
      error: failure,
      updated_at: now,
    });
    const plan = await lockPlan(trx, planId);
    return plan ? chosenSteps(plan, await findSteps(trx, planId)) : [];
  });
  for (const step of steps.filter((s) => s.state === 'done').reverse()) {
    await undoStep(ctx, planId, step.id, ref);
  }
  await ctx.db.transaction().execute(async (trx) => {
    const plan = await lockPlan(trx, planId);
    if (!plan) return;
    await updatePlanIfState(trx, planId, ['executing', 'chosen'], {
      state: 'failed',
      failure,
      updated_at: now,
    });
    await moveIncident(trx, plan.incident_id, 'resolving', ref);
    const failed = steps.find((s) => s.id === stepId);
    await note(
      trx,
      plan.incident_id,
      `Remedy step ${failed?.kind ?? stepId} failed (${failure}); the steps before it were undone`,
      'internal',
      ref,
    );
    await note(
      trx,
      plan.incident_id,
      'Something stopped our fix; a person is taking over and will contact you.',
      'public',
      ref,
      publicText('plan_failed', {}),
    );
    await escalateIncident(trx, plan.incident_id, `remedy failed: ${failure}`.slice(0, 2000), {
      actor: 'system',
      clock: clockAt(now),
    });
    await tell(
      trx,
      clockAt(now),
      plan.incident_id,
      'step_delayed',
      { planId, failure: err.message },
      `${planId}:failed`,
    );
  });
}

export async function undoStep(
  ctx: AppContext,
  planId: string,
  stepId: string,
  ref: Ref,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const plan = await lockPlan(trx, planId);
    const all = plan ? await findSteps(trx, planId) : [];
    const step = all.find((s) => s.id === stepId);
    if (!plan || !step || step.state !== 'done') return;
    const env = await envFor(ctx, trx, plan, step, all, ref);
    let message: string;
    try {
      message = await handlerOf(step.kind as StepSpec['kind']).undo(
        env,
        specOf(step),
        refsOf(step),
      );
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      message = `could not be undone: ${e.message}`;
    }
    await updateStepIfState(trx, step.id, ['done'], {
      state: 'undone',
      undone_at: ref.now,
      error: step.error,
      updated_at: ref.now,
    });
    await note(
      trx,
      plan.incident_id,
      `Step ${step.seq} ${step.kind} undone: ${message}`,
      'internal',
      ref,
    );
  });
}
