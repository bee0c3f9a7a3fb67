import type { Transaction } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { Database } from '../../../db/database.js';
import { enqueue } from '../../../jobs/index.js';
import { AppError } from '../../../shared/app-error.js';
import { HOUR } from '../../../shared/clock.js';
import { newId } from '../../../shared/ids.js';
import { publicText, type IncidentDetail } from '../../incidents/index.js';
import { gatherFacts } from '../facts.js';
import { formatMoney } from '../options.js';
import { currentPolicy } from '../policy.service.js';
import { rowToPlan, storedOptions } from '../remedies.mappers.js';
import {
  findCurrentPlan,
  findSteps,
  insertPlan,
  updatePlanIfState,
  updateStepIfState,
} from '../remedies.repository.js';
import type { RemedyPlan } from '../remedies.js';
import type { RemedyPlansTable } from '../remedies.table.js';
import { draftPlan } from '../rules.js';
import { chooseInTransaction } from './choose.js';
import { planView } from './view.js';
import { clockAt, loadIncident, moveIncident, note, tell, type Ref } from './incident-side.js';

export const DEADLINE_JOB = 'remedies.deadline';

/** States in which an incident can get a (new) plan. */
const plannable = ['detected', 'verified', 'awaiting_customer', 'resolving', 'reopened'];
/** Plan states a new plan may replace: nothing of theirs has run. */
const replaceable = ['proposed', 'awaiting_approval', 'failed'];

export async function getCurrentPlan(
  ctx: AppContext,
  incidentId: string,
  opts: { explain?: boolean } = {},
): Promise<RemedyPlan | null> {
  const row = await findCurrentPlan(ctx.db, incidentId);
  if (!row) return null;
  return rowToPlan(row, await findSteps(ctx.db, row.id), opts);
}

/**
 * Plans the incident's remedies under the policy in force, in one transaction: the facts, the
 * rule that fires, the options (one default), the customer told and the incident moved to
 * `awaiting_customer` — or, for a rule that acts at once, the default chosen and queued for
 * execution. `replan` replaces a current plan nothing of which has run; without it an existing
 * plan is returned unchanged (a retried job plans once).
 */
export async function createPlan(
  ctx: AppContext,
  incidentId: string,
  opts: { actor: string; replan?: boolean },
): Promise<RemedyPlan> {
  const now = ctx.clock.now().toISOString();
  const ref = { now, actor: opts.actor };
  return ctx.db.transaction().execute(async (trx) => {
    const incident = await loadIncident(trx, incidentId, now);
    const current = await findCurrentPlan(trx, incidentId, { lock: true });
    if (current && !opts.replan) return planView(trx, current);
    if (!incident.orderId || !incident.customerId) {
      throw new AppError(
        'invalid_state',
        'Only an incident with an order and a customer is planned',
        {
          incidentId,
        },
      );
    }
    if (!plannable.includes(incident.state)) {
      throw new AppError('invalid_state', `A ${incident.state} incident is not planned`, {
        current: incident.state,
        allowed: plannable,
      });
    }
    if (current) await supersede(trx, current, ref);
    const row = await draftAndInsert(ctx, trx, incident, ref);
    return planView(trx, row);
  });
}

async function supersede(trx: Transaction<Database>, plan: RemedyPlansTable, ref: Ref) {
  if (!replaceable.includes(plan.state)) {
    throw new AppError(
      'invalid_state',
      `The current plan is ${plan.state}: it can be replaced only while ${replaceable.join(', ')}`,
      { current: plan.state, allowed: replaceable },
    );
  }
  const ok = await updatePlanIfState(trx, plan.id, [plan.state], {
    state: 'superseded',
    current_for: null,
    updated_at: ref.now,
  });
  if (!ok) throw new AppError('conflict', 'The plan changed meanwhile: try again');
  for (const s of await findSteps(trx, plan.id)) {
    await updateStepIfState(trx, s.id, ['pending'], { state: 'skipped', updated_at: ref.now });
  }
  await note(trx, plan.incident_id, `Plan ${plan.id} (${plan.state}) replaced`, 'internal', ref);
}

