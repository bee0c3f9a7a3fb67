import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOUR } from '../../shared/clock.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import {
  closeOrder,
  issueRefund,
  makeCustomer,
  makeWorld,
  placeOrder,
  recordCost,
  returnUnits,
  survey,
  answerSurvey,
  type PlacedOrder,
  type World,
} from './analytics.factories.js';
import { kpiDefinitions } from './kpi-definitions.js';
import type { KpiReport } from './use-cases/kpis.js';

/**
 * S14: a scripted week (Monday 2 – Sunday 8 March 2026). Orders are written as the orders module
 * writes them; incidents go through the HTTP API at the clock's time. Every expected figure is
 * counted by hand in the comments.
 */
describe('S14: the KPIs of a scripted week add up', () => {
  let t: TestApp;
  let w: World;
  const at = (iso: string) => t.clock.set(new Date(iso));
  const api = async <T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> => {
    const res = await t.call<T>(method, url, body);
    assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const report = async (query: string) =>
    api<KpiReport>('GET', `/api/kpis?from=2026-03-02&to=2026-03-08&refresh=true${query}`);
  const kpi = (r: KpiReport, id: string) => {
    const k = r.kpis.find((x) => x.id === id);
    assert.ok(k, id);
    return k;
  };

  before(async () => {
    t = await createTestApp({ start: new Date('2026-03-01T08:00:00.000Z') });
  });
  after(() => t.close());

  it('returns the hand-computed completion, error, resolution, refund, survey and repeat figures', async () => {
    const db = t.ctx.db;
    w = await makeWorld(db, {
      locations: 2,
      suppliers: 2,
      products: 3,
      at: '2026-02-01T00:00:00.000Z',
    });
    const [p1, p2, p3] = w.products.map((p) => p.id) as [string, string, string];
    const c = [];
    for (let i = 0; i < 6; i++) c.push(await makeCustomer(db, '2026-02-01T00:00:00.000Z'));
    const [c1, c2, c3, c4, c5, c6] = c as [string, string, string, string, string, string];
    const place = (customerId: string, placedAt: string, promisedAt: string, lines: string[]) =>
      placeOrder(db, {
        customerId,
        placedAt,
        promisedAt,
        locationId: w.locations[0] ?? '',
        lines: lines.map((productId) => ({ productId, qty: 1 })),
      });
    const o1 = await place(c1, '2026-03-01T10:00:00.000Z', '2026-03-04T00:00:00.000Z', [p1, p2]);
    const o2 = await place(c2, '2026-03-01T11:00:00.000Z', '2026-03-03T00:00:00.000Z', [p1]);
    const o3 = await place(c3, '2026-03-02T10:00:00.000Z', '2026-03-05T00:00:00.000Z', [p2, p3]);
    const o4 = await place(c4, '2026-03-02T11:00:00.000Z', '2026-03-05T00:00:00.000Z', [p1]);
    const o5 = await place(c5, '2026-03-03T10:00:00.000Z', '2026-03-06T00:00:00.000Z', [p3, p1]);
    const o6 = await place(c6, '2026-03-04T10:00:00.000Z', '2026-03-07T00:00:00.000Z', [p2]);

    // Mon: O1 delivered whole and on time.
    await closeOrder(db, o1, '2026-03-02T15:00:00.000Z');
    at('2026-03-02T16:00:00.000Z');
    const i4 = await report_(o1, 'wrong_item', 'Thought the colour was wrong');
    await api('POST', `/api/incidents/${i4}/transitions`, {
      to: 'dismissed',
      reason: 'right colour',
    });
    const midweek = await report('');
    assert.equal(kpi(midweek, 'order_completion_rate').value, 1, 'O1 only, so far');

    // Tue: O2 delivered after its promise; the customer reports a unit missing.
    await closeOrder(db, o2, '2026-03-03T12:00:00.000Z');
    at('2026-03-03T14:00:00.000Z');
    const i2 = await report_(o2, 'missing_item', 'One unit missing');
    at('2026-03-03T16:00:00.000Z');
    await note(i2);
    at('2026-03-03T20:00:00.000Z');
    await api('POST', `/api/incidents/${i2}/escalate`, { reason: 'customer called twice' });
    at('2026-03-04T08:00:00.000Z');
    await move(i2, 'verified');
    await move(i2, 'resolving');

    // Wed: O3 ships one of two lines (the other cancelled), O4 is cancelled.
    await closeOrder(db, o3, '2026-03-04T10:00:00.000Z', [1, 0]);
    await closeOrder(db, o4, '2026-03-04T11:00:00.000Z', [0]);

    // Thu: O5 delivered; the customer got the wrong item for its first line.
    await closeOrder(db, o5, '2026-03-05T09:00:00.000Z');
    at('2026-03-05T12:00:00.000Z');
    const i1 = await report_(o5, 'wrong_item', 'Got a different product', 0);
    at('2026-03-05T12:30:00.000Z');
    await note(i1);
    at('2026-03-05T13:00:00.000Z');
    await move(i1, 'verified');
    await move(i1, 'resolving');
    at('2026-03-05T14:00:00.000Z');
    await move(i2, 'resolved'); // 48 h after detection
    await recordCost(db, {
      incidentId: i2,
      amount: 700,
      party: 'warehouse',
      kind: 'reship',
      at: '2026-03-05T14:00:00.000Z',
    });
    const s2 = await survey(db, {
      incidentId: i2,
      customerId: c2,
      sentAt: '2026-03-05T15:00:00.000Z',
    });

    // Fri: O6 delivered whole and on time; refunds issued; O5's wrong unit comes back.
    await closeOrder(db, o6, '2026-03-06T10:00:00.000Z');
    await issueRefund(db, {
      orderId: o2.id,
      incidentId: i2,
      requestedAt: '2026-03-04T08:00:00.000Z',
      issuedAt: '2026-03-06T08:00:00.000Z',
    });
    at('2026-03-06T12:00:00.000Z');
    await move(i1, 'resolved'); // 24 h after detection
    await issueRefund(db, {
      orderId: o5.id,
      incidentId: i1,
      requestedAt: '2026-03-05T13:00:00.000Z',
      issuedAt: '2026-03-06T13:00:00.000Z',
    });
    await recordCost(db, {
      incidentId: i1,
      amount: 1_000,
      party: 'warehouse',
      kind: 'refund',
      at: '2026-03-06T13:00:00.000Z',
    });
    const s1 = await survey(db, {
      incidentId: i1,
      customerId: c5,
      sentAt: '2026-03-06T14:00:00.000Z',
    });
    await answerSurvey(db, s1, 5, '2026-03-06T18:00:00.000Z');
    await returnUnits(db, o5.id, o5.lineIds[0] ?? '', '2026-03-06T19:00:00.000Z');

    // Sat: C1 (delivered Monday, no incident) and C5 (resolved Friday) order again.
    await place(c1, '2026-03-07T08:00:00.000Z', '2026-03-10T00:00:00.000Z', [p1]);
    await place(c5, '2026-03-07T09:00:00.000Z', '2026-03-10T00:00:00.000Z', [p2]);
    at('2026-03-07T10:00:00.000Z');
    await report_(o3, 'damaged', 'Arrived broken', 0);
    await answerSurvey(db, s2, 3, '2026-03-07T11:00:00.000Z');
    at('2026-03-08T20:00:00.000Z');

    const r = await report('&granularity=week&breakdown=location');
    const value = (id: string) => kpi(r, id).value;
    const detail = (id: string) => kpi(r, id).detail;
    // Closed: O1–O6. Delivered: all but O4. In full: O1, O5, O6 (O2 has a missing unit, O3 a
    // cancelled line). Perfect: O1 (its incident was dismissed) and O6.
    assert.deepEqual(detail('order_completion_rate'), { numerator: 3, denominator: 6 });
    assert.equal(kpi(r, 'order_completion_rate').met, false);
    assert.deepEqual(detail('perfect_order_rate'), { numerator: 2, denominator: 5 });
    // Shipped lines: O1 2, O2 1, O3 1, O5 2, O6 1. In error: O2's (an incident naming no line),
    // O5's first, O3's first.
    assert.deepEqual(detail('error_rate_per_line'), { numerator: 3, denominator: 7 });
    assert.deepEqual(detail('return_rate_due_to_errors'), { numerator: 1, denominator: 5 });
    assert.deepEqual(detail('complaint_escalation_rate'), { numerator: 1, denominator: 3 });
    assert.deepEqual(detail('time_to_notify'), {
      count: 2,
      mean: 75 * 60_000,
      p50: 30 * 60_000,
      p90: 2 * HOUR,
    });
    assert.deepEqual(detail('resolution_time'), {
      count: 2,
      mean: 36 * HOUR,
      p50: 24 * HOUR,
      p90: 48 * HOUR,
    });
    assert.equal(kpi(r, 'resolution_time').met, true);
    assert.deepEqual(detail('refund_time'), {
      count: 2,
      mean: 36 * HOUR,
      p50: 24 * HOUR,
      p90: 48 * HOUR,
    });
    assert.deepEqual(detail('post_incident_satisfaction'), {
      answers: 2,
      mean: 4,
      shareTop: 0.5,
      sent: 2,
      answered: 2,
      responseRate: 1,
      baselineMean: null,
      recoveryVsBaseline: null,
    });
    assert.deepEqual(detail('repeat_purchase_after_incident'), {
      resolved: 2,
      repeated: 1,
      controlOrders: 2,
      controlRepeated: 1,
      controlRate: 0.5,
      difference: 0,
    });
    assert.equal(value('incident_cost'), 1_700);
    assert.deepEqual(
      kpi(r, 'incident_cost').trend.map((b) => b.bucket),
      ['2026-03-02'],
    );
    const byLocation = kpi(r, 'order_completion_rate').breakdown;
    assert.deepEqual(
      byLocation?.map((b) => [b.key, b.value]),
      [[w.locations[0], 0.5]],
    );
    assert.equal(kpi(r, 'resolution_time').breakdown?.[0]?.detail.count, 2);

    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/kpis/export?kpi=error_rate_per_line&from=2026-03-02&to=2026-03-08&granularity=day',
      headers: { authorization: `Bearer ${t.adminKey}` },
    });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trimEnd().split('\r\n');
    assert.equal(lines[0], 'bucket,kpi,value,met,numerator,denominator');
    assert.equal(lines.length, 8);
    assert.equal(lines[1], `2026-03-02,error_rate_per_line,0,true,0,2`);
  });

  it('documents every KPI definition in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json<{ paths: Record<string, { get?: { description?: string } }> }>();
    const description = doc.paths['/api/kpis']?.get?.description ?? '';
    for (const def of kpiDefinitions) assert.ok(description.includes(def.definition), def.id);
    for (const path of [
      '/api/kpis/export',
      '/api/root-causes/pareto',
      '/api/corrective-actions/{id}/effect',
    ]) {
      assert.ok(doc.paths[path], path);
    }
  });

  it('reports an empty week as empty values, not zeros', async () => {
    const r = await api<KpiReport>('GET', '/api/kpis?from=2025-06-02&to=2025-06-08');
    for (const k of r.kpis) assert.equal(k.value, null, k.id);
    assert.equal(kpi(r, 'order_completion_rate').trend.length, 7);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const res = await t.call<{ error: { code: string; details: { fields: { path: string }[] } } }>(
      'GET',
      '/api/kpis?from=2026-03-08&to=2026-03-02',
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details.fields[0]?.path, 'querystring.from');
    const bad = await t.call('GET', '/api/kpis?breakdown=colour');
    assert.equal(bad.status, 400);
  });

  async function report_(order: PlacedOrder, type: string, summary: string, line?: number) {
    const lineId = line === undefined ? undefined : order.lineIds[line];
    const body = {
      type,
      source: 'customer',
      orderId: order.id,
      summary,
      ...(lineId && { lines: [{ orderLineId: lineId, expectedQty: 1, actualQty: 0 }] }),
    };
    return (await api<{ id: string }>('POST', '/api/incidents', body)).id;
  }
  async function note(id: string) {
    await api('POST', `/api/incidents/${id}/notes`, {
      kind: 'customer_notified',
      message: 'told by phone',
    });
  }
  async function move(id: string, to: string) {
    await api('POST', `/api/incidents/${id}/transitions`, { to });
  }
});
