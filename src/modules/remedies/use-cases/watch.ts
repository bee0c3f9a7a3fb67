import type { Transaction } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { Database } from '../../../db/database.js';
import { AppError, otherLocation, validationError } from '../../../shared/app-error.js';
import { publicText, type PublicText } from '../../incidents/index.js';
import { awaitKinds, type AwaitKind, type RemedyPlan, type StepSpec } from '../remedies.js';
import { planNotFound } from '../remedies.errors.js';
import {
  findCurrentPlan,
  findSteps,
  lockPlan,
  plansAwaiting,
  updateStepIfState,
} from '../remedies.repository.js';
import type { RemedyPlansTable, RemedyStepsTable } from '../remedies.table.js';
import { storedOptions } from '../remedies.mappers.js';
import { chooseInTransaction } from './choose.js';
import { envFor, executePlan, finishIfComplete, refsOf, scheduleWatch, specOf } from './execute.js';
import { clockAt, note, tell, type Ref } from './incident-side.js';
import {
  collectReservation,
  handlerOf,
  receivePickup,
  type CheckResult,
  type Disposition,
} from './steps/index.js';
import { unitsOf } from './steps/step.js';
import { planView } from './view.js';

/**
 * Watching what done steps wait for — a reship delivered, a pickup back, a backorder restocked
 * and shipped, a contract's due date — by asking each step's `check`. Plans are visited oldest
 * first, so an earlier backorder takes restocked units before a later one. A purchase order
 * receipt has already served the backorders its units cover (restock.ts); this pass catches
 * stock that rose by other routes: feeds, adjustments, returns.
 */
