import type { Config } from '../../../config.js';
import type { Db } from '../../../db/database.js';
import type { Clock } from '../../../shared/clock.js';
import type { MessageStatus } from '../notifications.js';
import { messageNotFound, signatureInvalid } from '../notifications.errors.js';
import { advanceStatus, findByProviderId, findMessage } from '../notifications.repository.js';
import { statusCallbackUrl, verifyBody, verifyTwilio } from '../providers/index.js';
import { noteFailure } from './deliver.js';

export interface CallbackRequest {
  body: Record<string, unknown>;
  rawBody: string;
  /** Path and query as received, e.g. `/api/messages/status-callback`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

// Twilio's message states; those not listed (queued, sending, accepted…) change nothing.
const twilioStates: Record<string, MessageStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'bounced',
  failed: 'failed',
};

const header = (h: CallbackRequest['headers'], name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * A delivery report from a provider: Twilio's (form fields, `X-Twilio-Signature`) or the generic
 * webhook's (JSON, `X-Redress-Signature`). The status only moves forward; a bounced or failed
 * email starts the SMS fallback.
 */
export async function receiveStatus(
  env: { db: Db; clock: Clock; config: Config },
  req: CallbackRequest,
): Promise<{ messageId: string; status: MessageStatus; changed: boolean }> {
  const { twilio, webhookSecret } = env.config.notifications;
  const sid = req.body.MessageSid;
  let target: { id?: string; provider?: string; providerMessageId?: string };
  let to: MessageStatus | undefined;
  let error: string | null = null;
  if (typeof sid === 'string') {
    const params = Object.fromEntries(Object.entries(req.body).map(([k, v]) => [k, String(v)]));
    // Twilio signs the address it called: the one we gave it, with any query string.
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    const url = `${statusCallbackUrl(env.config)}${query}`;
    if (
      !twilio ||
      !verifyTwilio(twilio.authToken, url, params, header(req.headers, 'x-twilio-signature'))
    ) {
      throw signatureInvalid();
    }
    target = { provider: 'twilio', providerMessageId: sid };
    to = twilioStates[String(req.body.MessageStatus)];
    error = typeof req.body.ErrorCode === 'string' ? `Twilio error ${req.body.ErrorCode}` : null;
  } else {
    if (
      !webhookSecret ||
      !verifyBody(webhookSecret, req.rawBody, header(req.headers, 'x-redress-signature'))
    ) {
      throw signatureInvalid();
    }
    const b = req.body as {
      messageId?: string;
      provider?: string;
      providerMessageId?: string;
      status?: MessageStatus;
      error?: string;
    };
    target = { id: b.messageId, provider: b.provider, providerMessageId: b.providerMessageId };
    to = b.status;
    error = b.error ?? null;
  }
  const message = target.id
    ? await findMessage(env.db, target.id)
    : target.provider && target.providerMessageId
      ? await findByProviderId(env.db, target.provider, target.providerMessageId)
      : undefined;
  if (!message) throw messageNotFound(target.id ?? target.providerMessageId ?? '(none)');
  if (!to) return { messageId: message.id, status: message.status, changed: false };
  const status = to;
  const changed = await env.db.transaction().execute(async (trx) => {
    const moved = await advanceStatus(
      trx,
      message.id,
      status,
      env.clock.now().toISOString(),
      error,
    );
    if (moved && (status === 'bounced' || status === 'failed')) {
      await noteFailure(trx, env, message, status, error);
    }
    return moved;
  });
  return { messageId: message.id, status: changed ? status : message.status, changed };
}
