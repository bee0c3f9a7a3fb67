import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { IncidentDetail } from '../incidents/index.js';
import { NOTIFY_CUSTOMER_JOB } from '../incidents/index.js';
import type { Order } from '../orders/index.js';
import { addStock, levelOf, movementsFor } from '../orders/orders.factories.js';
import { jobsFor, makePackStore, orderAt, tag } from './packing.factories.js';
import type { PackStats } from './packing.js';
import type { CloseResult, ScanResult, SessionView } from './index.js';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

describe(`S3 and shortages at the pack station (${dialect})`, () => {
  let t: TestApp;
  let packerKey: string;
  before(async () => {
    t = await createTestApp();
    packerKey = await t.keyFor('packer');
  });
  after(() => t.close());

  async function openAndScan(shipmentId: string, scans: string[], packer = `Rui ${tag()}`) {
    const opened = await t.call<SessionView>(
      'POST',
      '/api/pack-sessions',
      { shipmentId, station: 'W1-P1', packer },
      packerKey,
    );
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    for (const code of scans) {
      const res = await t.call<ScanResult>(
        'POST',
        `/api/pack-sessions/${opened.body.id}/scans`,
        { code },
        packerKey,
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    return opened.body.id;
  }
  const close = <T = CloseResult>(id: string, body?: unknown) =>
    t.call<T>('POST', `/api/pack-sessions/${id}/close`, body, packerKey);

  it('S3: corrects W1, tells the customer with W2 in the facts, and ships 2 when told to', async () => {
    const db = t.ctx.db;
    const s = await makePackStore(db);
    await addStock(db, s.mug.id, s.w1.id, 3); // the record says 3; the shelf has 2
    await addStock(db, s.mug.id, s.w2.id, 5);
    const { order, shipment } = await orderAt(t, s, s.w1.id, [{ sku: s.mug.sku, qty: 3 }]);
    const packer = `Rui ${tag()}`;
    const sessionId = await openAndScan(shipment.id, [s.mugBarcode, s.mug.sku], packer);

    const mismatch = await close(sessionId);
    assert.equal(mismatch.status, 200, JSON.stringify(mismatch.body));
    assert.equal(mismatch.body.result, 'mismatch');
    assert.ok(mismatch.body.shipment.blockedAt);
    assert.deepEqual(mismatch.body.shortages, [
      { productId: s.mug.id, sku: s.mug.sku, qty: 1, shelfShort: 1 },
    ]);
    const incident = mismatch.body.incident;
    assert.ok(incident);
    assert.deepEqual(
      [incident.type, incident.state, incident.rootCause],
      ['missing_item', 'detected', 'inventory_desync'],
    );
    // W1's stock is corrected at once: a count, with the reason.
    assert.deepEqual(await levelOf(db, s.mug.id, s.w1.id), { onHand: 2, reserved: 3 });
    const counts = (await movementsFor(db, sessionId)).filter((m) => m.kind === 'count');
    assert.equal(counts.length, 1);
    assert.equal(counts[0]?.onHandDelta, -1);
    assert.match(counts[0]?.reason ?? '', /shelf did not have 1 × /);

    const detail = await t.call<IncidentDetail>('GET', `/api/incidents/${incident.id}`);
    const facts = detail.body.facts as {
      customerFacing: boolean;
      missing: { sku: string; qty: number; nextInbound: unknown }[];
      elsewhere: { locationId: string; code: string; zone: string; available: number }[];
      options: string[];
    };
    assert.equal(facts.customerFacing, true);
    assert.deepEqual(
      facts.missing.map((m) => [m.sku, m.qty, m.nextInbound]),
      [[s.mug.sku, 1, null]],
    );
    assert.deepEqual(
      facts.elsewhere.map((e) => [e.locationId, e.code, e.zone, e.available]),
      [[s.w2.id, s.w2.code, 'national', 5]],
    );
    assert.deepEqual(facts.options, ['ship_rest_now', 'ship_missing_from_elsewhere']);
    assert.deepEqual(
      detail.body.lines.map((l) => [l.discrepancy, l.expectedSku, l.expectedQty, l.actualQty]),
      [['wrong_quantity', s.mug.sku, 3, 2]],
    );
    assert.equal(await jobsFor(db, NOTIFY_CUSTOMER_JOB, incident.id), 1, 'the customer is told');

    const short = await close(sessionId, { acceptShort: true });
    assert.equal(short.status, 200, JSON.stringify(short.body));
    assert.equal(short.body.result, 'short_accepted');
    assert.equal(short.body.incident?.id, incident.id, 'the same incident');
    assert.deepEqual(short.body.caughtIncidentIds, []);
    assert.deepEqual([short.body.shipment.status, short.body.shipment.blockedAt], ['packed', null]);
    const after = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.deepEqual(
      after.body.shipments[0]?.lines.map((l) => [l.sku, l.qty]),
      [[s.mug.sku, 2]],
    );
    const line = after.body.lines[0];
    assert.deepEqual(
      [line?.qtyOrdered, line?.qtyAllocated, line?.qtyPacked],
      [3, 2, 2],
      'one unit left unallocated',
    );
    assert.deepEqual(await levelOf(db, s.mug.id, s.w1.id), { onHand: 2, reserved: 2 });
    assert.deepEqual(await levelOf(db, s.mug.id, s.w2.id), { onHand: 5, reserved: 0 });
    assert.equal(await jobsFor(db, NOTIFY_CUSTOMER_JOB, incident.id), 1, 'told once');
    const state = await t.call<IncidentDetail>('GET', `/api/incidents/${incident.id}`);
    assert.equal(state.body.state, 'detected', 'left for the remedy engine');

    const stats = await t.call<PackStats>('GET', '/api/pack-sessions/stats');
    assert.deepEqual(
      stats.body.packers.find((p) => p.packer === packer),
      { packer, sessions: 1, mismatched: 1, packingErrors: 0, errorRate: 0 },
      'a shelf without the units is not the packer’s error',
    );
    assert.deepEqual(
      stats.body.skus.find((k) => k.sku === s.mug.sku),
      {
        sku: s.mug.sku,
        misPickedAsExpected: 0,
        misPickedAsScanned: 0,
        shelfShort: 1,
      },
    );

    const again = await close<ErrorBody>(sessionId, { acceptShort: true });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.details.result, 'short_accepted');
  });

  it('takes the units off the shelf once, however many sessions find them missing', async () => {
    const db = t.ctx.db;
    const s = await makePackStore(db);
    await addStock(db, s.mug.id, s.w1.id, 3);
    const { shipment } = await orderAt(t, s, s.w1.id, [{ sku: s.mug.sku, qty: 3 }]);
    const first = await openAndScan(shipment.id, [s.mug.sku, s.mug.sku]);
    assert.equal((await close(first)).body.result, 'mismatch');
    const second = await openAndScan(shipment.id, [s.mug.sku, s.mug.sku]);
    const short = await close(second, { acceptShort: true });
    assert.equal(short.status, 200, JSON.stringify(short.body));
    assert.equal(short.body.result, 'short_accepted');
    assert.deepEqual(await levelOf(db, s.mug.id, s.w1.id), { onHand: 2, reserved: 2 });
    const incidents = await db
      .selectFrom('incidents')
      .select(['id', 'state'])
      .where('shipment_id', '=', shipment.id)
      .execute();
    assert.equal(incidents.length, 1, 'the second mismatch is the same incomplete order');
    assert.equal(await jobsFor(db, NOTIFY_CUSTOMER_JOB, incidents[0]?.id ?? '?'), 1);
    // Nothing in W2: the facts plan a partial delivery instead.
    const detail = await t.call<IncidentDetail>('GET', `/api/incidents/${incidents[0]?.id}`);
    assert.deepEqual((detail.body.facts as { options: string[] }).options, [
      'ship_rest_now',
      'partial_delivery_plan',
    ]);
  });

  it('refuses to close short while the location still has the units, changing nothing', async () => {
    const db = t.ctx.db;
    const s = await makePackStore(db);
    await addStock(db, s.mug.id, s.w1.id, 10);
    const { order, shipment } = await orderAt(t, s, s.w1.id, [{ sku: s.mug.sku, qty: 3 }]);
    const sessionId = await openAndScan(shipment.id, [s.mug.sku, s.mug.sku]);
    const refused = await close<ErrorBody>(sessionId, { acceptShort: true });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'invalid_state');
    assert.match(refused.body.error.message, /still has 1 × /);
    const session = await t.call<SessionView>('GET', `/api/pack-sessions/${sessionId}`);
    assert.equal(session.body.status, 'open');
    assert.deepEqual(await levelOf(db, s.mug.id, s.w1.id), { onHand: 10, reserved: 3 });

    // Closed without it: a picking error caught at the station, nobody outside told.
    const mismatch = await close(sessionId);
    assert.equal(mismatch.body.result, 'mismatch');
    assert.deepEqual(mismatch.body.shortages, [
      { productId: s.mug.id, sku: s.mug.sku, qty: 1, shelfShort: 0 },
    ]);
    const incident = mismatch.body.incident;
    assert.deepEqual([incident?.type, incident?.rootCause], ['wrong_quantity', 'picking_error']);
    assert.equal(await jobsFor(db, NOTIFY_CUSTOMER_JOB, incident?.id ?? '?'), 0);
    assert.deepEqual(await levelOf(db, s.mug.id, s.w1.id), { onHand: 10, reserved: 3 });
    const fixed = await openAndScan(shipment.id, [s.mug.sku, s.mug.sku, s.mug.sku]);
    const match = await close(fixed);
    assert.equal(match.body.result, 'match');
    assert.deepEqual(match.body.caughtIncidentIds, [incident?.id]);
    const after = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.equal(after.body.lines[0]?.qtyPacked, 3);
  });

  it('refuses to close short a box with a wrong item in it', async () => {
    const db = t.ctx.db;
    const s = await makePackStore(db);
    await addStock(db, s.mug.id, s.w1.id, 2);
    await addStock(db, s.blue.id, s.w1.id, 1);
    const { shipment } = await orderAt(t, s, s.w1.id, [
      { sku: s.mug.sku, qty: 2 },
      { sku: s.blue.sku, qty: 1 },
    ]);
    const sessionId = await openAndScan(shipment.id, [s.mug.sku, s.navy.sku]);
    const refused = await close<ErrorBody>(sessionId, { acceptShort: true });
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /not on the shipment/);
    // With a wrong item in the box the shelf is not judged: no stock correction, nobody told.
    const mismatch = await close(sessionId);
    assert.equal(mismatch.body.incident?.type, 'wrong_item');
    assert.ok(mismatch.body.shortages.every((x) => x.shelfShort === 0));
    assert.deepEqual(await levelOf(db, s.blue.id, s.w1.id), { onHand: 1, reserved: 1 });
    assert.deepEqual(await levelOf(db, s.mug.id, s.w1.id), { onHand: 2, reserved: 2 });
    const id = mismatch.body.incident?.id ?? '?';
    assert.equal(await jobsFor(db, NOTIFY_CUSTOMER_JOB, id), 0);
  });
});
