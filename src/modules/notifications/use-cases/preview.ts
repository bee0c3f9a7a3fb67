import type { Executor } from '../../../db/database.js';
import type { Config } from '../../../config.js';
import type { Clock } from '../../../shared/clock.js';
import type { Locale } from '../../catalog/index.js';
import {
  getIncident,
  type CustomerMessageEvent,
  type IncidentType,
  type RootCause,
} from '../../incidents/index.js';
import { contentFor, linkFor, loadAudience } from '../audience.js';
import { composeMessage } from '../compose.js';
import type { MessageContent, PhoneScript, RenderChannel } from '../notifications.js';
import { messagesOfIncident } from '../notifications.repository.js';
import { renderChat, renderEmail, renderPhoneScript, renderSms } from '../render.js';
import type { Facts } from '../templates/template-types.js';
import { AppError } from '../../../shared/app-error.js';

export interface Preview {
  event: CustomerMessageEvent;
  channel: RenderChannel;
  locale: Locale;
  subject: string | null;
  text: string;
  html: string | null;
  chat: Record<string, unknown> | null;
  sms: { segments: number; encoding: 'gsm7' | 'ucs2' } | null;
  lines: string[] | null;
}

export function renderPreview(
  content: MessageContent,
  channel: RenderChannel,
  facts: Facts,
): Preview {
  const base = { event: content.event, channel, locale: content.locale };
  const none = { subject: null, html: null, chat: null, sms: null, lines: null };
  switch (channel) {
    case 'email': {
      const e = renderEmail(content);
      return { ...base, ...none, subject: e.subject, text: e.text, html: e.html };
    }
    case 'sms': {
      const s = renderSms(content);
      return {
        ...base,
        ...none,
        text: s.text,
        sms: { segments: s.segments, encoding: s.encoding },
      };
    }
    case 'chat': {
      const ids = { messageId: '(preview)', incidentId: '(preview)', customerId: '(preview)' };
      const chat = renderChat(content, ids);
      return { ...base, ...none, subject: content.subject, text: String(chat.text), chat };
    }
    case 'phone': {
      const p = renderPhoneScript(content, facts);
      return { ...base, ...none, text: p.text, lines: p.lines };
    }
  }
}

interface Deps {
  db: Executor;
  config: Config;
  clock: Clock;
}

/** The message an event of this incident would send, rendered for a channel, without sending. */
export async function previewForIncident(
  deps: Deps,
  q: {
    incidentId: string;
    event: CustomerMessageEvent;
    channel: RenderChannel;
    locale?: Locale | undefined;
  },
): Promise<Preview> {
  const { content, facts } = await incidentContent(deps, q.incidentId, q.event, q.locale);
  return renderPreview(content, q.channel, facts);
}

/** What an agent reads on the phone: by default about the last event the customer was told of. */
export async function phoneScript(
  deps: Deps,
  incidentId: string,
  q: { event?: CustomerMessageEvent | undefined; locale?: Locale | undefined },
): Promise<PhoneScript & { incidentId: string; event: CustomerMessageEvent }> {
  const last = (await messagesOfIncident(deps.db, incidentId)).at(-1);
  const event = q.event ?? last?.event ?? 'detected';
  const { content, facts } = await incidentContent(deps, incidentId, event, q.locale);
  return { incidentId, event, ...renderPhoneScript(content, facts) };
}

async function incidentContent(
  deps: Deps,
  incidentId: string,
  event: CustomerMessageEvent,
  locale: Locale | undefined,
) {
  const audience = await loadAudience(deps.db, incidentId, deps.clock);
  if (!audience) {
    const incident = await getIncident(deps.db, incidentId, deps.clock);
    throw new AppError('invalid_state', 'This incident has no customer to write to', {
      incidentId: incident.id,
    });
  }
  // The facts the event came with last time, so a preview shows what was (or will be) sent.
  const sent = (await messagesOfIncident(deps.db, incidentId))
    .filter((m) => m.event === event)
    .at(-1);
  const link = await linkFor(deps.db, deps.config, audience, deps.clock.now());
  return contentFor(audience, { event, data: sent?.data ?? undefined, link }, locale);
}

export const sampleFacts: Facts = { name: 'Alex', orderRef: '#100234' };

/** A template rendered from sample facts, for checking wording before any incident needs it. */
export function previewSample(input: {
  incidentType: IncidentType;
  event: CustomerMessageEvent;
  channel: RenderChannel;
  locale: Locale;
  rootCause?: RootCause | null | undefined;
  facts?: Facts | undefined;
  link?: string | undefined;
}): Preview {
  const facts = { ...sampleFacts, ...input.facts };
  const content = composeMessage({
    locale: input.locale,
    event: input.event,
    incidentType: input.incidentType,
    rootCause: input.rootCause ?? null,
    facts,
    link: input.link ?? 'https://shop.example/track/SAMPLE-TOKEN',
  });
  return renderPreview(content, input.channel, facts);
}
