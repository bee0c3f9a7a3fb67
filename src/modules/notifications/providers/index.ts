import type { Config } from '../../../config.js';
import { outboxProvider } from './outbox.js';
import type { Providers } from './provider.js';
import { smtpProvider } from './smtp.js';
import { twilioProvider } from './twilio.js';
import { webhookProvider } from './webhook.js';

export { ProviderError, type Outgoing, type Provider, type Providers } from './provider.js';
export {
  signBody,
  verifyBody,
  verifyTwilio,
  twilioSignature,
  SIGNATURE_HEADER,
} from './signature.js';

export function statusCallbackUrl(config: Config): string {
  return `${config.publicUrl.replace(/\/+$/, '')}/api/messages/status-callback`;
}

const made = new WeakMap<Config, Providers>();

/** One set of providers per service instance (its config), shared by its jobs and routes. */
export function providersFor(config: Config): Providers {
  let providers = made.get(config);
  if (!providers) {
    providers = makeProviders(config);
    made.set(config, providers);
  }
  return providers;
}

export function closeProviders(config: Config): void {
  const providers = made.get(config);
  made.delete(config);
  for (const p of Object.values(providers ?? {})) p.close?.();
}

/** The configured provider of each channel; the local outbox where none is configured. */
function makeProviders(config: Config): Providers {
  const n = config.notifications;
  const outbox = outboxProvider(config.dataDir, n.mailFrom);
  const callback = statusCallbackUrl(config);
  const secret = n.webhookSecret ?? '';
  return {
    email: n.smtp ? smtpProvider(n.smtp, n.mailFrom) : outbox,
    sms: n.twilio
      ? twilioProvider(n.twilio, callback)
      : n.smsWebhookUrl
        ? webhookProvider('sms', n.smsWebhookUrl, secret, callback)
        : outbox,
    chat: n.chatWebhookUrl ? webhookProvider('chat', n.chatWebhookUrl, secret, callback) : outbox,
  };
}
