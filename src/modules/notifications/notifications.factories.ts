import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Executor } from '../../db/database.js';
import { newId } from '../../shared/ids.js';
import type { TestApp } from '../../test/harness.js';
import { makeOrder } from '../incidents/incidents.factories.js';
import { openIncident, type IncidentType, type RootCause } from '../incidents/index.js';
import type { Message } from './notifications.js';

/**
 * Test parts for messages: a real SMTP server and a real HTTP server on loopback (random ports)
 * standing in for the mail relay and the SMS/chat providers. Used only by tests.
 */

export interface TestSmtp {
  url: string;
  mails: ParsedMail[];
  close(): Promise<void>;
}

/** An SMTP server that parses what it receives; `reject` refuses recipients with a 550. */
export async function startSmtp(opts: { reject?: (address: string) => boolean } = {}) {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (opts.reject?.(address.address)) {
        const err = Object.assign(new Error('550 5.1.1 No such user here'), { responseCode: 550 });
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const smtp: TestSmtp = {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return smtp;
}

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An HTTP server that records every request and answers with `reply(request)`. */
export async function startHttp(
  reply: (r: CapturedRequest) => { status: number; body: unknown } = () => ({
    status: 200,
    body: {},
  }),
) {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: CapturedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(r);
      const answer = reply(r);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const at = '2026-03-01T08:00:00.000Z';

export async function makeContact(
  db: Executor,
  opts: {
    locale?: 'en' | 'es' | 'pt';
    name?: string;
    email?: string | null;
    phone?: string | null;
  },
): Promise<string> {
  const id = newId('cus');
  await db
    .insertInto('customers')
    .values({
      id,
      external_id: null,
      name: opts.name ?? 'Maria Silva',
      email: opts.email === undefined ? `${id}@example.test` : opts.email,
      phone: opts.phone ?? null,
      locale: opts.locale ?? 'en',
      tier: 'b2c',
      address: null,
      contract: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export async function renameProduct(db: Executor, sku: string, name: string) {
  await db.updateTable('products').set({ name }).where('sku', '=', sku).execute();
}

/**
 * An incident of a new order of the customer (a wrong item by default: the line's product was
 * expected, a second product of the order arrived), opened the way detection opens one.
 */
export async function incidentFor(
  t: TestApp,
  customerId: string,
  opts: { type?: IncidentType; rootCause?: RootCause; facts?: Record<string, unknown> } = {},
) {
  const order = await makeOrder(t.ctx.db, { customerId, lines: 2 });
  const [expected, actual] = order.skus;
  const type = opts.type ?? 'wrong_item';
  const incident = await t.ctx.db.transaction().execute((trx) =>
    openIncident(
      trx,
      {
        type,
        source: 'agent',
        orderId: order.id,
        summary: 'Test incident',
        ...(opts.rootCause ? { rootCause: opts.rootCause } : {}),
        ...(opts.facts ? { facts: opts.facts } : {}),
        lines:
          type === 'wrong_item'
            ? [{ orderLineId: order.lineIds[0], expectedQty: 1, actualSku: actual, actualQty: 1 }]
            : [],
      },
      { actor: 'staff:test', clock: t.clock },
    ),
  );
  return { incident, order, expectedSku: expected ?? '', actualSku: actual ?? '' };
}

export async function messagesOf(t: TestApp, incidentId: string): Promise<Message[]> {
  const res = await t.call<{ data: Message[] }>('GET', `/api/incidents/${incidentId}/messages`);
  return res.body.data;
}

/** Runs due jobs the way the job runner does (and `POST /api/test/clock` after a move). */
export async function runJobs(t: TestApp, advance = 'PT0S') {
  const res = await t.call<{ jobsRun: number }>('POST', '/api/test/clock', { advance });
  if (res.status !== 200) throw new Error(`test clock: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.jobsRun;
}

export function setPreferences(t: TestApp, customerId: string, body: Record<string, unknown>) {
  return t.call('PUT', `/api/customers/${customerId}/contact-preferences`, body);
}
