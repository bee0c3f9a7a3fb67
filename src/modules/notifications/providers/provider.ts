import type { SendChannel } from '../notifications.js';

/** What a provider needs to send one stored message. */
export interface Outgoing {
  id: string;
  incidentId: string;
  event: string;
  channel: SendChannel;
  to: string;
  subject: string | null;
  text: string;
  html: string | null;
  chat: Record<string, unknown> | null;
}

export interface SendResult {
  provider: string;
  providerMessageId: string | null;
  /** `delivered` when the hand-over is the delivery (SMTP server, outbox, chat webhook). */
  status: 'sent' | 'delivered';
}

/** A send that failed; `permanent` ones (a rejected address) are not retried. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly provider: string,
    readonly permanent: boolean,
    readonly bounced = false,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface Provider {
  readonly name: string;
  send(message: Outgoing): Promise<SendResult>;
  /** Closes open connections (the SMTP pool). */
  close?(): void;
}

export type Providers = Record<SendChannel, Provider>;

/** HTTP answers worth retrying: rate limits and server errors. */
export function transientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
