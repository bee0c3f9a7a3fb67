import type { Locale } from '../catalog/index.js';
import type { CustomerMessageEvent } from '../incidents/index.js';
import type {
  ContactPreferences,
  Message,
  MessageStatus,
  SendChannel,
  Survey,
} from './notifications.js';
import type {
  ContactPreferencesTable,
  MessagesTable,
  SurveysTable,
} from './notifications.table.js';

const json = <T>(text: string | null): T | null => (text ? (JSON.parse(text) as T) : null);

export function rowToMessage(r: MessagesTable): Message {
  return {
    id: r.id,
    incidentId: r.incident_id,
    customerId: r.customer_id,
    event: r.event as CustomerMessageEvent,
    channel: r.channel as SendChannel,
    key: r.key,
    locale: r.locale as Locale,
    recipient: r.recipient,
    subject: r.subject,
    text: r.body_text,
    html: r.body_html,
    chat: json<Record<string, unknown>>(r.body_json),
    link: r.link,
    data: json<Record<string, unknown>>(r.data),
    fallbackOf: r.fallback_of,
    provider: r.provider,
    providerMessageId: r.provider_message_id,
    status: r.status as MessageStatus,
    attempts: Number(r.attempts),
    error: r.error,
    scheduledAt: r.scheduled_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    deliveredAt: r.delivered_at,
    failedAt: r.failed_at,
  };
}

export function rowToPreferences(r: ContactPreferencesTable): ContactPreferences {
  return {
    customerId: r.customer_id,
    channels: JSON.parse(r.channels) as SendChannel[],
    smsConsent: Number(r.sms_consent) === 1,
    smsConsentAt: r.sms_consent_at,
    quietHours: r.quiet_start && r.quiet_end ? { start: r.quiet_start, end: r.quiet_end } : null,
    timezone: r.timezone,
    isDefault: false,
    updatedAt: r.updated_at,
  };
}

export function rowToSurvey(r: SurveysTable): Survey {
  return {
    id: r.id,
    incidentId: r.incident_id,
    customerId: r.customer_id,
    scheduledAt: r.scheduled_at,
    sentAt: r.sent_at,
    remindedAt: r.reminded_at,
    answeredAt: r.answered_at,
    score: r.score === null ? null : Number(r.score),
    comment: r.comment,
    channel: r.channel,
  };
}
