import type { Executor } from '../../db/database.js';
import {
  statusRank,
  type ContactPreferences,
  type Message,
  type MessageStatus,
  type Survey,
} from './notifications.js';
import { rowToMessage, rowToPreferences, rowToSurvey } from './notifications.mappers.js';
import type {
  ContactPreferencesTable,
  MessagesTable,
  SurveysTable,
} from './notifications.table.js';

// ---- messages

/** False when the message of this incident, event, channel and key already exists. */
export async function insertMessageIfNew(db: Executor, row: MessagesTable): Promise<boolean> {
  const inserted = await db
    .insertInto('messages')
    .values(row)
    .onConflict((oc) => oc.columns(['incident_id', 'event', 'channel', 'key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findMessage(db: Executor, id: string): Promise<Message | undefined> {
  const row = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToMessage(row);
}

export async function findMessageByKey(
  db: Executor,
  k: { incidentId: string; event: string; channel: string; key: string },
): Promise<Message | undefined> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('incident_id', '=', k.incidentId)
    .where('event', '=', k.event)
    .where('channel', '=', k.channel)
    .where('key', '=', k.key)
    .executeTakeFirst();
  return row && rowToMessage(row);
}

export async function findByProviderId(
  db: Executor,
  provider: string,
  providerMessageId: string,
): Promise<Message | undefined> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_message_id', '=', providerMessageId)
    .executeTakeFirst();
  return row && rowToMessage(row);
}

/** queued → sending, only when due: of two runners one wins. */
export async function claimForSending(db: Executor, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('scheduled_at', 'is', null), eb('scheduled_at', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordSent(
  db: Executor,
  id: string,
  r: {
    status: 'sent' | 'delivered';
    provider: string;
    providerMessageId: string | null;
    now: string;
  },
): Promise<void> {
  await db
    .updateTable('messages')
    .set({
      status: r.status,
      provider: r.provider,
      provider_message_id: r.providerMessageId,
      sent_at: r.now,
      delivered_at: r.status === 'delivered' ? r.now : null,
      error: null,
      updated_at: r.now,
    })
    .where('id', '=', id)
    .execute();
}

/** Back to the queue after a transient failure, for the job's next attempt. */
export async function requeue(db: Executor, id: string, error: string, now: string) {
  await db
    .updateTable('messages')
    .set({ status: 'queued', error, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

export async function recordFailure(
  db: Executor,
  id: string,
  f: { status: 'bounced' | 'failed'; provider: string | null; error: string; now: string },
): Promise<void> {
  await db
    .updateTable('messages')
    .set({
      status: f.status,
      error: f.error,
      failed_at: f.now,
      updated_at: f.now,
      ...(f.provider ? { provider: f.provider } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * A delivery report moves the status forward only (reports arrive out of order); returns whether
 * it changed anything.
 */
export async function advanceStatus(
  db: Executor,
  id: string,
  to: MessageStatus,
  now: string,
  error: string | null,
): Promise<boolean> {
  const lower = (Object.keys(statusRank) as MessageStatus[]).filter(
    (s) => statusRank[s] < statusRank[to],
  );
  const result = await db
    .updateTable('messages')
    .set({
      status: to,
      updated_at: now,
      ...(to === 'delivered' ? { delivered_at: now } : {}),
      ...(to === 'bounced' || to === 'failed' ? { failed_at: now, error } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', lower)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface MessageFilter {
  incidentId?: string | undefined;
  channel?: string | undefined;
  status?: string | undefined;
  provider?: string | undefined;
}

/** Newest first, paged by id. */
export async function listMessageRows(
  db: Executor,
  filter: MessageFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<Message[]> {
  let q = db
    .selectFrom('messages')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (filter.incidentId) q = q.where('incident_id', '=', filter.incidentId);
  if (filter.channel) q = q.where('channel', '=', filter.channel);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.provider) q = q.where('provider', '=', filter.provider);
  if (page.cursor) q = q.where('id', '<', page.cursor);
  return (await q.execute()).map(rowToMessage);
}

/** Oldest first. */
export async function messagesOfIncident(db: Executor, incidentId: string): Promise<Message[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id')
    .execute();
  return rows.map(rowToMessage);
}

/** Whether another message of the incident has already gone out. */
export async function anotherSent(db: Executor, incidentId: string, exceptId: string) {
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('id', '!=', exceptId)
    .where('sent_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- contact preferences

export async function findPreferences(
  db: Executor,
  customerId: string,
): Promise<ContactPreferences | undefined> {
  const row = await db
    .selectFrom('contact_preferences')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row && rowToPreferences(row);
}

export async function upsertPreferences(db: Executor, row: ContactPreferencesTable) {
  const { customer_id: _, ...changes } = row;
  await db
    .insertInto('contact_preferences')
    .values(row)
    .onConflict((oc) => oc.column('customer_id').doUpdateSet(changes))
    .execute();
}

// ---- surveys

export async function insertSurveyIfNew(db: Executor, row: SurveysTable): Promise<boolean> {
  const inserted = await db
    .insertInto('surveys')
    .values(row)
    .onConflict((oc) => oc.column('incident_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findSurvey(db: Executor, incidentId: string): Promise<Survey | undefined> {
  const row = await db
    .selectFrom('surveys')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  return row && rowToSurvey(row);
}

export async function markSurvey(
  db: Executor,
  incidentId: string,
  column: 'sent_at' | 'reminded_at',
  now: string,
): Promise<void> {
  await db
    .updateTable('surveys')
    .set({ [column]: now })
    .where('incident_id', '=', incidentId)
    .where(column, 'is', null)
    .execute();
}

/** The first answer wins: returns false when the survey was already answered. */
export async function answerSurvey(
  db: Executor,
  incidentId: string,
  a: { score: number; comment: string | null; channel: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('surveys')
    .set({ answered_at: a.now, score: a.score, comment: a.comment, channel: a.channel })
    .where('incident_id', '=', incidentId)
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