export async function watchPlans(ctx: AppContext): Promise<void> {
  const planIds = await plansAwaiting(ctx.db, [...awaitKinds]);
  let waiting = false;
  const failed: { planId: string; err: unknown }[] = [];
  for (const planId of planIds) {
    // Each plan in its own transaction: one that cannot be checked holds none of the others up.
    try {
      const result = await checkPlan(ctx, planId);
      if (result === 'continue') await executePlan(ctx, planId);
      if (result === 'waiting') waiting = true;
    } catch (err) {
      failed.push({ planId, err });
    }
  }
  if (waiting || failed.length > 0) {
    const now = ctx.clock.now().toISOString();
    await ctx.db.transaction().execute((trx) => scheduleWatch(ctx, trx, now, null));
  }
  if (failed.length > 0) {
    // The job fails so that the runner logs why and retries; the next pass is scheduled anyway.
    const which = failed.map((f) => `${f.planId}: ${messageOf(f.err)}`).join('; ');
    throw new AggregateError(
      failed.map((f) => f.err),
      `${failed.length} of ${planIds.length} plans could not be checked (${which})`,
    );
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function checkPlan(
  ctx: AppContext,
  planId: string,
): Promise<'waiting' | 'continue' | 'done'> {
  const now = ctx.clock.now().toISOString();
  const ref = { now, actor: 'system' };
  return ctx.db.transaction().execute(async (trx) => {
    const plan = await lockPlan(trx, planId);
    if (!plan || plan.state !== 'executing') return 'done';
    const all = await findSteps(trx, planId);
    for (const step of all) {
      if (step.option_id !== plan.chosen_option_id || step.state !== 'done' || step.completed_at)
        continue;
      const handler = handlerOf(step.kind as StepSpec['kind']);
      if (!handler.check) continue;
      const env = await envFor(ctx, trx, plan, step, all, ref);
      await recordCheck(trx, plan, step, await handler.check(env, specOf(step), refsOf(step)), ref);
    }
    const after = (await findSteps(trx, planId)).filter(
      (s) => s.option_id === plan.chosen_option_id && s.state !== 'skipped',
    );
    if (after.some((s) => s.state === 'pending')) return 'continue';
    return (await finishIfComplete(ctx, trx, plan, after, ref)) ? 'done' : 'waiting';
  });
}

/**
 * Keeps what a step's check found: the step completes, or waits on with new refs (a backorder
 * allocated now waits for its delivery), with a timeline entry; and tells the customer when the
 * check says to, once per step (the message job is keyed by it, so a retried pass sends none).
 */
export async function recordCheck(
  trx: Transaction<Database>,
  plan: RemedyPlansTable,
  step: RemedyStepsTable,
  r: CheckResult,
  ref: Ref,
): Promise<void> {
  if (r.done) {
    const refs = r.refs ?? refsOf(step);
    if (!(await completeStep(trx, plan, step, refs, r.message ?? 'done', ref))) return;
  } else {
    if (!r.refs && !r.awaiting) return;
    const ok = await updateStepIfState(trx, step.id, ['done'], {
      refs: JSON.stringify(r.refs ?? refsOf(step)),
      awaiting: r.awaiting ?? (step.awaiting as AwaitKind | null),
      updated_at: ref.now,
    });
    if (!ok) return;
    if (r.message) await note(trx, plan.incident_id, r.message, 'internal', ref);
  }
  const told = r.publicNote;
  if (told) await note(trx, plan.incident_id, told.message, 'public', ref, told.text);
  if (r.notify) {
    const { event, data } = r.notify;
    await tell(trx, clockAt(ref.now), plan.incident_id, event, data ?? {}, step.id);
  }
}

async function completeStep(
  trx: Transaction<Database>,
  plan: RemedyPlansTable,
  step: RemedyStepsTable,
  refs: Record<string, unknown>,
  message: string,
  ref: Ref,
): Promise<boolean> {
  const ok = await updateStepIfState(trx, step.id, ['done'], {
    refs: JSON.stringify(refs),
    completed_at: ref.now,
    updated_at: ref.now,
  });
  if (ok)
    await note(
      trx,
      plan.incident_id,
      `Step ${step.seq} ${step.kind} complete: ${message}`,
      'internal',
      ref,
    );
  return ok;
}

/**
 * Staff record a pickup received (into stock or written off as damaged) or a store hands over
 * a reservation against its pickup code; the plan then carries on.
 */
export async function receiveStep(
  ctx: AppContext,
  incidentId: string,
  stepId: string,
  input: {
    disposition?: Disposition | undefined;
    code?: string | undefined;
    actor: string;
    /** Someone bound to one location (a store) receives only there. */
    onlyAt?: string | null;
  },
): Promise<RemedyPlan> {
  const now = ctx.clock.now().toISOString();
  const ref = { now, actor: input.actor };
  const planId = await ctx.db.transaction().execute(async (trx) => {
    const current = await findCurrentPlan(trx, incidentId, { lock: true });
    if (!current) throw planNotFound(incidentId);
    const all = await findSteps(trx, current.id);
    const step = all.find((s) => s.id === stepId);
    if (!step) throw new AppError('not_found', `The plan has no step ${stepId}`, { stepId });
    if (step.state !== 'done' || step.completed_at) {
      throw new AppError(
        'invalid_state',
        `Step ${stepId} is ${step.completed_at ? 'complete' : step.state}`,
        {
          current: step.state,
        },
      );
    }
    const env = await envFor(ctx, trx, current, step, all, ref);
    const spec = specOf(step);
    const onlyAt = input.onlyAt ?? null;
    if (onlyAt !== null && (!('locationId' in spec) || spec.locationId !== onlyAt)) {
      throw otherLocation('Step', stepId);
    }
    let r: { refs: Record<string, unknown>; message: string };
    let told: PublicText;
    if (spec.kind === 'return_pickup') {
      r = await receivePickup(env, spec, refsOf(step), input.disposition ?? 'restock');
      told = publicText('pickup_received', { units: unitsOf(spec.units) });
    } else if (spec.kind === 'reserve_in_store') {
      if (!input.code)
        throw validationError([
          { path: 'code', message: 'is required to hand over a reservation' },
        ]);
      r = await collectReservation(env, spec, refsOf(step), input.code);
      told = publicText('reservation_collected', {});
    } else {
      throw new AppError('invalid_state', `A ${step.kind} step is not received by hand`, {
        kind: step.kind,
      });
    }
    await completeStep(trx, current, step, r.refs, r.message, ref);
    await note(
      trx,
      incidentId,
      r.message.replace(/^Pickup received: /, 'We received '),
      'public',
      ref,
      told,
    );
    return current.id;
  });
  await executePlan(ctx, planId);
  const plan = await findCurrentPlan(ctx.db, incidentId);
  if (!plan) throw planNotFound(incidentId);
  return planView(ctx.db, plan);
}

/**
 * A reservation nobody collected: the units are released, the customer told, and the plan's
 * default option applies (or the first other one that can, when the default was the store).
 */
export async function expireReservation(
  ctx: AppContext,
  planId: string,
  stepId: string,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const ref = { now, actor: 'system' };
  await ctx.db.transaction().execute(async (trx) => {
    const plan = await lockPlan(trx, planId);
    if (!plan || plan.state !== 'executing') return;
    const all = await findSteps(trx, planId);
    const step = all.find((s) => s.id === stepId);
    if (!step || step.state !== 'done' || step.completed_at) return;
    const env = await envFor(ctx, trx, plan, step, all, ref);
    await handlerOf('reserve_in_store').undo(env, specOf(step), refsOf(step));
    await updateStepIfState(trx, step.id, ['done'], {
      state: 'undone',
      undone_at: now,
      updated_at: now,
    });
    for (const s of all) {
      if (s.option_id === step.option_id && s.state === 'pending') {
        await updateStepIfState(trx, s.id, ['pending'], { state: 'skipped', updated_at: now });
      }
    }
    const fallback = fallbackOption(plan, step.option_id);
    await note(
      trx,
      plan.incident_id,
      `The reservation was not collected by ${now.slice(0, 16)}Z and is released.`,
      'public',
      ref,
      publicText('reservation_expired', { at: now }),
    );
    await tell(
      trx,
      clockAt(now),
      plan.incident_id,
      'reservation_expired',
      { planId, fallback: fallback ?? null },
      stepId,
    );
    if (!fallback) return;
    await chooseInTransaction(ctx, trx, plan, {
      optionId: fallback,
      via: 'expiry',
      actor: 'system',
      from: ['executing'],
      ref,
    });
  });
  await executePlan(ctx, planId);
}

function fallbackOption(plan: RemedyPlansTable, expired: string): string | null {
  const options = storedOptions(plan).filter((o) => o.available && o.id !== expired);
  const def = options.find((o) => o.id === plan.default_option_id);
  return (def ?? options[0])?.id ?? null;
}
