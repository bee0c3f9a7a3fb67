import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { IncidentDetail } from '../incidents/index.js';
import { NOTIFY_CUSTOMER_JOB } from '../incidents/index.js';
import type { Order } from '../orders/index.js';
import { addStock, levelOf } from '../orders/orders.factories.js';
import { jobsFor, makePackStore, orderAt, tag } from './packing.factories.js';
import type { PackStats } from './packing.js';
import type { CloseResult, ScanResult, SessionView } from './index.js';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

describe(`S1 — wrong item caught at the pack station (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('blocks the box with the look-alike, packs the corrected one and counts the error', async () => {
    const db = t.ctx.db;
    const s = await makePackStore(db);
    await addStock(db, s.blue.id, s.w1.id, 4);
    await addStock(db, s.navy.id, s.w1.id, 3);
    await addStock(db, s.mug.id, s.w1.id, 10);
    const { order, shipment } = await orderAt(t, s, s.w1.id, [
      { sku: s.blue.sku, qty: 1 },
      { sku: s.mug.sku, qty: 2 },
    ]);
    const navyBefore = await levelOf(db, s.navy.id, s.w1.id);
    const packerKey = await t.keyFor('packer');
    const packer = `Ana ${tag()}`;
    const station = `W1-P${tag()}`;

    // Session 1: NAVY first.
    const opened = await t.call<SessionView>(
      'POST',
      '/api/pack-sessions',
      { shipmentId: shipment.id, station, packer },
      packerKey,
    );
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    assert.equal(opened.body.status, 'open');
    assert.deepEqual(
      opened.body.comparison.stillExpected.map((e) => [e.sku, e.qty]),
      [
        [s.blue.sku, 1],
        [s.mug.sku, 2],
      ],
    );
    const first = opened.body.id;
    const scan = (sessionId: string, code: string) =>
      t.call<ScanResult>('POST', `/api/pack-sessions/${sessionId}/scans`, { code }, packerKey);

    const navy = await scan(first, s.navy.sku);
    assert.equal(navy.status, 201, JSON.stringify(navy.body));
    assert.equal(navy.body.scan.classification, 'wrong_item');
    assert.equal(navy.body.scan.expectedSku, s.blue.sku);
    assert.equal(
      navy.body.scan.message,
      `${s.navy.sku} is not on this shipment: expected ${s.blue.sku}, probably mistaken for its look-alike ${s.navy.sku}`,
    );
    assert.deepEqual(
      navy.body.comparison.extra.map((x) => [x.kind, x.sku, x.expectedSku]),
      [['wrong_item', s.navy.sku, s.blue.sku]],
    );
    assert.deepEqual(
      navy.body.comparison.stillExpected.map((e) => e.sku),
      [s.blue.sku, s.mug.sku],
    );

    assert.equal((await scan(first, s.blue.sku)).body.scan.classification, 'expected');
    const byBarcode = await scan(first, s.mugBarcode);
    assert.equal(byBarcode.body.scan.sku, s.mug.sku);
    assert.equal(byBarcode.body.scan.classification, 'expected');
    const lastMug = await scan(first, s.mug.sku);
    assert.deepEqual(lastMug.body.comparison.stillExpected, []);
    assert.equal(lastMug.body.comparison.extra.length, 1, 'NAVY is still in the box');

    const mismatch = await t.call<CloseResult>(
      'POST',
      `/api/pack-sessions/${first}/close`,
      {},
      packerKey,
    );
    assert.equal(mismatch.status, 200, JSON.stringify(mismatch.body));
    assert.equal(mismatch.body.result, 'mismatch');
    assert.equal(mismatch.body.shipment.status, 'pending');
    assert.ok(mismatch.body.shipment.blockedAt);
    assert.match(mismatch.body.shipment.blockedReason ?? '', /wrong_item/);
    const incident = mismatch.body.incident;
    assert.ok(incident);
    assert.deepEqual(
      [incident.type, incident.state, incident.rootCause],
      ['wrong_item', 'detected', 'look_alike_sku'],
    );

    // The hard stop: neither the ship nor the pack step passes a blocked shipment.
    const stepUrl = `/api/orders/${order.id}/shipments/${shipment.id}`;
    const ship = await t.call<ErrorBody>('POST', `${stepUrl}/ship`, { carrier: 'DHL' }, packerKey);
    assert.equal(ship.status, 409);
    assert.equal(ship.body.error.code, 'invalid_state');
    assert.match(ship.body.error.message, /blocked by pack verification/);
    assert.equal(ship.body.error.details.shipmentId, shipment.id);
    const pack = await t.call<ErrorBody>('POST', `${stepUrl}/pack`, undefined, packerKey);
    assert.equal(pack.status, 409);
    assert.match(pack.body.error.message, /blocked by pack verification/);
    const held = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.ok(held.body.shipments[0]?.blockedAt);

    // Session 2: the right units only.
    const again = await t.call<SessionView>(
      'POST',
      '/api/pack-sessions',
      { shipmentId: shipment.id, station, packer },
      packerKey,
    );
    assert.equal(again.status, 201, JSON.stringify(again.body));
    for (const code of [s.blue.sku, s.mugBarcode, s.mug.sku]) {
      assert.equal((await scan(again.body.id, code)).body.scan.classification, 'expected');
    }
    const match = await t.call<CloseResult>(
      'POST',
      `/api/pack-sessions/${again.body.id}/close`,
      undefined,
      packerKey,
    );
    assert.equal(match.status, 200, JSON.stringify(match.body));
    assert.equal(match.body.result, 'match');
    assert.equal(match.body.incident, null);
    assert.deepEqual(match.body.caughtIncidentIds, [incident.id]);
    assert.deepEqual(
      [
        match.body.shipment.status,
        match.body.shipment.blockedAt,
        match.body.shipment.blockedReason,
      ],
      ['packed', null, null],
    );

    const detail = await t.call<IncidentDetail>('GET', `/api/incidents/${incident.id}`);
    assert.equal(detail.status, 200);
    assert.deepEqual(
      [detail.body.state, detail.body.source, detail.body.type, detail.body.rootCause],
      ['caught', 'pack', 'wrong_item', 'look_alike_sku'],
    );
    assert.equal(detail.body.shipmentId, shipment.id);
    assert.equal(detail.body.locationId, s.w1.id);
    assert.deepEqual(
      detail.body.lines.map((l) => [
        l.discrepancy,
        l.expectedSku,
        l.expectedQty,
        l.actualSku,
        l.actualQty,
      ]),
      [['wrong_item', s.blue.sku, 1, s.navy.sku, 1]],
    );
    assert.equal(detail.body.facts?.packer, packer);
    assert.equal(detail.body.facts?.station, station);
    assert.equal(detail.body.facts?.customerFacing, false);
    const incidents = await db
      .selectFrom('incidents')
      .select(['id'])
      .where('shipment_id', '=', shipment.id)
      .execute();
    assert.equal(incidents.length, 1, 'one incident for the shipment');
    assert.equal(await jobsFor(db, NOTIFY_CUSTOMER_JOB, incident.id), 0, 'no customer message');

    const stats = await t.call<PackStats>('GET', '/api/pack-sessions/stats', undefined, packerKey);
    assert.equal(stats.status, 200);
    assert.deepEqual(
      stats.body.packers.find((p) => p.packer === packer),
      { packer, sessions: 2, mismatched: 1, packingErrors: 1, errorRate: 0.5 },
    );
    assert.deepEqual(
      stats.body.stations.find((p) => p.station === station),
      { station, sessions: 2, mismatched: 1, packingErrors: 1, errorRate: 0.5 },
    );
    assert.deepEqual(
      stats.body.skus.filter((k) => k.sku === s.blue.sku || k.sku === s.navy.sku),
      [
        { sku: s.blue.sku, misPickedAsExpected: 1, misPickedAsScanned: 0, shelfShort: 0 },
        { sku: s.navy.sku, misPickedAsExpected: 0, misPickedAsScanned: 1, shelfShort: 0 },
      ],
    );

    // The NAVY unit taken out of the box was never reserved or picked: W1's stock is as before.
    assert.deepEqual(await levelOf(db, s.navy.id, s.w1.id), navyBefore);
    const shipped = await t.call<Order>('POST', `${stepUrl}/ship`, { carrier: 'DHL' }, packerKey);
    assert.equal(shipped.status, 200, JSON.stringify(shipped.body));
    assert.deepEqual(await levelOf(db, s.navy.id, s.w1.id), navyBefore);
    assert.deepEqual(await levelOf(db, s.blue.id, s.w1.id), { onHand: 3, reserved: 0 });
  });
});
