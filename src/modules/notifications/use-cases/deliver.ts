import type { Db, Executor } from '../../../db/database.js';
import { enqueue } from '../../../jobs/index.js';
import { addNote, markCustomerNotified, publicText } from '../../incidents/index.js';
import type { Message } from '../notifications.js';
import {
  anotherSent,
  claimForSending,
  findMessage,
  recordFailure,
  recordSent,
  requeue,
} from '../notifications.repository.js';
import { ProviderError, type Outgoing, type Providers } from '../providers/index.js';
import { FALLBACK_JOB, type Env } from './prepare.js';

export interface DeliverEnv extends Env {
  db: Db;
  providers: Providers;
}

const channelNames = { email: 'Email', sms: 'SMS', chat: 'Chat message' } as const;

function outgoing(m: Message): Outgoing {
  return {
    id: m.id,
    incidentId: m.incidentId,
    event: m.event,
    channel: m.channel,
    to: m.recipient,
    subject: m.subject,
    text: m.text,
    html: m.html,
    chat: m.chat,
  };
}

/**
 * Sends one stored message. The row goes queued → sending before the provider is called: a run
 * that finds it still `sending` knows an earlier run stopped mid-send, and rather than risk
 * telling the customer twice it records the message as failed (an agent can resend it).
 * A transient failure puts it back in the queue and throws, so the job retries; a permanent one,
 * or the last attempt, fails it and, for an email, starts the SMS fallback at once.
 */
export async function deliverMessage(
  env: DeliverEnv,
  messageId: string,
  lastAttempt: boolean,
): Promise<void> {
  const now = env.clock.now().toISOString();
  if (!(await claimForSending(env.db, messageId, now))) {
    const m = await findMessage(env.db, messageId);
    if (m?.status === 'sending') {
      await fail(env, m, {
        status: 'failed',
        provider: m.provider,
        error: 'interrupted while sending; not sent again automatically so it cannot arrive twice',
      });
    }
    return;
  }
  const m = await findMessage(env.db, messageId);
  if (!m) return;
  try {
    const result = await env.providers[m.channel].send(outgoing(m));
    await env.db.transaction().execute(async (trx) => {
      const at = env.clock.now().toISOString();
      await recordSent(trx, m.id, { ...result, now: at });
      await writeSentEntry(trx, env, m);
    });
  } catch (err) {
    const e =
      err instanceof ProviderError
        ? err
        : new ProviderError(String((err as Error).message ?? err), 'unknown', false);
    if (!e.permanent && !lastAttempt) {
      await requeue(env.db, m.id, e.message, env.clock.now().toISOString());
      throw e;
    }
    await fail(env, m, {
      status: e.bounced ? 'bounced' : 'failed',
      provider: e.provider,
      error: e.message,
    });
  }
}

/** The public timeline entry of a message that left; the first one meets the notify clock. */
async function writeSentEntry(trx: Executor, env: Env, m: Message): Promise<void> {
  const quote = m.subject ? m.subject : m.text.slice(0, 120);
  const message = `${channelNames[m.channel]} sent to the customer: “${quote}”`;
  const told = publicText('message_sent', { channel: m.channel, quote });
  const ctx = { actor: 'system', clock: env.clock };
  if (await anotherSent(trx, m.incidentId, m.id)) {
    await addNote(
      trx,
      m.incidentId,
      { message, visibility: 'public', kind: 'note', publicText: told },
      ctx,
    );
  } else {
    await markCustomerNotified(trx, m.incidentId, {
      ...ctx,
      message,
      publicText: told,
      visibility: 'public',
      data: { messageId: m.id, channel: m.channel, event: m.event },
    });
  }
}

export async function fail(
  env: DeliverEnv,
  m: Message,
  f: { status: 'bounced' | 'failed'; provider: string | null; error: string },
): Promise<void> {
  await env.db.transaction().execute(async (trx) => {
    const now = env.clock.now().toISOString();
    await recordFailure(trx, m.id, { ...f, now });
    await noteFailure(trx, env, m, f.status, f.error);
  });
}

/** Internal timeline entry of a failed message, and the fallback of an email. */
export async function noteFailure(
  trx: Executor,
  env: Env,
  m: Message,
  status: 'bounced' | 'failed',
  error: string | null,
): Promise<void> {
  const fallback = m.channel === 'email';
  await addNote(
    trx,
    m.incidentId,
    {
      message:
        `${channelNames[m.channel]} to ${m.recipient} ${status}` +
        `${error ? `: ${error}` : ''}${fallback ? '. Trying SMS instead.' : ''}`,
      visibility: 'internal',
      kind: 'note',
    },
    { actor: 'system', clock: env.clock },
  );
  if (fallback) {
    await enqueue(trx, env.clock, {
      type: FALLBACK_JOB,
      payload: { messageId: m.id, reason: status },
      dedupeKey: `fallback:${m.id}:${status}`,
    });
  }
}
