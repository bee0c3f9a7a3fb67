import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { incidentBody, makeOrder } from './incidents.factories.js';
import type { IncidentDetail, IncidentSummary } from './incidents.js';

interface PageBody {
  data: IncidentSummary[];
  nextCursor: string | null;
}
interface ErrorBody {
  error: { code: string; details?: { fields?: { path: string }[] } };
}
const MIN = 60_000;

async function report(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const res = await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody(body));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

async function moveTo(t: TestApp, id: string, ...states: string[]): Promise<void> {
  for (const to of states) {
    const res = await t.call('POST', `/api/incidents/${id}/transitions`, {
      to,
      reason: 'test',
      rootCause: 'other',
    });
    assert.equal(res.status, 200, `→ ${to}`);
  }
}

async function notifyCustomer(t: TestApp, id: string): Promise<void> {
  const res = await t.call('POST', `/api/incidents/${id}/notes`, {
    kind: 'customer_notified',
    message: 'Told the customer',
  });
  assert.equal(res.status, 201);
}

describe(`listing incidents (${dialect})`, () => {
  let t: TestApp;
  const ids: Record<'a' | 'b' | 'c' | 'd' | 'e', string> = { a: '', b: '', c: '', d: '', e: '' };
  let orderA: Awaited<ReturnType<typeof makeOrder>>;
  let orderB: Awaited<ReturnType<typeof makeOrder>>;
  let t0: number;

  const list = async (query: string) => {
    const res = await t.call<PageBody>('GET', `/api/incidents${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const names = (page: PageBody) => {
    const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
    return page.data.map((i) => byId.get(i.id));
  };

  before(async () => {
    t = await createTestApp();
    t0 = t.clock.now().getTime();
    orderA = await makeOrder(t.ctx.db);
    orderB = await makeOrder(t.ctx.db);
    ids.a = await report(t, { type: 'wrong_item', orderId: orderA.id });
    ids.b = await report(t, { type: 'stockout', source: 'customer' });
    await t.call('POST', `/api/incidents/${ids.b}/escalate`, { reason: 'VIP' });
    ids.c = await report(t, { type: 'damaged', severity: 'low', orderId: orderB.id });
    await moveTo(t, ids.c, 'dismissed');
    t.clock.advance(60 * MIN);
    ids.d = await report(t, { type: 'missing_item', orderId: orderA.id });
    await moveTo(t, ids.d, 'verified');
    ids.e = await report(t, { type: 'other', source: 'customer' });
  });
  after(() => t.close());

  it('lists newest first, each with its clocks summary', async () => {
    const page = await list('');
    assert.deepEqual(names(page), ['e', 'd', 'c', 'b', 'a']);
    assert.equal(page.nextCursor, null);
    const d = page.data.find((i) => i.id === ids.d);
    assert.deepEqual(
      d?.clocks.map((c) => [c.clock, c.status]),
      [
        ['notify', 'running'],
        ['verify', 'met'],
        ['resolve', 'running'],
      ],
    );
    const c = page.data.find((i) => i.id === ids.c);
    assert.deepEqual(
      c?.clocks.map((x) => x.status),
      ['stopped', 'stopped', 'stopped'],
    );
  });

  it('filters by one state or several', async () => {
    assert.deepEqual(names(await list('?state=detected')), ['e', 'b', 'a']);
    assert.deepEqual(names(await list('?state=verified,dismissed')), ['d', 'c']);
    const bad = await t.call<ErrorBody>('GET', '/api/incidents?state=detected,lost');
    assert.equal(bad.status, 400);
    assert.ok(bad.body.error.details?.fields?.every((f) => f.path.startsWith('querystring.state')));
  });

  it('filters by type, source, severity, order and customer', async () => {
    assert.deepEqual(names(await list('?type=stockout')), ['b']);
    assert.deepEqual(names(await list('?source=customer')), ['e', 'b']);
    assert.deepEqual(names(await list('?severity=medium')), ['d', 'a']);
    assert.deepEqual(names(await list(`?orderId=${orderA.id}`)), ['d', 'a']);
    assert.deepEqual(names(await list(`?customerId=${orderB.customerId}`)), ['c']);
    assert.deepEqual(names(await list(`?orderId=${orderA.id}&state=detected`)), ['a']);
  });

  it('filters by the escalated flag', async () => {
    assert.deepEqual(names(await list('?escalated=true')), ['b']);
    assert.deepEqual(names(await list('?escalated=false')), ['e', 'd', 'c', 'a']);
    const bad = await t.call('GET', '/api/incidents?escalated=yes');
    assert.equal(bad.status, 400);
  });

  it('filters by detection time, from inclusive and to exclusive', async () => {
    const later = new Date(t0 + 60 * MIN).toISOString();
    assert.deepEqual(names(await list(`?detectedFrom=${later}`)), ['e', 'd']);
    assert.deepEqual(names(await list(`?detectedTo=${later}`)), ['c', 'b', 'a']);
    const start = new Date(t0).toISOString();
    assert.deepEqual(names(await list(`?detectedFrom=${start}&detectedTo=${later}`)), [
      'c',
      'b',
      'a',
    ]);
  });

  it('pages newest first by cursor, with no gap and no repeat', async () => {
    const first = await list('?limit=2');
    assert.deepEqual(names(first), ['e', 'd']);
    assert.ok(first.nextCursor);
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    assert.deepEqual(names(second), ['c', 'b']);
    const third = await list(`?limit=2&cursor=${second.nextCursor}`);
    assert.deepEqual(names(third), ['a']);
    assert.equal(third.nextCursor, null);
  });

  it('filters by any clock breached (run last: it moves the clock)', async () => {
    await notifyCustomer(t, ids.e);
    const res = await t.call('POST', '/api/test/clock', { advance: 'PT2H30M' });
    assert.equal(res.status, 200);
    // notify is due at +2 h for a and b, +3 h for d; e was notified; c is dismissed.
    assert.deepEqual(names(await list('?breached=true')), ['d', 'b', 'a']);
    assert.deepEqual(names(await list('?breached=false')), ['e', 'c']);
    assert.deepEqual(names(await list('?escalated=true')), ['d', 'b', 'a']);
  });
});

describe(`the agent queue, sort=sla_risk (${dialect})`, () => {
  let t: TestApp;
  const ids: Record<'p' | 'q' | 'r' | 's' | 'u' | 'w', string> = {
    p: '',
    q: '',
    r: '',
    s: '',
    u: '',
    w: '',
  };
  const queue = async (query = '') => {
    const res = await t.call<PageBody>('GET', `/api/incidents?sort=sla_risk${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
    return { names: res.body.data.map((i) => byId.get(i.id)), nextCursor: res.body.nextCursor };
  };

  before(async () => {
    t = await createTestApp();
    ids.w = await report(t, {}); // every clock met: comes last
    await notifyCustomer(t, ids.w);
    await moveTo(t, ids.w, 'verified', 'resolving', 'resolved');
    ids.p = await report(t, {}); // notify due at +2 h
    t.clock.advance(30 * MIN);
    ids.q = await report(t, {}); // notify due at +2 h 30
    t.clock.advance(30 * MIN);
    ids.r = await report(t, {}); // notified: verify due at +5 h is its nearest
    await notifyCustomer(t, ids.r);
    ids.s = await report(t, {});
    await moveTo(t, ids.s, 'dismissed');
    ids.u = await report(t, {});
    await moveTo(t, ids.u, 'verified', 'resolving', 'resolved', 'closed');
  });
  after(() => t.close());

  it('orders open incidents by their nearest due unmet clock, without final ones', async () => {
    assert.deepEqual((await queue()).names, ['p', 'q', 'r', 'w']);
  });

  it('pages the queue by offset', async () => {
    const first = await queue('&limit=3');
    assert.deepEqual(first.names, ['p', 'q', 'r']);
    assert.equal(first.nextCursor, '3');
    const second = await queue(`&limit=3&cursor=${first.nextCursor}`);
    assert.deepEqual(second.names, ['w']);
    assert.equal(second.nextCursor, null);
    const bad = await t.call<ErrorBody>('GET', '/api/incidents?sort=sla_risk&cursor=inc_x');
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.details?.fields?.map((f) => f.path),
      ['querystring.cursor'],
    );
  });

  it('applies filters within the queue', async () => {
    assert.deepEqual((await queue('&state=resolved')).names, ['w']);
    assert.deepEqual((await queue('&state=closed,dismissed')).names, []);
  });

  it('moves an incident down when its nearest clock is met, and keeps a breached one on top', async () => {
    await notifyCustomer(t, ids.q); // q: verify at +4 h 30 is now nearest, before r's +5 h
    assert.deepEqual((await queue()).names, ['p', 'q', 'r', 'w']);
    await moveTo(t, ids.q, 'verified'); // q: resolve at +72 h 30 now
    assert.deepEqual((await queue()).names, ['p', 'r', 'q', 'w']);
    await t.call('POST', '/api/test/clock', { advance: 'PT2H' }); // p's notify breaches
    await notifyCustomer(t, ids.p); // too late: stays breached, so p stays first
    assert.deepEqual((await queue()).names, ['p', 'r', 'q', 'w']);
  });
});
