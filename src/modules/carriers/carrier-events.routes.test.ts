import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOUR } from '../../shared/clock.js';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { event, eventsWhere, makeParcel, post, trackingNumber } from './carriers.factories.js';

interface ErrorBody {
  error: { code: string; message: string; details: { fields: { path: string }[] } };
}

describe(`carrier events API (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const now = () => t.clock.now().toISOString();
  const fieldsOf = (body: unknown) => (body as ErrorBody).error.details.fields.map((f) => f.path);

  it('refuses a batch with one bad event whole, naming events.N.field, and stores nothing', async () => {
    const tracking = trackingNumber();
    const res = await post(t, {
      events: [
        event({ trackingNumber: tracking, occurredAt: now() }),
        event({ trackingNumber: tracking, occurredAt: now(), type: 'teleported' }),
        event({ trackingNumber: tracking, occurredAt: now(), type: 'delayed' }),
        event({ occurredAt: now() }),
      ],
    });

    assert.equal(res.status, 400);
    assert.equal((res.body as unknown as ErrorBody).error.code, 'validation_error');
    assert.deepEqual(fieldsOf(res.body), [
      'events.1.type',
      'events.2.newEta',
      'events.3.trackingNumber',
    ]);
    assert.deepEqual(await eventsWhere(t, `trackingNumber=${tracking}`), []);
  });

  it('names the field of a single bad event without a prefix', async () => {
    const res = await post(t, event({ trackingNumber: trackingNumber(), occurredAt: 'yesterday' }));
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['occurredAt']);
  });

  it('refuses an event that happens in the future, beyond a few minutes of clock drift', async () => {
    const tracking = trackingNumber();
    const soon = new Date(t.clock.now().getTime() + 60_000).toISOString();
    const later = new Date(t.clock.now().getTime() + HOUR).toISOString();
    const res = await post(t, {
      events: [
        event({ trackingNumber: tracking, occurredAt: soon }),
        event({ trackingNumber: tracking, occurredAt: later }),
      ],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['events.1.occurredAt']);
    assert.deepEqual(await eventsWhere(t, `trackingNumber=${tracking}`), []);
  });

  it('refuses more than 500 events and an oversized raw payload', async () => {
    const many = Array.from({ length: 501 }, () =>
      event({ trackingNumber: 'X', occurredAt: now() }),
    );
    assert.deepEqual(fieldsOf((await post(t, { events: many })).body), ['events']);
    const huge = event({
      trackingNumber: 'X',
      occurredAt: now(),
      raw: { blob: 'x'.repeat(20_000) },
    });
    assert.deepEqual(fieldsOf((await post(t, huge)).body), ['raw']);
  });

  it('answers a batch per event, in the order posted: applied, duplicate, unmatched', async () => {
    const p = await makeParcel(t);
    const unknown = trackingNumber();
    const first = event({ trackingNumber: p.trackingNumber, occurredAt: now() });
    const res = await post(t, {
      events: [
        first,
        { ...first },
        event({ trackingNumber: unknown, occurredAt: now() }),
        event({ shipmentId: 'shp_nope', occurredAt: now() }),
      ],
    });

    assert.equal(res.status, 201);
    assert.deepEqual(
      res.body.results.map((r) => [r.eventId, r.status, r.shipmentId]),
      [
        [first.eventId, 'applied', p.shipment.id],
        [first.eventId, 'duplicate', null],
        [res.body.results[2]?.eventId, 'unmatched', null],
        [res.body.results[3]?.eventId, 'unmatched', null],
      ],
    );
  });

  it('lists events by shipment, tracking number and unmatched', async () => {
    const p = await makeParcel(t);
    const unknown = trackingNumber();
    await post(t, {
      events: [
        event({ trackingNumber: p.trackingNumber, occurredAt: now(), raw: { id: 1 } }),
        event({ shipmentId: p.shipment.id, type: 'out_for_delivery', occurredAt: now() }),
        event({ trackingNumber: unknown, occurredAt: now() }),
      ],
    });

    const ofShipment = await eventsWhere(t, `shipmentId=${p.shipment.id}`);
    assert.deepEqual(ofShipment.map((e) => e.type).sort(), ['in_transit', 'out_for_delivery']);
    assert.ok(ofShipment.every((e) => e.status === 'applied' && e.shipmentId === p.shipment.id));
    const byTracking = await eventsWhere(t, `trackingNumber=${p.trackingNumber}`);
    assert.deepEqual(
      byTracking.map((e) => e.raw),
      [{ id: 1 }],
    );
    const waiting = await eventsWhere(t, `unmatched=true&trackingNumber=${unknown}`);
    assert.deepEqual(
      waiting.map((e) => e.status),
      ['unmatched'],
    );
    assert.deepEqual(await eventsWhere(t, `unmatched=false&trackingNumber=${unknown}`), []);
    const page = await t.call<{ data: unknown[]; nextCursor: string | null }>(
      'GET',
      `/api/carrier-events?shipmentId=${p.shipment.id}&limit=1`,
    );
    assert.equal(page.body.data.length, 1);
    assert.ok(page.body.nextCursor);
  });

  it('lets a carrier integration post and every staff role read; people are refused', async () => {
    const body = () => event({ trackingNumber: trackingNumber(), occurredAt: now() });
    assert.equal((await post(t, body(), await t.keyFor('integration'))).status, 201);
    assert.equal((await post(t, body(), await t.keyFor('packer'))).status, 403);
    assert.equal((await post(t, body(), await t.keyFor('agent'))).status, 403);
    const viewer = await t.keyFor('viewer');
    assert.equal((await post(t, body(), viewer)).status, 403);
    assert.equal((await post(t, body(), await t.keyFor('finance'))).status, 403);
    assert.equal((await t.call('GET', '/api/carrier-events', undefined, viewer)).status, 200);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/carrier-events',
      payload: body(),
    });
    assert.equal(anonymous.statusCode, 401);
  });
});