async function draftAndInsert(
  ctx: AppContext,
  trx: Transaction<Database>,
  incident: IncidentDetail,
  ref: Ref,
): Promise<RemedyPlansTable> {
  const policy = await currentPolicy(trx, ref.now);
  const settings = policy.policy.settings;
  const facts = await gatherFacts(trx, incident, {
    now: ref.now,
    repeatWindowDays: settings.compensation.repeat.windowDays,
  });
  const draft = draftPlan(policy.policy, facts, ref.now);
  const id = newId('rpl');
  const deadlineAt = new Date(Date.parse(ref.now) + draft.deadlineHours * HOUR).toISOString();
  const row: RemedyPlansTable = {
    id,
    incident_id: incident.id,
    current_for: incident.id,
    policy_version: policy.version,
    rule_id: draft.rule.id,
    state: 'proposed',
    options: JSON.stringify(draft.options),
    explain: JSON.stringify(draft.explain),
    compensation: draft.compensation ? JSON.stringify(draft.compensation) : null,
    default_option_id: draft.defaultOptionId,
    chosen_option_id: null,
    chosen_at: null,
    chosen_via: null,
    chosen_by: null,
    choice_reason: null,
    deadline_at: draft.automatic ? null : deadlineAt,
    approved_by: null,
    approved_at: null,
    failure: null,
    created_at: ref.now,
    updated_at: ref.now,
    completed_at: null,
  };
  await insertPlan(trx, row);
  if (incident.state === 'detected') {
    await moveIncident(trx, incident.id, 'verified', ref, {
      message: `verified from the ${incident.source} detection's facts`,
      visibility: 'internal',
    });
  }
  await note(
    trx,
    incident.id,
    `Remedy plan ${id} under policy v${policy.version}: rule ${draft.rule.id}; ` +
      `options ${draft.options.map((o) => `${o.id}${o.available ? '' : ' (not offered)'}`).join(', ')}; ` +
      `default ${draft.defaultOptionId ?? 'none'}`,
    'internal',
    ref,
  );
  if (draft.automatic && draft.defaultOptionId) {
    await chooseInTransaction(ctx, trx, row, {
      optionId: draft.defaultOptionId,
      via: 'policy',
      actor: 'system',
      ref,
    });
  } else {
    await offer(ctx, trx, row, deadlineAt, ref);
  }
  return (await findCurrentPlan(trx, incident.id)) ?? row;
}

/** Shows the options to the customer and starts the choice deadline. */
async function offer(
  ctx: AppContext,
  trx: Transaction<Database>,
  row: RemedyPlansTable,
  deadlineAt: string,
  ref: Ref,
): Promise<void> {
  const options = storedOptions(row).filter((o) => o.available);
  const def = options.find((o) => o.isDefault);
  await moveIncident(trx, row.incident_id, 'awaiting_customer', ref);
  const list = options
    .map((o) => `${o.isDefault ? '(recommended) ' : ''}${o.title}: ${o.customerGets}`)
    .join(' | ');
  await note(
    trx,
    row.incident_id,
    `Here is what we can do — ${list}. ` +
      (def
        ? `Without an answer by ${deadlineAt.slice(0, 16)}Z we go ahead with: ${def.title}.`
        : ''),
    'public',
    ref,
    publicText('options_offered', {
      options: options.map((o) => ({ kind: o.kind, isDefault: o.isDefault })),
      deadlineAt: def ? deadlineAt : null,
    }),
  );
  await enqueue(trx, ctx.clock, {
    type: DEADLINE_JOB,
    payload: { planId: row.id },
    runAt: deadlineAt,
    dedupeKey: `${DEADLINE_JOB}:${row.id}`,
  });
  await tell(
    trx,
    clockAt(ref.now),
    row.incident_id,
    'plan_ready',
    {
      planId: row.id,
      deadlineAt,
      defaultOptionId: row.default_option_id,
      options: options.map((o) => ({
        id: o.id,
        kind: o.kind,
        title: o.title,
        customerGets: o.customerGets,
        when: o.when,
        value: o.value && formatMoney(o.value.amount, o.value.currency),
        isDefault: o.isDefault,
      })),
    },
    row.id,
  );
}
