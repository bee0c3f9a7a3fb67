import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Outgoing, Provider, SendResult } from './provider.js';

/**
 * The embedded default when no provider is configured: the message is kept in the database (as
 * every message is) and written under `<dataDir>/outbox/` — a real MIME file for email — so the
 * service works with no mail server and the console shows what would have gone out.
 */
export function outboxProvider(dataDir: string, from: string): Provider {
  const dir = join(dataDir, 'outbox');
  const mime = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    name: 'outbox',
    async send(m: Outgoing): Promise<SendResult> {
      await mkdir(dir, { recursive: true });
      if (m.channel === 'email') {
        const info = await mime.sendMail({
          from,
          to: m.to,
          subject: m.subject ?? '',
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
          headers: { 'X-Redress-Message-Id': m.id },
        });
        await writeFile(join(dir, `${m.id}.eml`), info.message as Buffer);
        return { provider: 'outbox', providerMessageId: info.messageId, status: 'delivered' };
      }
      const body = { channel: m.channel, to: m.to, text: m.text, chat: m.chat };
      await writeFile(join(dir, `${m.id}.json`), JSON.stringify(body, null, 2));
      return { provider: 'outbox', providerMessageId: m.id, status: 'delivered' };
    },
  };
}
