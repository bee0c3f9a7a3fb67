export interface MessagesTable {
  id: string;
  incident_id: string;
  customer_id: string;
  event: string;
  /** email | sms | chat */
  channel: string;
  /** Tells apart two messages of one event (two refunds); '' when the event is told once */
  key: string;
  locale: string;
  /** Email address, phone number or the customer id for chat */
  recipient: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  /** JSON: the chat webhook body */
  body_json: string | null;
  /** The status-page link the message carries */
  link: string;
  /** JSON: the facts the event came with, to render the message again on a resend */
  data: string | null;
  /** The message whose failed delivery this one replaces */
  fallback_of: string | null;
  provider: string | null;
  provider_message_id: string | null;
  /** queued | sending | sent | delivered | bounced | failed */
  status: string;
  attempts: number;
  error: string | null;
  /** Not before this time (quiet hours) */
  scheduled_at: string | null;
  created_by: string;
  created_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  failed_at: string | null;
  updated_at: string;
}

export interface ContactPreferencesTable {
  customer_id: string;
  /** JSON array of channels in order of preference */
  channels: string;
  sms_consent: number;
  sms_consent_at: string | null;
  /** HH:MM local time, or null for no quiet hours */
  quiet_start: string | null;
  quiet_end: string | null;
  /** IANA time zone */
  timezone: string;
  updated_at: string;
  updated_by: string;
}

export interface SurveysTable {
  id: string;
  incident_id: string;
  customer_id: string;
  scheduled_at: string | null;
  sent_at: string | null;
  reminded_at: string | null;
  answered_at: string | null;
  /** 1–5 */
  score: number | null;
  comment: string | null;
  channel: string | null;
  created_at: string;
}

export interface NotificationsTables {
  messages: MessagesTable;
  contact_preferences: ContactPreferencesTable;
  surveys: SurveysTable;
}
