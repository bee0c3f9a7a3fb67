import type { Transaction } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { Database } from '../../../db/database.js';
import { enqueue } from '../../../jobs/index.js';
import { AppError, validationError } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { publicText } from '../../incidents/index.js';
import { policyVersion } from '../policy.service.js';
import { storedOptions, type StoredOption } from '../remedies.mappers.js';
import {
  findCurrentPlan,
  findSteps,
  insertSteps,
  lockPlan,
  maxSeq,
  updatePlanIfState,
  updateStepIfState,
} from '../remedies.repository.js';
import type { ChooseInput, ChosenVia, RemedyPlan, StepSpec } from '../remedies.js';
import { optionUnavailable, planInState, planNotFound } from '../remedies.errors.js';
import type { RemedyPlansTable } from '../remedies.table.js';
import { clockAt, moveIncident, note, tell, type Ref } from './incident-side.js';
import { planView } from './view.js';

export const EXECUTE_JOB = 'remedies.execute';

/**
 * The choice of an option — by the customer (status page and other channels), by an agent (an
 * override needs a reason), by the deadline (the default) or by the policy (automatic rules) —
 * recorded with time, channel and who, and queued for execution; above the auto-approve limit
 * it waits for a finance or admin approval first.
 */
export async function chooseRemedy(
  ctx: AppContext,
  incidentId: string,
  input: ChooseInput,
): Promise<RemedyPlan> {
  const now = ctx.clock.now().toISOString();
  const ref = { now, actor: input.actor };
  return ctx.db.transaction().execute(async (trx) => {
    const plan = await findCurrentPlan(trx, incidentId, { lock: true });
    if (!plan) throw planNotFound(incidentId);
    const override = input.channel === 'agent' && input.optionId !== plan.default_option_id;
    const rechoice = plan.state !== 'proposed';
    if ((override || rechoice) && input.channel === 'agent' && !input.reason) {
      throw validationError([{ path: 'reason', message: 'is required when an agent overrides' }]);
    }
    if (rechoice) await assertNothingRan(trx, plan, input.channel, now);
    await chooseInTransaction(ctx, trx, plan, {
      optionId: input.optionId,
      via: input.channel,
      actor: input.actor,
      reason: input.reason,
      pickupWindow: input.pickupWindow,
      from: rechoice ? ['chosen', 'awaiting_approval'] : ['proposed'],
      ref,
    });
    return planView(trx, (await findCurrentPlan(trx, incidentId)) ?? plan);
  });
}

/** Only an agent changes a choice, and only before any of its steps ran. */
async function assertNothingRan(
  trx: Transaction<Database>,
  plan: RemedyPlansTable,
  channel: string,
  now: string,
): Promise<void> {
  const allowed: RemedyPlan['state'][] = ['proposed'];
  if (channel !== 'agent' || !['chosen', 'awaiting_approval'].includes(plan.state)) {
    throw planInState(plan.state as RemedyPlan['state'], 'chosen', allowed);
  }
  const steps = (await findSteps(trx, plan.id)).filter(
    (s) => s.option_id === plan.chosen_option_id,
  );
  if (steps.some((s) => s.state !== 'pending')) {
    throw new AppError('invalid_state', 'The chosen remedy has started: it can no longer change', {
      current: plan.state,
    });
  }
  for (const s of steps) {
    await updateStepIfState(trx, s.id, ['pending'], { state: 'skipped', updated_at: now });
  }
}

export interface ChoiceInTransaction {
  optionId: string;
  via: ChosenVia;
  actor: string;
  reason?: string | undefined;
  pickupWindow?: { from: string; to: string } | undefined;
  /** Plan states the choice may be made from. */
  from?: string[];
  ref: Ref;
}

export async function chooseInTransaction(
  ctx: AppContext,
  trx: Transaction<Database>,
  plan: RemedyPlansTable,
  c: ChoiceInTransaction,
): Promise<void> {
  const option = storedOptions(plan).find((o) => o.id === c.optionId);
  if (!option) {
    throw validationError([{ path: 'optionId', message: `is not an option of plan ${plan.id}` }]);
  }
  if (!option.available) throw optionUnavailable(option.id, option.reason);
  if (c.pickupWindow && !(c.pickupWindow.from < c.pickupWindow.to)) {
    throw validationError([
      { path: 'pickupWindow.to', message: 'must be after pickupWindow.from' },
    ]);
  }
  const limit = await approvalLimit(trx, plan);
  const compensation = Number(option.details.compensation ?? 0);
  const waits = compensation > limit && !plan.approved_at;
  const state = waits ? 'awaiting_approval' : 'chosen';
  const moved = await updatePlanIfState(trx, plan.id, c.from ?? ['proposed'], {
    state,
    chosen_option_id: option.id,
    chosen_at: c.ref.now,
    chosen_via: c.via,
    chosen_by: c.actor,
    choice_reason: c.reason ?? null,
    updated_at: c.ref.now,
  });
  if (!moved) {
    const now = await lockPlan(trx, plan.id);
    throw planInState((now?.state ?? plan.state) as RemedyPlan['state'], 'chosen', ['proposed']);
  }
  await insertOptionSteps(trx, plan.id, option, c);
  await moveIncident(trx, plan.incident_id, 'resolving', c.ref);
  await recordChoice(trx, plan, option, c, { waits, compensation, limit });
  if (!waits) await queueExecution(ctx, trx, plan.id, c.ref.now);
}

