import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { countNotifyJobs, makeOrder, makeShipment } from './incidents.factories.js';
import type { IncidentDetail, IncidentSummary } from './incidents.js';
import { openIncident } from './use-cases/open-incident.js';

interface Reported extends IncidentDetail {
  joined: boolean;
}
interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { current?: string; fields?: { path: string; message: string }[] };
  };
}
const fieldsOf = (b: ErrorBody) => (b.error.details?.fields ?? []).map((f) => f.path).sort();
const HOUR = 3_600_000;

describe(`free-text reports (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const report = (body: Record<string, unknown>) =>
    t.call<Reported>('POST', '/api/incidents', { source: 'customer', ...body });

  it('classifies a report without a type in the customer’s language and records the triage', async () => {
    const order = await makeOrder(t.ctx.db, { locale: 'en' });
    const res = await report({
      orderId: order.id,
      description: 'I ordered 3 shirts but only 2 came in the box. Please help!',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.type, 'missing_item');
    assert.equal(res.body.needsTriage, false);
    assert.equal(res.body.joined, false);
    assert.equal(res.body.summary, 'I ordered 3 shirts but only 2 came in the box.');
    assert.deepEqual(
      res.body.timeline.map((e) => [e.kind, e.visibility]),
      [
        ['created', 'internal'],
        ['triaged', 'internal'],
      ],
    );
    const data = res.body.timeline[1]?.data ?? {};
    assert.equal(data.triage, 'missing_item');
    assert.equal(data.language, 'en');
    assert.ok(
      typeof data.confidence === 'number' && data.confidence >= 0.6,
      String(data.confidence),
    );
  });

  it('flags an unsure guess for agent triage, and lists it under needsTriage=true', async () => {
    const order = await makeOrder(t.ctx.db);
    const res = await report({
      orderId: order.id,
      description: 'Hello, I have a question about my order',
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.type, 'other', 'the best guess is kept as the type');
    assert.equal(res.body.needsTriage, true);
    const triaged = res.body.timeline.find((e) => e.kind === 'triaged');
    assert.ok(Number(triaged?.data?.confidence) < 0.6);
    assert.equal(triaged?.data?.needsTriage, true);

    const flagged = await t.call<{ data: IncidentSummary[] }>(
      'GET',
      '/api/incidents?needsTriage=true',
    );
    assert.ok(flagged.body.data.some((i) => i.id === res.body.id));
    assert.ok(flagged.body.data.every((i) => i.needsTriage));
    const clear = await t.call<{ data: IncidentSummary[] }>(
      'GET',
      '/api/incidents?needsTriage=false',
    );
    assert.ok(!clear.body.data.some((i) => i.id === res.body.id));
  });

  it('lets an agent confirm or change the type, which clears the flag and is timelined', async () => {
    const order = await makeOrder(t.ctx.db);
    const made = await report({ orderId: order.id, description: 'the box' });
    assert.equal(made.body.needsTriage, true);
    const changed = await t.call<IncidentDetail>('PATCH', `/api/incidents/${made.body.id}`, {
      type: 'wrong_item',
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.type, 'wrong_item');
    assert.equal(changed.body.needsTriage, false);
    const last = changed.body.timeline.at(-1);
    assert.equal(last?.kind, 'updated');
    assert.deepEqual(last?.data, { field: 'type', from: 'other', to: 'wrong_item', triaged: true });

    const other = await report({ orderId: (await makeOrder(t.ctx.db)).id, description: 'the box' });
    const confirmed = await t.call<IncidentDetail>('PATCH', `/api/incidents/${other.body.id}`, {
      type: 'other',
    });
    assert.equal(confirmed.body.needsTriage, false);
    assert.equal(confirmed.body.timeline.at(-1)?.message, 'type other confirmed');
    const again = await t.call<IncidentDetail>('PATCH', `/api/incidents/${other.body.id}`, {
      type: 'other',
    });
    assert.equal(again.body.timeline.length, confirmed.body.timeline.length, 'nothing to record');
  });

  it('allows the type to change only while detected or verified (409 with the state)', async () => {
    const made = await report({ type: 'damaged', summary: 'Broken lamp' });
    const id = made.body.id;
    await t.call('POST', `/api/incidents/${id}/transitions`, { to: 'verified' });
    const ok = await t.call<IncidentDetail>('PATCH', `/api/incidents/${id}`, { type: 'lost' });
    assert.equal(ok.status, 200);
    await t.call('POST', `/api/incidents/${id}/transitions`, { to: 'resolving' });
    const refused = await t.call<ErrorBody>('PATCH', `/api/incidents/${id}`, { type: 'damaged' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'invalid_state');
    assert.equal(refused.body.error.details?.current, 'resolving');
    const bad = await t.call<ErrorBody>('PATCH', `/api/incidents/${id}`, { type: 'gremlins' });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldsOf(bad.body), ['type']);
  });

  it('makes a Portuguese broken-item report a damaged incident whose customer wants a return', async () => {
    const broken = await report({
      orderId: (await makeOrder(t.ctx.db, { locale: 'pt' })).id,
      description: 'O produto chegou quebrado, quero devolver',
    });
    assert.equal(broken.body.type, 'damaged');
    assert.deepEqual(broken.body.facts, { customerWants: 'return' });
    const triaged = broken.body.timeline.find((e) => e.kind === 'triaged');
    assert.equal(triaged?.data?.triage, 'return_request', 'triage itself says return');
    assert.equal(triaged?.data?.rule, 'defect_is_damage');

    const plain = await report({
      orderId: (await makeOrder(t.ctx.db, { locale: 'pt' })).id,
      description: 'Quero devolver, não serviu',
    });
    assert.equal(plain.body.type, 'return_request');
    assert.equal(plain.body.facts, null);
  });

  it('takes the type given without triage, and derives a missing summary', async () => {
    const res = await report({
      type: 'late_delivery',
      description: `${'Very long words '.repeat(20)}without any full stop`,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.type, 'late_delivery');
    assert.ok(res.body.summary.length <= 200);
    assert.ok(res.body.summary.endsWith('…'));
    assert.ok(!res.body.timeline.some((e) => e.kind === 'triaged'));
  });

  it('names each bad field: no text at all, a bad type, a bad source', async () => {
    const empty = await t.call<ErrorBody>('POST', '/api/incidents', { source: 'customer' });
    assert.equal(empty.status, 400);
    assert.deepEqual(fieldsOf(empty.body), ['description']);
    const bad = await t.call<ErrorBody>('POST', '/api/incidents', {
      source: 'carrier',
      type: 'gremlins',
      description: 'x'.repeat(5001),
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldsOf(bad.body), ['description', 'source', 'type']);
  });
});

describe(`duplicate reports (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const report = (orderId: string, body: Record<string, unknown> = {}) =>
    t.call<Reported>('POST', '/api/incidents', {
      type: 'damaged',
      source: 'customer',
      orderId,
      summary: 'The mug arrived broken',
      ...body,
    });

  it('joins the open incident of the same order and type: lines added, text on the timeline, 200', async () => {
    const order = await makeOrder(t.ctx.db, { lines: 2 });
    const first = await report(order.id, {
      lines: [{ orderLineId: order.lineIds[0], expectedQty: 1, actualQty: 1 }],
    });
    assert.equal(first.status, 201);
    t.clock.advance(HOUR);
    const second = await report(order.id, {
      description: 'The second mug is broken too',
      lines: [{ orderLineId: order.lineIds[1], expectedQty: 1, actualQty: 1 }],
    });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.joined, true);
    assert.equal(second.body.id, first.body.id);
    assert.deepEqual(
      second.body.lines.map((l) => l.orderLineId),
      [order.lineIds[0], order.lineIds[1]],
    );
    const entry = second.body.timeline.at(-1);
    assert.equal(entry?.kind, 'report_joined');
    assert.equal(entry?.visibility, 'public');
    assert.equal(entry?.message, 'The second mug is broken too');
    const agent = await report(order.id, { source: 'agent' });
    assert.equal(
      agent.body.timeline.at(-1)?.visibility,
      'internal',
      'an agent’s report stays internal',
    );
  });

  it('opens a new incident for another type, after the window, or once the first is over', async () => {
    const order = await makeOrder(t.ctx.db);
    const first = await report(order.id);
    const otherType = await report(order.id, { type: 'wrong_item' });
    assert.equal(otherType.status, 201);
    assert.notEqual(otherType.body.id, first.body.id);

    t.clock.advance(24 * HOUR + 1);
    const late = await report(order.id);
    assert.equal(late.status, 201, 'the first was detected before the 24 h window');
    assert.notEqual(late.body.id, first.body.id);

    await t.call('POST', `/api/incidents/${late.body.id}/transitions`, {
      to: 'dismissed',
      reason: 'duplicate of a phone call',
    });
    const afterDismissal = await report(order.id);
    assert.equal(afterDismissal.status, 201);
    assert.notEqual(afterDismissal.body.id, late.body.id);
  });

  it('joins a classified free-text report to the incident of the type it is classified as', async () => {
    const order = await makeOrder(t.ctx.db, { locale: 'es' });
    const first = await report(order.id);
    const second = await report(order.id, {
      type: undefined,
      summary: undefined,
      description: 'La lámpara llegó rota.',
    });
    assert.equal(second.status, 200);
    assert.equal(second.body.id, first.body.id);
    assert.equal(second.body.timeline.at(-1)?.data?.triage, 'damaged');
  });

  it('opens exactly one incident for identical reports sent at the same moment', async () => {
    const order = await makeOrder(t.ctx.db);
    const shipmentId = await makeShipment(t.ctx.db, order.id);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        report(order.id, {
          shipmentId,
          lines: [{ orderLineId: order.lineIds[0], expectedQty: 1, actualQty: 1, note: `#${i}` }],
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status).sort(),
      [200, 200, 200, 200, 200, 201],
      JSON.stringify(results.map((r) => r.body).filter((b) => !('id' in b))),
    );
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    const rows = await t.ctx.db
      .selectFrom('incidents')
      .select('id')
      .where('order_id', '=', order.id)
      .execute();
    assert.equal(rows.length, 1);
    const detail = await t.call<IncidentDetail>('GET', `/api/incidents/${rows[0]?.id}`);
    assert.equal(detail.body.lines.length, 6, 'every report’s line is kept');
    assert.equal(detail.body.timeline.filter((e) => e.kind === 'report_joined').length, 5);
  });
});

