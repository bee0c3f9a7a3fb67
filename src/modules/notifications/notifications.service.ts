import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { enqueue } from '../../jobs/index.js';
import { notFound } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { toPage, type Page } from '../../shared/pagination.js';
import { findCustomerById } from '../catalog/index.js';
import { getIncident } from '../incidents/index.js';
import { preferencesOf, recipientOn } from './audience.js';
import {
  defaultQuietHours,
  defaultTimezone,
  sendChannels,
  type ContactPreferences,
  type Message,
} from './notifications.js';
import { channelUnavailable, messageNotFound } from './notifications.errors.js';
import {
  findMessage,
  findSurvey,
  listMessageRows,
  messagesOfIncident,
  upsertPreferences,
  type MessageFilter,
} from './notifications.repository.js';
import type { PreferencesInput } from './notifications.schemas.js';
import { DELIVER_JOB, prepareMessage } from './use-cases/prepare.js';

/**
 * Customer messages as the API sees them: lists, resends, contact preferences. Sending itself
 * happens in jobs (notifications.jobs.ts).
 */
type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

/** Every message of an incident, oldest first (the status page and the console show them). */
export function listMessages(db: Executor, incidentId: string): Promise<Message[]> {
  return messagesOfIncident(db, incidentId);
}

export async function incidentMessages(ctx: Ctx, incidentId: string) {
  await getIncident(ctx.db, incidentId, ctx.clock);
  return { data: await listMessages(ctx.db, incidentId) };
}

export async function pageMessages(
  ctx: Ctx,
  q: MessageFilter & { limit: number; cursor?: string | undefined },
): Promise<Page<Message>> {
  const { limit, cursor, ...filter } = q;
  return toPage(await listMessageRows(ctx.db, filter, { limit, cursor }), limit);
}

export async function getMessage(ctx: Ctx, id: string): Promise<Message> {
  const m = await findMessage(ctx.db, id);
  if (!m) throw messageNotFound(id);
  return m;
}

/**
 * Sends a message again, on its channel or another, re-rendered with a fresh link. The same
 * idempotency key returns the first resend instead of a second one.
 */
export function resendMessage(
  ctx: Ctx,
  id: string,
  body: { channel?: string | undefined; idempotencyKey?: string | undefined },
  actor: string,
): Promise<Message> {
  return ctx.db.transaction().execute(async (trx) => {
    const original = await findMessage(trx, id);
    if (!original) throw messageNotFound(id);
    const channel = sendChannels.find((c) => c === body.channel) ?? original.channel;
    const p = await prepareMessage(trx, ctx, {
      incidentId: original.incidentId,
      event: original.event,
      data: original.data ?? undefined,
      key: `resend:${body.idempotencyKey ?? newId('rs')}`,
      channel,
      createdBy: actor,
    });
    if (p.kind !== 'message') throw channelUnavailable(channel);
    if (p.created && !p.message.scheduledAt) {
      await enqueue(trx, ctx.clock, {
        type: DELIVER_JOB,
        payload: { messageId: p.message.id },
        dedupeKey: `deliver:${p.message.id}`,
      });
    }
    return p.message;
  });
}

async function customerOrThrow(db: Executor, id: string) {
  const customer = await findCustomerById(db, id);
  if (!customer) throw notFound('customer_not_found', 'Customer', id);
  return customer;
}

export type PreferencesView = ContactPreferences & { reachableOn: ContactPreferences['channels'] };

function view(
  customer: { email: string | null; phone: string | null; id: string },
  prefs: ContactPreferences,
): PreferencesView {
  const audience = { customer: { ...customer }, prefs } as Parameters<typeof recipientOn>[0];
  return { ...prefs, reachableOn: prefs.channels.filter((c) => recipientOn(audience, c)) };
}

export async function getPreferences(ctx: Ctx, customerId: string): Promise<PreferencesView> {
  const customer = await customerOrThrow(ctx.db, customerId);
  return view(customer, await preferencesOf(ctx.db, customerId));
}

/** Replaces the preferences; consent keeps the time it was first given until it is withdrawn. */
export function putPreferences(
  ctx: Ctx,
  customerId: string,
  input: PreferencesInput,
  actor: string,
): Promise<PreferencesView> {
  return ctx.db.transaction().execute(async (trx) => {
    const customer = await customerOrThrow(trx, customerId);
    const before = await preferencesOf(trx, customerId);
    const now = ctx.clock.now().toISOString();
    const quiet = input.quietHours === undefined ? defaultQuietHours : input.quietHours;
    await upsertPreferences(trx, {
      customer_id: customerId,
      channels: JSON.stringify(input.channels),
      sms_consent: input.smsConsent ? 1 : 0,
      sms_consent_at: input.smsConsent ? (before.smsConsentAt ?? now) : null,
      quiet_start: quiet?.start ?? null,
      quiet_end: quiet?.end ?? null,
      timezone: input.timezone ?? (before.isDefault ? defaultTimezone : before.timezone),
      updated_at: now,
      updated_by: actor,
    });
    return view(customer, await preferencesOf(trx, customerId));
  });
}

export async function getSurvey(ctx: Ctx, incidentId: string) {
  await getIncident(ctx.db, incidentId, ctx.clock);
  const survey = await findSurvey(ctx.db, incidentId);
  if (!survey) throw notFound('not_found', 'Survey of incident', incidentId);
  return survey;
}
