import type { NotificationsConfig } from '../../../config.js';
import { providerFetch } from './http.js';
import type { Outgoing, Provider, SendResult } from './provider.js';

/** SMS through a Twilio-compatible API; delivery reports come back to the status callback. */
export function twilioProvider(
  twilio: NonNullable<NotificationsConfig['twilio']>,
  statusCallback: string,
): Provider {
  const base = twilio.baseUrl.replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(twilio.accountSid)}/Messages.json`;
  const auth = Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64');
  return {
    name: 'twilio',
    async send(m: Outgoing): Promise<SendResult> {
      const form = new URLSearchParams({
        To: m.to,
        From: twilio.from,
        Body: m.text,
        StatusCallback: statusCallback,
      });
      const body = (await providerFetch('twilio', url, {
        headers: {
          authorization: `Basic ${auth}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
      })) as { sid?: unknown } | null;
      const sid = typeof body?.sid === 'string' ? body.sid : null;
      return { provider: 'twilio', providerMessageId: sid, status: 'sent' };
    },
  };
}
