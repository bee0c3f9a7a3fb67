import { providerFetch } from './http.js';
import type { Outgoing, Provider, SendResult } from './provider.js';
import { SIGNATURE_HEADER, signBody } from './signature.js';

/**
 * A generic signed webhook (chat, or an SMS gateway): JSON posted with an HMAC-SHA256 of the
 * body in `X-Redress-Signature`. A chat platform that accepts the message has delivered it; an
 * SMS gateway reports delivery later to the status callback.
 */
export function webhookProvider(
  kind: 'chat' | 'sms',
  url: string,
  secret: string,
  statusCallback: string,
): Provider {
  const name = `${kind}-webhook`;
  return {
    name,
    async send(m: Outgoing): Promise<SendResult> {
      const payload =
        kind === 'chat'
          ? { ...m.chat, messageId: m.id }
          : { type: 'redress.sms', messageId: m.id, to: m.to, text: m.text, statusCallback };
      const body = JSON.stringify(payload);
      const answer = (await providerFetch(name, url, {
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(secret, body) },
        body,
      })) as { id?: unknown } | null;
      const id = typeof answer?.id === 'string' ? answer.id : m.id;
      return {
        provider: name,
        providerMessageId: id,
        status: kind === 'chat' ? 'delivered' : 'sent',
      };
    },
  };
}
