import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import {
  countEvents,
  incidentBody,
  makeLocation,
  makeOrder,
  makeShipment,
} from './incidents.factories.js';
import type { IncidentDetail } from './incidents.js';
import { openIncident } from './use-cases/open-incident.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { path: string }[] } };
}
const fieldsOf = (b: ErrorBody) => (b.error.details?.fields ?? []).map((f) => f.path).sort();

describe(`creating incidents (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('opens an incident in state detected, with its customer taken from the order', async () => {
    const order = await makeOrder(t.ctx.db, { lines: 2 });
    const res = await t.call<IncidentDetail>(
      'POST',
      '/api/incidents',
      incidentBody({
        orderId: order.id,
        description: 'A red mug instead of a blue one',
        lines: [
          { orderLineId: order.lineIds[1], expectedQty: 1, actualSku: 'MUG-RED', actualQty: 1 },
        ],
      }),
    );
    assert.equal(res.status, 201);
    const inc = res.body;
    assert.match(inc.id, /^inc_/);
    assert.equal(inc.state, 'detected');
    assert.equal(inc.customerId, order.customerId);
    assert.equal(inc.orderId, order.id);
    assert.equal(inc.severity, 'medium');
    assert.equal(inc.detectedAt, t.clock.now().toISOString());
    assert.deepEqual(inc.allowedTransitions, ['verified', 'dismissed', 'caught']);
    assert.equal(inc.lines.length, 1);
    assert.match(inc.lines[0]?.id ?? '', /^inl_/);
    assert.equal(inc.lines[0]?.expectedSku, order.skus[1], 'expected SKU defaults from the order');
    assert.equal(inc.lines[0]?.actualSku, 'MUG-RED');
  });

  it('writes the first timeline entry, three running clocks and one SLA job per clock', async () => {
    const res = await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody());
    assert.equal(res.status, 201);
    const inc = res.body;
    assert.equal(inc.timeline.length, 1);
    const first = inc.timeline[0];
    assert.equal(first?.kind, 'created');
    assert.equal(first?.toState, 'detected');
    assert.equal(first?.actor, 'test admin');
    assert.match(first?.id ?? '', /^iev_/);
    assert.deepEqual(
      inc.clocks.map((c) => [c.clock, c.status, c.dueInMs]),
      [
        ['notify', 'running', 2 * 3_600_000],
        ['verify', 'running', 4 * 3_600_000],
        ['resolve', 'running', 72 * 3_600_000],
      ],
    );
    const jobs = await t.ctx.db
      .selectFrom('jobs')
      .select(['dedupe_key', 'run_at', 'type'])
      .where('dedupe_key', 'like', `sla:${inc.id}:%`)
      .orderBy('run_at')
      .execute();
    assert.deepEqual(
      jobs.map((j) => [j.type, j.dedupe_key, j.run_at]),
      inc.clocks.map((c) => ['sla.check', `sla:${inc.id}:${c.clock}`, c.dueAt]),
    );
  });

  it('takes the severity given, else the default of the type', async () => {
    const given = await t.call<IncidentDetail>(
      'POST',
      '/api/incidents',
      incidentBody({ type: 'late_delivery', severity: 'critical' }),
    );
    assert.equal(given.body.severity, 'critical');
    const stockout = await t.call<IncidentDetail>(
      'POST',
      '/api/incidents',
      incidentBody({ type: 'stockout', source: 'customer' }),
    );
    assert.equal(stockout.body.severity, 'high');
    assert.equal(stockout.body.source, 'customer');
  });

  it('names each bad field: type, source, summary and a negative quantity', async () => {
    const res = await t.call<ErrorBody>('POST', '/api/incidents', {
      type: 'broken_dreams',
      source: 'pack',
      summary: 'x'.repeat(201),
      lines: [{ expectedQty: -1, actualQty: 0 }],
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_error');
    assert.deepEqual(fieldsOf(res.body), ['lines.0.expectedQty', 'source', 'summary', 'type']);
  });

  it('refuses an order line of another order, naming lines.N.orderLineId, and writes nothing', async () => {
    const order = await makeOrder(t.ctx.db);
    const other = await makeOrder(t.ctx.db);
    const before = await t.ctx.db.selectFrom('incidents').select('id').execute();
    const res = await t.call<ErrorBody>(
      'POST',
      '/api/incidents',
      incidentBody({
        orderId: order.id,
        lines: [
          { orderLineId: order.lineIds[0], expectedQty: 1, actualQty: 0 },
          { orderLineId: other.lineIds[0], expectedQty: 1, actualQty: 0 },
        ],
      }),
    );
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['lines.1.orderLineId']);
    const afterRows = await t.ctx.db.selectFrom('incidents').select('id').execute();
    assert.equal(afterRows.length, before.length);
  });

  it('refuses an order line when the incident names no order', async () => {
    const order = await makeOrder(t.ctx.db);
    const res = await t.call<ErrorBody>(
      'POST',
      '/api/incidents',
      incidentBody({ lines: [{ orderLineId: order.lineIds[0], expectedQty: 1, actualQty: 0 }] }),
    );
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['lines.0.orderLineId']);
  });

  it('answers 404 for an order, shipment or location that does not exist', async () => {
    const order = await t.call<ErrorBody>(
      'POST',
      '/api/incidents',
      incidentBody({ orderId: 'ord_missing' }),
    );
    assert.equal(order.status, 404);
    assert.equal(order.body.error.code, 'order_not_found');
    const shipment = await t.call<ErrorBody>(
      'POST',
      '/api/incidents',
      incidentBody({ shipmentId: 'shp_missing' }),
    );
    assert.equal(shipment.status, 404);
    assert.equal(shipment.body.error.code, 'shipment_not_found');
    const location = await t.call<ErrorBody>(
      'POST',
      '/api/incidents',
      incidentBody({ locationId: 'loc_missing' }),
    );
    assert.equal(location.status, 404);
    assert.equal(location.body.error.code, 'location_not_found');
  });

  it('takes the order from the shipment, and refuses a shipment of another order', async () => {
    const order = await makeOrder(t.ctx.db);
    const other = await makeOrder(t.ctx.db);
    const shipmentId = await makeShipment(t.ctx.db, order.id);
    const locationId = await makeLocation(t.ctx.db);
    const ok = await t.call<IncidentDetail>(
      'POST',
      '/api/incidents',
      incidentBody({ type: 'damaged', shipmentId, locationId }),
    );
    assert.equal(ok.status, 201);
    assert.equal(ok.body.orderId, order.id);
    assert.equal(ok.body.customerId, order.customerId);
    assert.equal(ok.body.locationId, locationId);
    const wrong = await t.call<ErrorBody>(
      'POST',
      '/api/incidents',
      incidentBody({ orderId: other.id, shipmentId }),
    );
    assert.equal(wrong.status, 400);
    assert.deepEqual(fieldsOf(wrong.body), ['shipmentId']);
  });

  it('lets a viewer read but not report; a packer may report', async () => {
    const viewer = await t.keyFor('viewer');
    const packer = await t.keyFor('packer');
    const refused = await t.call<ErrorBody>('POST', '/api/incidents', incidentBody(), viewer);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'forbidden');
    const made = await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody(), packer);
    assert.equal(made.status, 201);
    assert.equal(made.body.timeline[0]?.actor, 'test packer');
    const read = await t.call('GET', `/api/incidents/${made.body.id}`, undefined, viewer);
    assert.equal(read.status, 200);
    const list = await t.call('GET', '/api/incidents', undefined, viewer);
    assert.equal(list.status, 200);
  });

  it('answers 404 incident_not_found for an unknown incident', async () => {
    const res = await t.call<ErrorBody>('GET', '/api/incidents/inc_missing');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'incident_not_found');
  });
});

describe(`openIncident as a service (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('writes only through the transaction it is given: a rollback leaves nothing', async () => {
    const order = await makeOrder(t.ctx.db);
    let openedId = '';
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        const inc = await openIncident(
          trx,
          { type: 'missing_item', source: 'pack', orderId: order.id, summary: 'Short by one' },
          { actor: 'system', clock: t.clock },
        );
        openedId = inc.id;
        throw new Error('the caller fails after opening');
      }),
      /the caller fails/,
    );
    assert.match(openedId, /^inc_/);
    const db = t.ctx.db;
    assert.equal(
      await db.selectFrom('incidents').select('id').where('id', '=', openedId).executeTakeFirst(),
      undefined,
    );
    assert.equal(await countEvents(db, openedId), 0);
    const clocks = await db
      .selectFrom('incident_clocks')
      .select('clock')
      .where('incident_id', '=', openedId)
      .execute();
    assert.equal(clocks.length, 0);
    const jobs = await db
      .selectFrom('jobs')
      .select('id')
      .where('dedupe_key', 'like', `sla:${openedId}:%`)
      .execute();
    assert.equal(jobs.length, 0);
  });

  it('accepts sources of detection modules and a suggested root cause', async () => {
    const inc = await t.ctx.db.transaction().execute((trx) =>
      openIncident(
        trx,
        {
          type: 'stockout',
          source: 'inventory',
          summary: 'Bin empty',
          rootCause: 'inventory_desync',
        },
        { actor: 'system', clock: t.clock },
      ),
    );
    assert.equal(inc.source, 'inventory');
    assert.equal(inc.rootCause, 'inventory_desync');
    assert.equal(inc.severity, 'high');
  });

  it('validates its input like the API does, naming the field', async () => {
    await assert.rejects(
      t.ctx.db
        .transaction()
        .execute((trx) =>
          openIncident(
            trx,
            { type: 'stockout', source: 'inventory', summary: '' },
            { actor: 'system', clock: t.clock },
          ),
        ),
      (err: { code?: string; details?: { fields: { path: string }[] } }) =>
        err.code === 'validation_error' && err.details?.fields[0]?.path === 'summary',
    );
  });
});

describe(`incidents in the API contract (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('documents every incidents route under the incidents tag, each with a summary', async () => {
    // Other modules add routes under /api/incidents/:id (plan, messages, survey, …) with their
    // own tags; this module's routes are the ones tagged `incidents`.
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json() as {
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    };
    const ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/incidents'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => ({ path, m, op })));
    const own = ops.filter((o) => o.op.tags?.includes('incidents'));
    assert.deepEqual(own.map((o) => `${o.m.toUpperCase()} ${o.path}`).sort(), [
      'GET /api/incidents',
      'GET /api/incidents/{id}',
      'GET /api/incidents/{id}/attachments/{attachmentId}',
      'PATCH /api/incidents/{id}',
      'POST /api/incidents',
      'POST /api/incidents/{id}/attachments',
      'POST /api/incidents/{id}/escalate',
      'POST /api/incidents/{id}/notes',
      'POST /api/incidents/{id}/transitions',
    ]);
    for (const o of ops) {
      assert.equal(o.op.tags?.length, 1, `${o.m} ${o.path} has one tag`);
      assert.ok(o.op.summary, `${o.m} ${o.path} has a summary`);
    }
  });
});
