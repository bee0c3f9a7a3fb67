import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that answers the Stripe refund API the way Stripe does, for tests of the
 * Stripe gateway through the official SDK. Refund objects follow Stripe's own example
 * (stripe/openapi `fixtures3.json`, MIT). Idempotency as Stripe documents it: the same key with
 * the same parameters replays the first response; with other parameters it is a 400.
 */
const refundFixture = {
  object: 'refund',
  balance_transaction: null,
  created: 1234567890,
  destination_details: { card: { type: 'reversal' }, type: 'card' },
  metadata: {},
  reason: null,
  receipt_number: null,
  source_transfer_reversal: null,
  status: 'succeeded',
  transfer_reversal: null,
};

export interface FakeStripe {
  url: string;
  /** Every POST /v1/refunds received, in order. */
  requests: { idempotencyKey: string | undefined; params: Record<string, string> }[];
  /** Refunds actually made (one per idempotency key). */
  refunds: Map<string, Record<string, unknown>>;
  /** Delays the next answers by `ms` (the refund is made at once, only the answer waits). */
  delayNext(count: number, ms: number): void;
  /** Answers the next requests with an error instead of making a refund. */
  failNext(count: number, status: number, type: string, code?: string): void;
  /** Status the next GET of a refund reports. */
  setStatus(refundId: string, status: string): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
  });
}

export async function startFakeStripe(charges: Record<string, string> = {}): Promise<FakeStripe> {
  const requests: FakeStripe['requests'] = [];
  const refunds = new Map<string, Record<string, unknown>>();
  const byKey = new Map<string, { params: string; status: number; body: unknown }>();
  const delays: number[] = [];
  const failures: { status: number; type: string; code?: string }[] = [];

  const send = (res: ServerResponse, status: number, body: unknown, delay = 0) => {
    const write = () => {
      if (res.destroyed) return;
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': `req_${randomBytes(6).toString('hex')}`,
      });
      res.end(JSON.stringify(body));
    };
    if (delay > 0) setTimeout(write, delay).unref();
    else write();
  };

  const create = (params: Record<string, string>): { status: number; body: unknown } => {
    const failure = failures.shift();
    if (failure) {
      return {
        status: failure.status,
        body: {
          error: { type: failure.type, code: failure.code, message: `fake ${failure.type}` },
        },
      };
    }
    const paymentRef = params.payment_intent ?? params.charge ?? '';
    const refund = {
      ...refundFixture,
      id: `re_${randomBytes(12).toString('hex')}`,
      amount: Number(params.amount),
      currency: (charges[paymentRef] ?? 'eur').toLowerCase(),
      charge: params.charge ?? `ch_${randomBytes(8).toString('hex')}`,
      payment_intent: params.payment_intent ?? null,
      reason: params.reason ?? null,
      metadata: Object.fromEntries(
        Object.entries(params)
          .filter(([k]) => k.startsWith('metadata['))
          .map(([k, v]) => [k.slice(9, -1), v]),
      ),
    };
    refunds.set(refund.id, refund);
    return { status: 200, body: refund };
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const delay = delays.shift() ?? 0;
      if (req.method === 'POST' && req.url === '/v1/refunds') {
        const params = Object.fromEntries(new URLSearchParams(body));
        const key = req.headers['idempotency-key'] as string | undefined;
        requests.push({ idempotencyKey: key, params });
        const first = key ? byKey.get(key) : undefined;
        if (first) {
          if (first.params !== body) {
            return send(res, 400, {
              error: {
                type: 'idempotency_error',
                message:
                  'Keys for idempotent requests can only be used with the same parameters they were first used with.',
              },
            });
          }
          return send(res, first.status, first.body, delay);
        }
        const result = create(params);
        if (key && result.status < 500) byKey.set(key, { params: body, ...result });
        return send(res, result.status, result.body, delay);
      }
      const get = /^\/v1\/refunds\/(re_\w+)$/.exec(req.url ?? '');
      const refund = get?.[1] ? refunds.get(get[1]) : undefined;
      if (req.method === 'GET' && refund) return send(res, 200, refund, delay);
      return send(res, 404, {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: 'No such resource',
        },
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    refunds,
    delayNext: (count, ms) => delays.push(...Array<number>(count).fill(ms)),
    failNext: (count, status, type, code) =>
      failures.push(
        ...Array.from({ length: count }, () => ({ status, type, ...(code ? { code } : {}) })),
      ),
    setStatus: (id, status) => {
      const r = refunds.get(id);
      if (r) r.status = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
