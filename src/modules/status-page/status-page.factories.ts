import { get, type IncomingMessage } from 'node:http';
import type { TestApp } from '../../test/harness.js';
import { makeOrder } from '../incidents/incidents.factories.js';
import type { IncidentDetail } from '../incidents/index.js';
import { trackingLink } from './token.js';

/** Test factories of the status page: an incident of a customer's order, and its link. */
export interface CustomerIncident {
  incidentId: string;
  customerId: string;
  orderId: string;
  token: string;
  link: string;
}

export async function customerIncident(
  t: TestApp,
  opts: { locale?: 'en' | 'es' | 'pt'; type?: string; customerId?: string; orderId?: string } = {},
): Promise<CustomerIncident> {
  const order = opts.orderId
    ? { id: opts.orderId, customerId: opts.customerId ?? '' }
    : await makeOrder(t.ctx.db, { locale: opts.locale ?? 'en', customerId: opts.customerId });
  const res = await t.call<IncidentDetail>('POST', '/api/incidents', {
    type: opts.type ?? 'wrong_item',
    source: 'agent',
    orderId: order.id,
    summary: 'Wrong mug in the parcel',
  });
  if (res.status !== 201) throw new Error(`incident not created: ${JSON.stringify(res.body)}`);
  const customerId = res.body.customerId ?? '';
  const link = linkFor(t, res.body.id, customerId);
  return {
    incidentId: res.body.id,
    customerId,
    orderId: order.id,
    link,
    token: link.slice(link.lastIndexOf('/') + 1),
  };
}

export function linkFor(
  t: TestApp,
  incidentId: string,
  customerId: string,
  expiresAt = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString(),
): string {
  return trackingLink(t.ctx.config, { incidentId, customerId, expiresAt });
}

/** A public call: no staff key, JSON in and out, optional headers. */
export async function publicCall<T>(
  t: TestApp,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Record<string, unknown> }> {
  const res = await t.app.inject({
    method,
    url,
    headers,
    ...(body === undefined ? {} : { payload: body as object }),
  });
  const json = res.headers['content-type']?.toString().includes('json');
  return {
    status: res.statusCode,
    body: (json ? res.json() : res.body) as T,
    headers: res.headers,
  };
}

/** Reads server-sent events from a listening server until `until` says stop (or time runs out). */
export function readEvents(
  url: string,
  until: (events: { event: string; data: string }[]) => boolean,
  onOpen: (res: IncomingMessage) => void = () => undefined,
  timeoutMs = 10_000,
): Promise<{ event: string; data: string }[]> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: string }[] = [];
    const req = get(url, (res) => {
      onOpen(res);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const raw = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(raw)?.[1];
          const data = /^data: (.*)$/m.exec(raw)?.[1] ?? '';
          if (event) events.push({ event, data });
          if (until(events)) {
            clearTimeout(timer);
            req.destroy();
            resolve(events);
            return;
          }
        }
      });
      res.on('end', () => resolve(events));
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no matching events in ${timeoutMs} ms: ${JSON.stringify(events)}`));
    }, timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
