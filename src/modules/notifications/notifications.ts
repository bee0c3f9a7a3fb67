import type { CustomerMessageEvent, IncidentType } from '../incidents/index.js';
import type { Locale } from '../catalog/index.js';

/** Channels a message is sent on; `phone` is the script an agent reads, never sent. */
export const sendChannels = ['email', 'sms', 'chat'] as const;
export type SendChannel = (typeof sendChannels)[number];
export const renderChannels = [...sendChannels, 'phone'] as const;
export type RenderChannel = (typeof renderChannels)[number];

export const messageStatuses = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'bounced',
  'failed',
] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/**
 * A later status never goes back to an earlier one (callbacks arrive out of order). A bounce
 * outranks delivery: an email the relay accepted can still bounce later.
 */
export const statusRank: Record<MessageStatus, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  bounced: 4,
  failed: 4,
};

export interface Message {
  id: string;
  incidentId: string;
  customerId: string;
  event: CustomerMessageEvent;
  channel: SendChannel;
  key: string;
  locale: Locale;
  recipient: string;
  subject: string | null;
  text: string;
  html: string | null;
  chat: Record<string, unknown> | null;
  link: string;
  data: Record<string, unknown> | null;
  fallbackOf: string | null;
  provider: string | null;
  providerMessageId: string | null;
  status: MessageStatus;
  attempts: number;
  error: string | null;
  scheduledAt: string | null;
  createdBy: string;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
}

export interface QuietHours {
  /** HH:MM, local time */
  start: string;
  end: string;
}

export interface ContactPreferences {
  customerId: string;
  /** In order of preference. */
  channels: SendChannel[];
  smsConsent: boolean;
  smsConsentAt: string | null;
  quietHours: QuietHours | null;
  timezone: string;
  /** True while the customer has no stored preferences and these are the defaults. */
  isDefault: boolean;
  updatedAt: string | null;
}

export const defaultQuietHours: QuietHours = { start: '21:00', end: '08:00' };
export const defaultChannels: SendChannel[] = ['email', 'sms'];
export const defaultTimezone = 'UTC';

export interface Survey {
  id: string;
  incidentId: string;
  customerId: string;
  scheduledAt: string | null;
  sentAt: string | null;
  remindedAt: string | null;
  answeredAt: string | null;
  score: number | null;
  comment: string | null;
  channel: string | null;
}

/** What every channel renders: one model per incident event and audience. */
export interface MessageContent {
  event: CustomerMessageEvent;
  incidentType: IncidentType;
  locale: Locale;
  subject: string;
  headline: string;
  greeting: string;
  /** What happened and why. */
  happened: string[];
  /** What we are doing. */
  doing: string[];
  /** What the customer can choose, and by when. */
  choice: string[];
  link: { url: string; label: string };
  /** One-click answers of a survey (`link?score=N`), empty for other events. */
  scores: { score: number; url: string; label: string }[];
  closing: string;
  signoff: string;
  /** The short form, for SMS. */
  short: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderedSms {
  text: string;
  segments: number;
  encoding: 'gsm7' | 'ucs2';
}

export interface PhoneScript {
  locale: Locale;
  lines: string[];
  text: string;
}
