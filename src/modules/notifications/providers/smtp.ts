import nodemailer from 'nodemailer';
import type { NotificationsConfig } from '../../../config.js';
import { ProviderError, type Outgoing, type Provider, type SendResult } from './provider.js';

interface SmtpError {
  responseCode?: number;
  command?: string;
  message?: string;
}

/** Email through an SMTP server (nodemailer); its acceptance is recorded as the delivery. */
export function smtpProvider(
  smtp: NonNullable<NotificationsConfig['smtp']>,
  from: string,
): Provider {
  // A small pool of open connections: a message does not pay for connect, greeting and EHLO.
  const pool = { pool: true, maxConnections: 3, maxMessages: 500 } as const;
  const transport =
    'url' in smtp
      ? nodemailer.createTransport({ url: smtp.url, ...pool })
      : nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
          ...pool,
        });
  return {
    name: 'smtp',
    close: () => transport.close(),
    async send(m: Outgoing): Promise<SendResult> {
      try {
        const info = await transport.sendMail({
          from,
          to: m.to,
          subject: m.subject ?? '',
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
          headers: {
            'X-Redress-Message-Id': m.id,
            'X-Redress-Incident-Id': m.incidentId,
            'X-Redress-Event': m.event,
          },
        });
        if (info.rejected.length > 0) {
          throw new ProviderError(`The SMTP server rejected ${m.to}`, 'smtp', true, true);
        }
        return { provider: 'smtp', providerMessageId: info.messageId, status: 'delivered' };
      } catch (err) {
        if (err instanceof ProviderError) throw err;
        const e = err as SmtpError;
        const code = e.responseCode ?? 0;
        // 5xx is the server's final word; a refused recipient is a bounce.
        const permanent = code >= 500;
        const bounced = permanent && (e.command === 'RCPT TO' || e.command === 'DATA');
        throw new ProviderError(`SMTP: ${e.message ?? String(err)}`, 'smtp', permanent, bounced);
      }
    },
  };
}
