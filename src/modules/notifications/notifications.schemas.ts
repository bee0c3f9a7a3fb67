import { z } from 'zod';
import { locales } from '../catalog/index.js';
import { customerMessageEvents, incidentTypes, rootCauses } from '../incidents/index.js';
import { pageQuerySchema, pageSchema } from '../../shared/pagination.js';
import { messageStatuses, renderChannels, sendChannels } from './notifications.js';
import { isValidTimeZone } from './quiet-hours.js';
import { factNames } from './templates/template-types.js';

export const idParams = z.object({ id: z.string().min(1) });

export const messageSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  customerId: z.string(),
  event: z.enum(customerMessageEvents),
  channel: z.enum(sendChannels),
  key: z.string(),
  locale: z.enum(locales),
  recipient: z.string(),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  chat: z.record(z.string(), z.unknown()).nullable(),
  link: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  fallbackOf: z.string().nullable(),
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  status: z.enum(messageStatuses),
  attempts: z.number().int(),
  error: z.string().nullable(),
  scheduledAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  failedAt: z.string().nullable(),
});
export const messagePageSchema = pageSchema(messageSchema);
export const messageListSchema = z.object({ data: z.array(messageSchema) });

export const listMessagesQuery = pageQuerySchema.extend({
  incidentId: z.string().min(1).optional(),
  channel: z.enum(sendChannels).optional(),
  status: z.enum(messageStatuses).optional(),
  provider: z.string().min(1).optional(),
});
export const outboxQuery = pageQuerySchema.extend({ channel: z.enum(sendChannels).optional() });

export const resendBody = z
  .object({
    channel: z.enum(sendChannels).optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .default({});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (24 h)');
const timezone = z
  .string()
  .min(1)
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Lisbon');

export const quietHoursSchema = z.object({ start: hhmm, end: hhmm });

export const preferencesBody = z.object({
  channels: z
    .array(z.enum(sendChannels))
    .min(1)
    .refine((c) => new Set(c).size === c.length, 'must not repeat a channel'),
  smsConsent: z.boolean(),
  quietHours: quietHoursSchema.nullable().optional(),
  timezone: timezone.optional(),
});
export type PreferencesInput = z.infer<typeof preferencesBody>;

export const preferencesSchema = z.object({
  customerId: z.string(),
  channels: z.array(z.enum(sendChannels)),
  smsConsent: z.boolean(),
  smsConsentAt: z.string().nullable(),
  quietHours: quietHoursSchema.nullable(),
  timezone: z.string(),
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  /** Where the customer can be reached now, in order. */
  reachableOn: z.array(z.enum(sendChannels)),
});

export const previewQuery = z.object({
  incidentId: z.string().min(1),
  event: z.enum(customerMessageEvents),
  channel: z.enum(renderChannels),
  locale: z.enum(locales).optional(),
});

export const previewBody = z.object({
  incidentType: z.enum(incidentTypes),
  event: z.enum(customerMessageEvents),
  channel: z.enum(renderChannels),
  locale: z.enum(locales),
  rootCause: z.enum(rootCauses).nullable().optional(),
  facts: z.partialRecord(z.enum(factNames), z.string().max(500)).optional(),
  link: z.url().optional(),
});

export const previewSchema = z.object({
  event: z.enum(customerMessageEvents),
  channel: z.enum(renderChannels),
  locale: z.enum(locales),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  chat: z.record(z.string(), z.unknown()).nullable(),
  sms: z.object({ segments: z.number().int(), encoding: z.enum(['gsm7', 'ucs2']) }).nullable(),
  lines: z.array(z.string()).nullable(),
});

export const phoneScriptQuery = z.object({
  event: z.enum(customerMessageEvents).optional(),
  locale: z.enum(locales).optional(),
});
export const phoneScriptSchema = z.object({
  incidentId: z.string(),
  event: z.enum(customerMessageEvents),
  locale: z.enum(locales),
  lines: z.array(z.string()),
  text: z.string(),
});

export const surveySchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  customerId: z.string(),
  scheduledAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
  channel: z.string().nullable(),
});
export const surveyAnswerBody = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().max(2000).optional(),
  channel: z.enum(['phone', 'email', 'sms', 'chat', 'agent']).default('agent'),
});

/** Delivery reports: Twilio's form fields, or the generic webhook's JSON. */
export const statusCallbackBody = z
  .object({
    MessageSid: z.string().optional(),
    MessageStatus: z.string().optional(),
    ErrorCode: z.string().optional(),
    messageId: z.string().optional(),
    provider: z.string().optional(),
    providerMessageId: z.string().optional(),
    status: z.enum(['sent', 'delivered', 'bounced', 'failed']).optional(),
    error: z.string().max(1000).optional(),
  })
  .loose();
export const statusCallbackResult = z.object({
  messageId: z.string(),
  status: z.enum(messageStatuses),
  changed: z.boolean(),
});
