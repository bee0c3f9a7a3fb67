import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { listRefunds, type Refund } from '../money/index.js';
import { getSurvey, recordSurveyAnswer } from '../notifications/index.js';
import { AppError } from '../../shared/app-error.js';
import { chooseRemedy, getCurrentPlan, type RemedyPlan } from '../remedies/index.js';

/**
 * What the status page asks of remedies, money and notifications, in one place: the page reads
 * plans, refunds and surveys and hands the customer's choices over; it owns none of them.
 */
export type Plan = RemedyPlan;

export type RefundInfo = Refund;

export function currentPlan(ctx: AppContext, incidentId: string): Promise<Plan | null> {
  return getCurrentPlan(ctx, incidentId);
}

export function choosePlanOption(
  ctx: AppContext,
  incidentId: string,
  input: { optionId: string; pickupWindow?: { from: string; to: string } | undefined },
): Promise<Plan> {
  return chooseRemedy(ctx, incidentId, { ...input, channel: 'status_page', actor: 'customer' });
}

export function refundsOf(db: Executor, incidentId: string): Promise<RefundInfo[]> {
  return listRefunds(db, { incidentId });
}

export async function recordSurvey(
  trx: Executor,
  input: { incidentId: string; score: number; comment?: string },
  now: string,
): Promise<void> {
  await recordSurveyAnswer(trx, { ...input, channel: 'status_page' }, { now, actor: 'customer' });
}

/** The survey's answer, if given (an incident without a survey yet has none). */
export async function surveyOf(
  ctx: AppContext,
  incidentId: string,
): Promise<{ answered: boolean; score: number | null }> {
  try {
    const survey = await getSurvey(ctx, incidentId);
    return { answered: survey.answeredAt !== null, score: survey.score };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found')
      return { answered: false, score: null };
    throw err;
  }
}
