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
  postOne,
  ship,
  shipmentOf,
  timelineOf,
  trackingNumber,
} from './carriers.factories.js';
import { MATCH_JOB } from './use-cases/match.js';

describe(`carrier events: matching later (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const now = () => t.clock.now().toISOString();
  const advance = async (duration: string) => {
    const res = await t.call<{ jobsRun: number }>('POST', '/api/test/clock', { advance: duration });
    assert.equal(res.status, 200);
    return res.body.jobsRun;
  };
  const pendingMatchJobs = () =>
    t.ctx.db
      .selectFrom('jobs')
      .select(['run_at'])
      .where('type', '=', MATCH_JOB)
      .where('status', '=', 'pending')
      .execute();

  it('keeps an event for an unknown tracking number and applies it once a shipment gets that number', async () => {
    const tracking = trackingNumber();
    const p = await makeParcel(t, { kind: 'pack-only' });
    const eta = new Date(Date.parse(p.order.promisedAt) + 2 * DAY).toISOString();
    const delayed = await postOne(
      t,
      event({ type: 'delayed', trackingNumber: tracking, occurredAt: now(), newEta: eta }),
    );
    assert.deepEqual(
      [delayed.status, delayed.shipmentId, delayed.incidentId],
      ['unmatched', null, null],
    );
    const waiting = await eventsWhere(t, `unmatched=true&trackingNumber=${tracking}`);
    assert.deepEqual(
      waiting.map((e) => [e.id, e.status]),
      [[delayed.id, 'unmatched']],
    );

    await advance('PT2M'); // the first run finds no shipment yet and polls again later
    assert.equal((await eventsWhere(t, `unmatched=true&trackingNumber=${tracking}`)).length, 1);
    assert.ok((await pendingMatchJobs()).length >= 1);

    await ship(t, p.order.id, p.shipment.id, tracking);
    await advance('PT5M');

    const [applied] = await eventsWhere(t, `trackingNumber=${tracking}`);
    assert.deepEqual(
      [applied?.status, applied?.shipmentId, applied?.effects],
      ['applied', p.shipment.id, ['incident_opened']],
    );
    const [incident] = await incidentsOf(t, p.order.id);
    assert.deepEqual([incident?.id, incident?.type], [applied?.incidentId, 'late_delivery']);
    assert.equal(incident?.facts?.newEta, eta);

    await advance('PT10M'); // nothing left: no run applies it again, and the polling stops
    assert.equal((await incidentsOf(t, p.order.id)).length, 1);
    assert.deepEqual(await pendingMatchJobs(), []);
  });

  it('applies a shipment’s waiting events in the order they happened, before a newer one', async () => {
    const tracking = trackingNumber();
    const p = await makeParcel(t, { kind: 'pack-only' });
    const eta = (days: number) =>
      new Date(Date.parse(p.order.promisedAt) + days * DAY).toISOString();
    const earlier = new Date(t.clock.now().getTime() - 2 * HOUR).toISOString();
    const later = new Date(t.clock.now().getTime() - HOUR).toISOString();
    // The later delay is posted first.
    await postOne(
      t,
      event({ type: 'delayed', trackingNumber: tracking, occurredAt: later, newEta: eta(3) }),
    );
    await postOne(
      t,
      event({ type: 'in_transit', trackingNumber: tracking, occurredAt: earlier, newEta: eta(1) }),
    );
    await ship(t, p.order.id, p.shipment.id, tracking);

    // Before any match run, a new event of the shipment applies the waiting ones first.
    const newer = await postOne(
      t,
      event({ type: 'out_for_delivery', trackingNumber: tracking, occurredAt: now() }),
    );

    assert.deepEqual([newer.status, newer.effects], ['applied', []]);
    const incidents = await incidentsOf(t, p.order.id);
    assert.deepEqual(
      incidents.map((i) => i.type),
      ['late_delivery'],
    );
    // Opened by the earlier event (its ETA in the facts), then noted with the later ETA.
    assert.equal(incidents[0]?.facts?.newEta, eta(1));
    const notes = (await timelineOf(t, incidents[0]?.id ?? '')).filter((e) => e.kind === 'note');
    assert.equal(notes.length, 1);
    assert.match(notes[0]?.message ?? '', new RegExp(`estimate ${eta(3).slice(0, 10)}`));
    assert.deepEqual(await eventsWhere(t, `unmatched=true&trackingNumber=${tracking}`), []);
    const order = await getOrder(t, p.order.id);
    assert.equal(shipmentOf(order, p.shipment.id).status, 'shipped');
  });

  it('prefers the shipment of the same carrier when a tracking number was reused', async () => {
    const tracking = trackingNumber();
    const dhl = await makeParcel(t, { trackingNumber: tracking });
    const other = await makeParcel(t, { kind: 'pack-only' });
    const res = await t.call(
      'POST',
      `/api/orders/${other.order.id}/shipments/${other.shipment.id}/ship`,
      { carrier: 'UPS', trackingNumber: tracking },
    );
    assert.equal(res.status, 200);

    const toDhl = await postOne(
      t,
      event({ type: 'lost', carrier: 'dhl', trackingNumber: tracking, occurredAt: now() }),
    );
    const toUps = await postOne(
      t,
      event({ type: 'lost', carrier: 'ups', trackingNumber: tracking, occurredAt: now() }),
    );

    assert.equal(toDhl.shipmentId, dhl.shipment.id);
    assert.equal(toUps.shipmentId, other.shipment.id);
  });

  it('stops polling for events that stayed unmatched 30 days, and still lists them', async () => {
    const tracking = trackingNumber();
    const stale = await postOne(t, event({ trackingNumber: tracking, occurredAt: now() }));
    assert.equal(stale.status, 'unmatched');
    await advance('P31D');
    assert.deepEqual(await pendingMatchJobs(), []);
    const [kept] = await eventsWhere(t, `unmatched=true&trackingNumber=${tracking}`);
    assert.equal(kept?.id, stale.id);
  });
});
