import { z } from 'zod';
import type { Executor } from '../../../db/database.js';
import { addNote, type CustomerMessagePayload } from '../../incidents/index.js';
import { findMessage } from '../notifications.repository.js';
import { deliverMessage, type DeliverEnv } from './deliver.js';
import { messageKey, prepareMessage, type Env, type Prepared } from './prepare.js';
import { scheduleSurvey, surveySent, surveyStillWanted } from './surveys.js';

export const deliverPayload = z.object({ messageId: z.string().min(1) });
export const fallbackPayload = z.object({
  messageId: z.string().min(1),
  reason: z.enum(['timeout', 'bounced', 'failed']),
});

/**
 * The `incident.notify_customer` job: renders the event's message for the customer's preferred
 * channel, stores it, and sends it at once (or at the end of their quiet hours). A resolution
 * also schedules the survey. Idempotent: a second run finds the stored message.
 */
export async function notifyCustomer(
  env: DeliverEnv,
  payload: CustomerMessagePayload,
  lastAttempt: boolean,
): Promise<void> {
  const { event } = payload;
  const prepared = await env.db.transaction().execute(async (trx) => {
    if (!(await surveyStillWanted(trx, payload.incidentId, event, env.clock))) return null;
    const p = await prepareMessage(trx, env, {
      incidentId: payload.incidentId,
      event,
      data: payload.data,
      key: messageKey(payload.data),
      createdBy: 'system',
    });
    if (p.kind === 'no_customer') return p;
    if (event === 'resolved') await scheduleSurvey(trx, env, p.audience.incident);
    if (p.kind === 'unreachable') await noteUnreachable(trx, env, p, event);
    else if (p.created && (event === 'survey' || event === 'survey_reminder')) {
      await surveySent(trx, env, payload.incidentId, event);
    }
    return p;
  });
  if (prepared?.kind === 'message') await deliverMessage(env, prepared.message.id, lastAttempt);
}

async function noteUnreachable(
  trx: Executor,
  env: Env,
  p: Extract<Prepared, { kind: 'unreachable' }>,
  event: string,
): Promise<void> {
  const why = p.channel
    ? `cannot be reached by ${p.channel} (no address or no consent)`
    : 'has no channel we may use (no email, or no phone with SMS consent)';
  await addNote(
    trx,
    p.audience.incident.id,
    {
      message: `The ${event.replace(/_/g, ' ')} message was not sent: the customer ${why}. Call them with the phone script.`,
      visibility: 'internal',
      kind: 'note',
    },
    { actor: 'system', clock: env.clock },
  );
}

/**
 * The email fallback check: an email that bounced, failed, or is not delivered by the deadline
 * is followed by the same message by SMS, where the customer allows SMS.
 */
export async function emailFallback(
  env: DeliverEnv,
  payload: z.infer<typeof fallbackPayload>,
  lastAttempt: boolean,
): Promise<void> {
  const email = await findMessage(env.db, payload.messageId);
  if (!email || email.channel !== 'email' || email.status === 'delivered') return;
  const prepared = await env.db.transaction().execute(async (trx) => {
    const p = await prepareMessage(trx, env, {
      incidentId: email.incidentId,
      event: email.event,
      data: email.data ?? undefined,
      key: email.key,
      channel: 'sms',
      fallbackOf: email.id,
      createdBy: 'system',
    });
    if (p.kind === 'unreachable') await noteUnreachable(trx, env, p, email.event);
    return p;
  });
  if (prepared.kind === 'message') await deliverMessage(env, prepared.message.id, lastAttempt);
}