describe(`customer notification queued with detection (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('queues exactly one notification for a reported incident with an order, none for a joined duplicate', async () => {
    const order = await makeOrder(t.ctx.db);
    const body = {
      type: 'wrong_item',
      source: 'agent',
      orderId: order.id,
      summary: 'Navy not blue',
    };
    const first = await t.call<Reported>('POST', '/api/incidents', body);
    assert.equal(first.status, 201);
    assert.equal(await countNotifyJobs(t.ctx.db, first.body.id), 1);
    const dup = await t.call<Reported>('POST', '/api/incidents', { ...body, source: 'customer' });
    assert.equal(dup.status, 200);
    assert.equal(dup.body.id, first.body.id);
    assert.equal(await countNotifyJobs(t.ctx.db, first.body.id), 1, 'still one');
  });

  it('queues none for an incident caught at the pack station, nor without a customer', async () => {
    const order = await makeOrder(t.ctx.db);
    const pack = await t.ctx.db.transaction().execute((trx) =>
      openIncident(
        trx,
        {
          type: 'wrong_item',
          source: 'pack',
          orderId: order.id,
          summary: 'Scanned NAVY for BLUE',
        },
        { actor: 'system', clock: t.clock },
      ),
    );
    assert.equal(await countNotifyJobs(t.ctx.db, pack.id), 0);
    const noOrder = await t.call<Reported>('POST', '/api/incidents', {
      type: 'other',
      source: 'agent',
      summary: 'Phone call about nothing in particular',
    });
    assert.equal(await countNotifyJobs(t.ctx.db, noOrder.body.id), 0);
  });
});