async function insertOptionSteps(
  trx: Transaction<Database>,
  planId: string,
  option: StoredOption,
  c: ChoiceInTransaction,
): Promise<void> {
  const base = await maxSeq(trx, planId);
  await insertSteps(
    trx,
    option.steps.map((spec, i) => ({
      id: newId('rst'),
      plan_id: planId,
      seq: base + i + 1,
      option_id: option.id,
      kind: spec.kind,
      state: 'pending',
      spec: JSON.stringify(withWindow(spec, c.pickupWindow)),
      refs: null,
      awaiting: null,
      completed_at: null,
      error: null,
      attempts: 0,
      done_at: null,
      undone_at: null,
      updated_at: c.ref.now,
    })),
  );
}

function withWindow(spec: StepSpec, window: ChoiceInTransaction['pickupWindow']): StepSpec {
  return spec.kind === 'return_pickup' && window ? { ...spec, window } : spec;
}

async function recordChoice(
  trx: Transaction<Database>,
  plan: RemedyPlansTable,
  option: StoredOption,
  c: ChoiceInTransaction,
  a: { waits: boolean; compensation: number; limit: number },
): Promise<void> {
  const how = {
    deadline: 'no answer came by the deadline, so we go ahead with the recommended option',
    policy: 'this is done without waiting',
    expiry: 'the reservation expired, so we go ahead with the recommended option',
  } as Record<string, string>;
  const why = how[c.via] ?? `chosen via ${c.via}`;
  await note(
    trx,
    plan.incident_id,
    `${option.title} — ${option.customerGets} (${why}).`,
    'public',
    c.ref,
    publicText('option_chosen', { kind: option.kind, actions: [...option.actions], via: c.via }),
  );
  const override = c.via === 'agent' && option.id !== plan.default_option_id;
  if (override || c.reason) {
    await note(
      trx,
      plan.incident_id,
      `${override ? 'Override' : 'Choice'} by ${c.actor}: ${option.id} instead of ${plan.default_option_id ?? 'none'}` +
        (c.reason ? ` — ${c.reason}` : ''),
      'internal',
      c.ref,
    );
  }
  if (option.actions.includes('store_credit')) {
    await note(
      trx,
      plan.incident_id,
      `Consent to store credit instead of a refund given via ${c.via} by ${c.actor} at ${c.ref.now}`,
      'internal',
      c.ref,
    );
  }
  if (a.waits) {
    await note(
      trx,
      plan.incident_id,
      `Compensation of ${a.compensation} is above the auto-approve limit of ${a.limit}: waits for finance or admin approval`,
      'internal',
      c.ref,
    );
  }
  await tell(
    trx,
    clockAt(c.ref.now),
    plan.incident_id,
    'choice_confirmed',
    {
      planId: plan.id,
      optionId: option.id,
      kind: option.kind,
      title: option.title,
      customerGets: option.customerGets,
      via: c.via,
    },
    `${plan.id}:${option.id}`,
  );
}

async function approvalLimit(trx: Transaction<Database>, plan: RemedyPlansTable): Promise<number> {
  const { policy } = await policyVersion(trx, plan.policy_version);
  const rule = policy.rules.find((r) => r.id === plan.rule_id);
  return rule?.autoApproveLimit ?? policy.settings.autoApproveLimit;
}

export async function queueExecution(
  ctx: AppContext,
  trx: Transaction<Database>,
  planId: string,
  now: string,
): Promise<void> {
  await enqueue(trx, ctx.clock, { type: EXECUTE_JOB, payload: { planId }, runAt: now });
}

/** The deadline passed without a choice: the default option is applied. */
export async function applyDeadline(ctx: AppContext, planId: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const plan = await lockPlan(trx, planId);
    if (!plan || plan.state !== 'proposed' || !plan.current_for) return;
    if (plan.deadline_at && plan.deadline_at > now) return;
    const ref = { now, actor: 'system' };
    if (!plan.default_option_id) {
      await note(
        trx,
        plan.incident_id,
        'The choice deadline passed and no option can be offered',
        'internal',
        ref,
      );
      return;
    }
    await chooseInTransaction(ctx, trx, plan, {
      optionId: plan.default_option_id,
      via: 'deadline',
      actor: 'system',
      ref,
    });
  });
}

/** A finance or admin approval of the compensation: recorded with who and when. */
export async function approvePlan(
  ctx: AppContext,
  incidentId: string,
  input: { actor: string; note?: string | undefined },
): Promise<RemedyPlan> {
  const now = ctx.clock.now().toISOString();
  const ref = { now, actor: input.actor };
  return ctx.db.transaction().execute(async (trx) => {
    const plan = await findCurrentPlan(trx, incidentId, { lock: true });
    if (!plan) throw planNotFound(incidentId);
    if (plan.approved_at) return planView(trx, plan);
    if (plan.state !== 'awaiting_approval' && plan.state !== 'proposed') {
      throw planInState(plan.state as RemedyPlan['state'], 'approved', [
        'awaiting_approval',
        'proposed',
      ]);
    }
    const next = plan.state === 'awaiting_approval' ? 'chosen' : 'proposed';
    await updatePlanIfState(trx, plan.id, [plan.state], {
      state: next,
      approved_by: input.actor,
      approved_at: now,
      updated_at: now,
    });
    await note(
      trx,
      incidentId,
      `Compensation approved by ${input.actor} at ${now}${input.note ? ` — ${input.note}` : ''}`,
      'internal',
      ref,
    );
    if (next === 'chosen') await queueExecution(ctx, trx, plan.id, now);
    return planView(trx, (await findCurrentPlan(trx, incidentId)) ?? plan);
  });
}
