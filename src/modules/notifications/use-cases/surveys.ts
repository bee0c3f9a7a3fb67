import type { Executor } from '../../../db/database.js';
import { AppError, validationError } from '../../../shared/app-error.js';
import { HOUR, type Clock } from '../../../shared/clock.js';
import { newId } from '../../../shared/ids.js';
import {
  addNote,
  getIncident,
  queueCustomerMessage,
  type CustomerMessageEvent,
  type Incident,
} from '../../incidents/index.js';
import type { Survey } from '../notifications.js';
import {
  answerSurvey,
  findSurvey,
  insertSurveyIfNew,
  markSurvey,
} from '../notifications.repository.js';
import type { Env } from './prepare.js';

const answerable: readonly Incident['state'][] = ['resolved', 'closed'];

/** After a resolution: one survey per incident, sent after the configured delay. */
export async function scheduleSurvey(trx: Executor, env: Env, incident: Incident): Promise<void> {
  if (!incident.customerId) return;
  const now = env.clock.now();
  const runAt = new Date(now.getTime() + env.config.notifications.surveyDelayHours * HOUR);
  await insertSurveyIfNew(trx, {
    id: newId('srv'),
    incident_id: incident.id,
    customer_id: incident.customerId,
    scheduled_at: runAt.toISOString(),
    sent_at: null,
    reminded_at: null,
    answered_at: null,
    score: null,
    comment: null,
    channel: null,
    created_at: now.toISOString(),
  });
  await queueCustomerMessage(trx, env.clock, {
    incidentId: incident.id,
    event: 'survey',
    runAt: runAt.toISOString(),
  });
}

/** A survey (or its reminder) goes out only while unanswered and the incident stays resolved. */
export async function surveyStillWanted(
  trx: Executor,
  incidentId: string,
  event: CustomerMessageEvent,
  clock: Clock,
): Promise<boolean> {
  if (event !== 'survey' && event !== 'survey_reminder') return true;
  const survey = await findSurvey(trx, incidentId);
  if (!survey || survey.answeredAt) return false;
  const incident = await getIncident(trx, incidentId, clock);
  return answerable.includes(incident.state);
}

/** Records that the survey (or reminder) went out; after the survey, schedules the reminder. */
export async function surveySent(
  trx: Executor,
  env: Env,
  incidentId: string,
  event: 'survey' | 'survey_reminder',
): Promise<void> {
  const now = env.clock.now();
  if (event === 'survey_reminder') {
    await markSurvey(trx, incidentId, 'reminded_at', now.toISOString());
    return;
  }
  await markSurvey(trx, incidentId, 'sent_at', now.toISOString());
  const hours = env.config.notifications.surveyReminderHours;
  await queueCustomerMessage(trx, env.clock, {
    incidentId,
    event: 'survey_reminder',
    runAt: new Date(now.getTime() + hours * HOUR).toISOString(),
  });
}

export interface SurveyAnswer {
  incidentId: string;
  score: number;
  comment?: string | undefined;
  channel: string;
}

/**
 * The customer's rating of a resolved incident. The first answer wins: a second one is refused
 * with 409 `survey_already_answered` (the status page shows the answer given).
 */
export async function recordSurveyAnswer(
  trx: Executor,
  answer: SurveyAnswer,
  ref: { now: string; actor: string },
): Promise<Survey> {
  if (!Number.isInteger(answer.score) || answer.score < 1 || answer.score > 5) {
    throw validationError([{ path: 'score', message: 'must be a whole number from 1 to 5' }]);
  }
  const clock = { now: () => new Date(ref.now) };
  const incident = await getIncident(trx, answer.incidentId, clock);
  if (!answerable.includes(incident.state) || !incident.customerId) {
    throw new AppError('invalid_state', `A ${incident.state} incident has no survey to answer`, {
      current: incident.state,
    });
  }
  await insertSurveyIfNew(trx, {
    id: newId('srv'),
    incident_id: incident.id,
    customer_id: incident.customerId,
    scheduled_at: null,
    sent_at: null,
    reminded_at: null,
    answered_at: null,
    score: null,
    comment: null,
    channel: null,
    created_at: ref.now,
  });
  const comment = answer.comment?.trim() ? answer.comment.trim() : null;
  const first = await answerSurvey(trx, incident.id, {
    score: answer.score,
    comment,
    channel: answer.channel,
    now: ref.now,
  });
  const survey = await findSurvey(trx, incident.id);
  if (!first || !survey) {
    throw new AppError('survey_already_answered', 'This survey has already been answered', {
      answeredAt: survey?.answeredAt ?? null,
      score: survey?.score ?? null,
    });
  }
  await addNote(
    trx,
    incident.id,
    {
      message: `Survey answered: ${answer.score}/5${comment ? ` — “${comment}”` : ''}`,
      visibility: 'internal',
      kind: 'note',
    },
    { actor: ref.actor, clock },
  );
  return survey;
}
