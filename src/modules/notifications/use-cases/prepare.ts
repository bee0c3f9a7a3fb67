import { createHash } from 'node:crypto';
import type { Config } from '../../../config.js';
import type { Executor } from '../../../db/database.js';
import { enqueue } from '../../../jobs/index.js';
import type { Clock } from '../../../shared/clock.js';
import { newId } from '../../../shared/ids.js';
import type { CustomerMessageEvent } from '../../incidents/index.js';
import {
  chooseChannel,
  contentFor,
  linkFor,
  loadAudience,
  recipientOn,
  type Audience,
} from '../audience.js';
import type { Message, SendChannel } from '../notifications.js';
import { findMessageByKey, insertMessageIfNew } from '../notifications.repository.js';
import type { MessagesTable } from '../notifications.table.js';
import { quietUntil } from '../quiet-hours.js';
import { renderChat, renderEmail, renderSms } from '../render.js';

export const DELIVER_JOB = 'notifications.deliver';
export const FALLBACK_JOB = 'notifications.email_fallback';

export interface Env {
  config: Config;
  clock: Clock;
}

export interface MessageRequest {
  incidentId: string;
  event: CustomerMessageEvent;
  data: Record<string, unknown> | undefined;
  key: string;
  /** Send on this channel only (a fallback, or a resend on another channel). */
  channel?: SendChannel | undefined;
  fallbackOf?: string | undefined;
  createdBy: string;
}

export type Prepared =
  | { kind: 'message'; message: Message; audience: Audience; created: boolean }
  | { kind: 'unreachable'; audience: Audience; channel: SendChannel | null }
  | { kind: 'no_customer' };

/**
 * Tells apart two messages of one event: the event data's `key` when given, else a digest of the
 * data (two refunds differ by amount or id), else '' — an event told once per incident.
 */
export function messageKey(data: Record<string, unknown> | undefined): string {
  if (typeof data?.key === 'string' && data.key !== '') return data.key;
  if (!data || Object.keys(data).length === 0) return '';
  return createHash('sha256').update(canonicalJson(data)).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted at every depth, so equal data always gives one digest. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Renders and stores one message, once per incident × event × channel × key (a unique
 * constraint: a job that runs twice finds the row of its first run). An SMS inside the
 * customer's quiet hours waits for their end; an email gets its fallback check scheduled.
 */
export async function prepareMessage(
  trx: Executor,
  env: Env,
  req: MessageRequest,
): Promise<Prepared> {
  const audience = await loadAudience(trx, req.incidentId, env.clock);
  if (!audience) return { kind: 'no_customer' };
  const target = req.channel
    ? { channel: req.channel, recipient: recipientOn(audience, req.channel) }
    : chooseChannel(audience);
  if (!target?.recipient) {
    return { kind: 'unreachable', audience, channel: target?.channel ?? null };
  }
  const ref = {
    incidentId: req.incidentId,
    event: req.event,
    channel: target.channel,
    key: req.key,
  };
  const existing = await findMessageByKey(trx, ref);
  if (existing) return { kind: 'message', message: existing, audience, created: false };

  const now = env.clock.now();
  const row = await renderRow(
    trx,
    env,
    audience,
    req,
    { ...target, recipient: target.recipient },
    now,
  );
  if (!(await insertMessageIfNew(trx, row))) {
    const raced = await findMessageByKey(trx, ref);
    if (!raced) throw new Error(`message ${JSON.stringify(ref)} vanished`);
    return { kind: 'message', message: raced, audience, created: false };
  }
  if (row.scheduled_at) {
    await enqueue(trx, env.clock, {
      type: DELIVER_JOB,
      payload: { messageId: row.id },
      runAt: row.scheduled_at,
      dedupeKey: `deliver:${row.id}`,
    });
  }
  if (row.channel === 'email') {
    const minutes = env.config.notifications.emailFallbackMinutes;
    await enqueue(trx, env.clock, {
      type: FALLBACK_JOB,
      payload: { messageId: row.id, reason: 'timeout' },
      runAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
      dedupeKey: `fallback:${row.id}:timeout`,
    });
  }
  const message = await findMessageByKey(trx, ref);
  if (!message) throw new Error('inserted message not found');
  return { kind: 'message', message, audience, created: true };
}

async function renderRow(
  trx: Executor,
  env: Env,
  audience: Audience,
  req: MessageRequest,
  target: { channel: SendChannel; recipient: string },
  now: Date,
): Promise<MessagesTable> {
  const id = newId('msg');
  const link = await linkFor(trx, env.config, audience, now);
  const { content } = contentFor(audience, { event: req.event, data: req.data, link });
  const at = now.toISOString();
  const base = {
    id,
    incident_id: req.incidentId,
    customer_id: audience.customer.id,
    event: req.event,
    channel: target.channel,
    key: req.key,
    locale: content.locale,
    recipient: target.recipient,
    link,
    data: req.data && Object.keys(req.data).length > 0 ? JSON.stringify(req.data) : null,
    fallback_of: req.fallbackOf ?? null,
    provider: null,
    provider_message_id: null,
    status: 'queued',
    attempts: 0,
    error: null,
    created_by: req.createdBy,
    created_at: at,
    sent_at: null,
    delivered_at: null,
    failed_at: null,
    updated_at: at,
  };
  switch (target.channel) {
    case 'email': {
      const email = renderEmail(content);
      return {
        ...base,
        subject: email.subject,
        body_text: email.text,
        body_html: email.html,
        body_json: null,
        scheduled_at: null,
      };
    }
    case 'sms': {
      const { prefs } = audience;
      return {
        ...base,
        subject: null,
        body_text: renderSms(content).text,
        body_html: null,
        body_json: null,
        scheduled_at: quietUntil(now, prefs.quietHours, prefs.timezone),
      };
    }
    case 'chat': {
      const chat = renderChat(content, {
        messageId: id,
        incidentId: req.incidentId,
        customerId: audience.customer.id,
      });
      return {
        ...base,
        subject: content.subject,
        body_text: String(chat.text),
        body_html: null,
        body_json: JSON.stringify(chat),
        scheduled_at: null,
      };
    }
  }
}
