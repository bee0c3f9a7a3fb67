import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY, HOUR } from '../../shared/clock.js';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import {
  event,
  eventsWhere,
  getOrder,
  incidentsOf,
  makeParcel,
  notifyJobsFor,
  post,
  postOne,
  shipmentOf,
  timelineOf,
} from './carriers.factories.js';

describe(`carrier events: effects (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const now = () => t.clock.now().toISOString();

  it('stores an event once: the same carrier and event id again is a duplicate with no effect', async () => {
    const p = await makeParcel(t);
    const body = event({ type: 'damaged', trackingNumber: p.trackingNumber, occurredAt: now() });

    const first = await post(t, body);
    assert.equal(first.status, 201);
    const again = await post(t, { ...body, carrier: 'DHL', description: 'resent' });
    assert.equal(again.status, 200);

    assert.equal(first.body.results[0]?.status, 'applied');
    assert.deepEqual(again.body.results[0], {
      eventId: body.eventId,
      carrier: 'dhl',
      status: 'duplicate',
      duplicate: true,
      id: null,
      shipmentId: null,
      incidentId: null,
      effects: [],
    });
    assert.equal((await eventsWhere(t, `trackingNumber=${p.trackingNumber}`)).length, 1);
    assert.equal((await incidentsOf(t, p.order.id)).length, 1);
  });

  it('opens late_delivery before the parcel arrives when the new ETA passes the promise, and tells the customer (S8)', async () => {
    const p = await makeParcel(t);
    const promisedAt = p.order.promisedAt;
    const newEta = new Date(Date.parse(promisedAt) + 2 * DAY).toISOString();

    const result = await postOne(
      t,
      event({ type: 'delayed', trackingNumber: p.trackingNumber, occurredAt: now(), newEta }),
    );

    assert.equal(result.status, 'applied');
    assert.deepEqual(result.effects, ['incident_opened']);
    assert.equal(result.shipmentId, p.shipment.id);
    const [incident, ...others] = await incidentsOf(t, p.order.id);
    assert.equal(others.length, 0);
    assert.ok(incident);
    assert.equal(incident.id, result.incidentId);
    assert.deepEqual(
      [incident.type, incident.source, incident.state, incident.shipmentId, incident.rootCause],
      ['late_delivery', 'carrier', 'detected', p.shipment.id, null],
    );
    assert.deepEqual(
      [incident.facts?.promisedAt, incident.facts?.newEta, incident.facts?.daysLate],
      [promisedAt, newEta, 2],
    );
    const order = await getOrder(t, p.order.id);
    assert.equal(shipmentOf(order, p.shipment.id).status, 'shipped');
    assert.deepEqual(await notifyJobsFor(t, incident.id), [
      { incidentId: incident.id, event: 'detected' },
    ]);
  });

  it('adds a second delay and then the delivery to the open late_delivery incident', async () => {
    const p = await makeParcel(t);
    const eta = (days: number) =>
      new Date(Date.parse(p.order.promisedAt) + days * DAY).toISOString();
    const tracking = p.trackingNumber;
    const first = await postOne(
      t,
      event({ type: 'delayed', trackingNumber: tracking, occurredAt: now(), newEta: eta(1) }),
    );
    t.clock.advance(HOUR);
    const second = await postOne(
      t,
      event({ type: 'delayed', trackingNumber: tracking, occurredAt: now(), newEta: eta(3) }),
    );
    const sameEta = await postOne(
      t,
      event({ type: 'in_transit', trackingNumber: tracking, occurredAt: now(), newEta: eta(3) }),
    );
    t.clock.advance(4 * DAY);
    const delivered = await postOne(
      t,
      event({ type: 'delivered', trackingNumber: tracking, occurredAt: now() }),
    );

    assert.deepEqual(second.effects, ['incident_noted']);
    assert.equal(second.incidentId, first.incidentId);
    assert.deepEqual(sameEta.effects, []);
    assert.deepEqual(delivered.effects, ['shipment_delivered', 'incident_noted']);
    assert.equal(delivered.incidentId, first.incidentId);
    const incidents = await incidentsOf(t, p.order.id);
    assert.deepEqual(
      incidents.map((i) => i.type),
      ['late_delivery'],
    );
    const notes = (await timelineOf(t, first.incidentId ?? '')).filter((e) => e.kind === 'note');
    assert.equal(notes.length, 2);
    assert.match(
      notes[0]?.message ?? '',
      new RegExp(`new delivery estimate ${eta(3).slice(0, 10)}`),
    );
    assert.match(notes[1]?.message ?? '', new RegExp(`delivered on ${now().slice(0, 10)}`));
  });

  it('marks a late delivery delivered at the carrier’s time and opens late_delivery', async () => {
    const p = await makeParcel(t);
    t.clock.advance(3 * DAY);
    const deliveredAt = new Date(Date.parse(p.order.promisedAt) + 36 * HOUR).toISOString();

    const result = await postOne(
      t,
      event({ type: 'delivered', trackingNumber: p.trackingNumber, occurredAt: deliveredAt }),
    );

    assert.deepEqual(result.effects, ['shipment_delivered', 'incident_opened']);
    const order = await getOrder(t, p.order.id);
    assert.equal(order.status, 'completed');
    assert.equal(shipmentOf(order, p.shipment.id).deliveredAt, deliveredAt);
    const [incident] = await incidentsOf(t, p.order.id);
    assert.equal(incident?.type, 'late_delivery');
    assert.equal(incident?.facts?.promisedAt, p.order.promisedAt);
    assert.equal(incident?.facts?.deliveredAt, deliveredAt);
    assert.equal(incident?.facts?.daysLate, 2);
    assert.equal((await notifyJobsFor(t, incident?.id ?? '')).length, 1);
  });

  it('marks an on-time delivery delivered, completes the order and opens nothing', async () => {
    const p = await makeParcel(t);
    t.clock.advance(2 * HOUR);

    const result = await postOne(
      t,
      event({ type: 'delivered', shipmentId: p.shipment.id, occurredAt: now() }),
    );
    const again = await postOne(
      t,
      event({ type: 'delivered', trackingNumber: p.trackingNumber, occurredAt: now() }),
    );

    assert.deepEqual(result.effects, ['shipment_delivered']);
    assert.equal(result.incidentId, null);
    assert.deepEqual([again.status, again.effects], ['applied', []]);
    const order = await getOrder(t, p.order.id);
    assert.equal(order.status, 'completed');
    assert.equal(shipmentOf(order, p.shipment.id).status, 'delivered');
    assert.deepEqual(await incidentsOf(t, p.order.id), []);
  });

  it('opens damaged (carrier damage suggested) and lost (high), each once per shipment', async () => {
    const p = await makeParcel(t);
    const damaged = await postOne(
      t,
      event({
        type: 'damaged',
        trackingNumber: p.trackingNumber,
        occurredAt: now(),
        description: 'Box crushed',
        location: 'Hub Madrid',
      }),
    );
    const damagedAgain = await postOne(
      t,
      event({ type: 'damaged', trackingNumber: p.trackingNumber, occurredAt: now() }),
    );
    const lost = await postOne(
      t,
      event({ type: 'lost', trackingNumber: p.trackingNumber, occurredAt: now() }),
    );

    assert.deepEqual(damagedAgain.effects, ['incident_noted']);
    assert.equal(damagedAgain.incidentId, damaged.incidentId);
    const byType = new Map((await incidentsOf(t, p.order.id)).map((i) => [i.type, i]));
    assert.deepEqual([...byType.keys()].sort(), ['damaged', 'lost']);
    const d = byType.get('damaged');
    assert.deepEqual(
      [d?.id, d?.severity, d?.rootCause, d?.source, d?.description],
      [damaged.incidentId, 'medium', 'carrier_damage', 'carrier', 'Box crushed at Hub Madrid'],
    );
    const l = byType.get('lost');
    assert.deepEqual([l?.id, l?.severity, l?.rootCause], [lost.incidentId, 'high', 'other']);
    assert.equal((await notifyJobsFor(t, lost.incidentId ?? '')).length, 1);
  });

  it('notes an exception on the open incident, stores it alone otherwise, and opens other on a return to sender', async () => {
    const quiet = await makeParcel(t);
    const lone = await postOne(
      t,
      event({ type: 'exception', trackingNumber: quiet.trackingNumber, occurredAt: now() }),
    );
    assert.deepEqual([lone.status, lone.effects, lone.incidentId], ['applied', [], null]);
    assert.deepEqual(await incidentsOf(t, quiet.order.id), []);

    const returned = await postOne(
      t,
      event({
        type: 'returned_to_sender',
        trackingNumber: quiet.trackingNumber,
        occurredAt: now(),
      }),
    );
    assert.deepEqual(returned.effects, ['incident_opened']);
    const exception = await postOne(
      t,
      event({
        type: 'exception',
        trackingNumber: quiet.trackingNumber,
        occurredAt: now(),
        description: 'Address not found',
      }),
    );
    assert.deepEqual(exception.effects, ['incident_noted']);
    assert.equal(exception.incidentId, returned.incidentId);
    const [incident] = await incidentsOf(t, quiet.order.id);
    assert.deepEqual([incident?.type, incident?.severity], ['other', 'medium']);
    const note = (await timelineOf(t, incident?.id ?? '')).find((e) => e.kind === 'note');
    assert.match(note?.message ?? '', /exception \(Address not found\)/);
  });

  it('opens one late_delivery when two delays of one shipment arrive at the same moment', async () => {
    const p = await makeParcel(t);
    const eta = (days: number) =>
      new Date(Date.parse(p.order.promisedAt) + days * DAY).toISOString();
    const [a, b] = await Promise.all([
      post(
        t,
        event({
          type: 'delayed',
          trackingNumber: p.trackingNumber,
          occurredAt: now(),
          newEta: eta(2),
        }),
      ),
      post(
        t,
        event({
          type: 'delayed',
          trackingNumber: p.trackingNumber,
          occurredAt: now(),
          newEta: eta(3),
        }),
      ),
    ]);
    const effects = [a.body.results[0]?.effects, b.body.results[0]?.effects].map(String).sort();
    assert.deepEqual(effects, ['incident_noted', 'incident_opened']);
    assert.equal((await incidentsOf(t, p.order.id)).length, 1);
  });

  it('applies an event posted twice at the same moment once', async () => {
    const p = await makeParcel(t);
    const body = event({ type: 'lost', trackingNumber: p.trackingNumber, occurredAt: now() });
    const results = await Promise.all([post(t, body), post(t, body)]);
    const statuses = results.map((r) => r.body.results[0]?.status).sort();
    assert.deepEqual(statuses, ['applied', 'duplicate']);
    assert.equal((await incidentsOf(t, p.order.id)).length, 1);
  });

  it('accepts the carrier’s offset times and stores them in UTC', async () => {
    const p = await makeParcel(t);
    const at = t.clock.now().getTime() - HOUR;
    const offset = `${new Date(at - 5 * HOUR).toISOString().slice(0, 19)}-05:00`;
    await postOne(
      t,
      event({
        trackingNumber: p.trackingNumber,
        occurredAt: offset,
        raw: { status: 'in_transit' },
      }),
    );
    const [stored] = await eventsWhere(t, `trackingNumber=${p.trackingNumber}`);
    assert.equal(stored?.occurredAt, new Date(at).toISOString());
    assert.deepEqual(stored?.raw, { status: 'in_transit' });
  });
});
