import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Executor } from '../../db/database.js';
import { newId } from '../../shared/ids.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import {
  closeOrder,
  makeCustomer,
  makeWorld,
  moveIncident,
  openIncident,
  packSession,
  placeOrder,
  type World,
} from './analytics.factories.js';
import type { RootCauseSuggestion } from './root-cause-rules.js';

const T0 = '2026-03-10T10:00:00.000Z';

async function carrierEvent(db: Executor, shipmentId: string, type: string, description?: string) {
  await db
    .insertInto('carrier_events')
    .values({
      id: newId('cev'),
      carrier: 'dhl',
      event_id: newId('e'),
      type,
      occurred_at: '2026-03-10T08:00:00.000Z',
      tracking_number: null,
      given_shipment_id: null,
      shipment_id: shipmentId,
      new_eta: null,
      location: null,
      description: description ?? null,
      raw: null,
      status: 'applied',
      effects: '[]',
      incident_id: null,
      last_error: null,
      actor: 'test',
      received_at: '2026-03-10T08:00:00.000Z',
      applied_at: '2026-03-10T08:00:00.000Z',
    })
    .execute();
}

async function feedBatch(db: Executor, locationId: string, receivedAt: string) {
  await db
    .insertInto('feed_batches')
    .values({
      id: newId('fdb'),
      location_id: locationId,
      source: 'pos',
      kind: 'levels',
      received_at: receivedAt,
      items: 1,
      applied: 1,
      ignored_stale: 0,
      rejected: 0,
      actor: 'test',
    })
    .execute();
}

/** A mismatched pack session that found `scanned` in the box instead of `expected`. */
async function packConfusion(db: Executor, w: World, expected: string, scanned: string) {
  const customerId = await makeCustomer(db, T0);
  const o = await placeOrder(db, {
    customerId,
    placedAt: '2026-03-01T10:00:00.000Z',
    promisedAt: '2026-03-05T10:00:00.000Z',
    locationId: w.locations[0] ?? '',
    lines: [{ productId: w.products[0]?.id ?? '', qty: 1 }],
  });
  const sessionId = newId('pks');
  await db
    .insertInto('pack_sessions')
    .values({
      id: sessionId,
      shipment_id: o.shipmentId,
      order_id: o.id,
      location_id: w.locations[0] ?? '',
      packer: 'ana',
      station: 'st-1',
      expected: '{}',
      status: 'closed',
      result: 'mismatch',
      incident_id: null,
      opened_at: '2026-03-02T10:00:00.000Z',
      closed_at: '2026-03-02T10:05:00.000Z',
    })
    .execute();
  await db
    .insertInto('pack_discrepancies')
    .values({
      id: newId('pkd'),
      session_id: sessionId,
      kind: 'wrong_item',
      order_line_id: null,
      expected_sku: expected,
      expected_qty: 1,
      scanned_sku: scanned,
      scanned_code: scanned,
      scanned_qty: 1,
      shelf_short: 0,
      corrected: 0,
    })
    .execute();
}

describe('root causes', () => {
  let t: TestApp;
  let w: World;
  let db: Executor;
  const suggest = async (id: string) => {
    const res = await t.call<RootCauseSuggestion>(
      'GET',
      `/api/incidents/${id}/root-cause/suggestion`,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const orderOf = async (customerId?: string) =>
    placeOrder(db, {
      customerId: customerId ?? (await makeCustomer(db, T0)),
      placedAt: '2026-03-08T10:00:00.000Z',
      promisedAt: '2026-03-11T10:00:00.000Z',
      locationId: w.locations[0] ?? '',
      lines: [{ productId: w.products[0]?.id ?? '', qty: 1 }],
    });
  const wrongItem = async (expected: string, actual: string) => {
    const id = await openIncident(db, { type: 'wrong_item', detectedAt: T0 });
    await db
      .insertInto('incident_lines')
      .values({
        id: newId('inl'),
        incident_id: id,
        order_line_id: null,
        discrepancy: 'wrong_item',
        expected_sku: expected,
        expected_qty: 1,
        actual_sku: actual,
        actual_qty: 1,
        note: null,
      })
      .execute();
    return id;
  };

  before(async () => {
    t = await createTestApp({ start: new Date(T0) });
    db = t.ctx.db;
    w = await makeWorld(db, {
      locations: 2,
      suppliers: 2,
      products: 6,
      at: '2026-01-01T00:00:00.000Z',
    });
  });
  after(() => t.close());

  it('suggests a look-alike SKU for a pair confused before, and a picking error for a pair never confused', async () => {
    const [a, b, c] = w.products.map((p) => p.sku) as [string, string, string];
    const first = await suggest(await wrongItem(a, b));
    assert.equal(first.suggestion, 'picking_error');
    await packConfusion(db, w, a, b);
    await packConfusion(db, w, b, a);
    const known = await suggest(await wrongItem(a, b));
    assert.equal(known.suggestion, 'look_alike_sku');
    assert.equal(known.confidence, 'high');
    assert.match(known.reasons[0] ?? '', /confused 3 time/);
    // Listed as look-alikes by the catalog: suggested even without history.
    const [pa, pc] = [w.products[0]?.id ?? '', w.products[2]?.id ?? ''];
    await db
      .insertInto('product_substitutes')
      .values({ product_id: pa, substitute_id: pc, rank: 1 })
      .execute();
    assert.equal((await suggest(await wrongItem(c, a))).suggestion, 'look_alike_sku');
  });

  it('suggests inventory desync when the location’s feed was stale at detection', async () => {
    const store = w.locations[1] ?? '';
    await feedBatch(db, store, '2026-03-10T07:00:00.000Z'); // 3 h before, a store tolerates 1 h
    const id = await openIncident(db, { type: 'stockout', detectedAt: T0, locationId: store });
    const s = await suggest(id);
    assert.deepEqual([s.suggestion, s.confidence], ['inventory_desync', 'high']);
    await feedBatch(db, store, '2026-03-10T11:50:00.000Z');
    const fresh = await openIncident(db, {
      type: 'stockout',
      detectedAt: '2026-03-10T12:00:00.000Z',
      locationId: store,
    });
    await db
      .updateTable('incidents')
      .set({ facts: JSON.stringify({ cause: 'store_rejection' }) })
      .where('id', '=', fresh)
      .execute();
    assert.equal((await suggest(fresh)).suggestion, 'bin_location_error');
  });

  it('suggests carrier damage after a carrier damage event, and an address error after a return to sender', async () => {
    const o = await orderOf();
    await carrierEvent(db, o.shipmentId, 'damaged');
    const id = await openIncident(db, {
      type: 'damaged',
      detectedAt: T0,
      orderId: o.id,
      shipmentId: o.shipmentId,
    });
    assert.equal((await suggest(id)).suggestion, 'carrier_damage');
    const o2 = await orderOf();
    await carrierEvent(db, o2.shipmentId, 'exception', 'Addressee unknown at this address');
    const late = await openIncident(db, {
      type: 'late_delivery',
      detectedAt: T0,
      orderId: o2.id,
      shipmentId: o2.shipmentId,
    });
    assert.equal((await suggest(late)).suggestion, 'address_error');
  });

  it('suggests a supplier defect when the same defect keeps coming on one supplier’s products', async () => {
    const sku = w.products[4]?.sku ?? '';
    const damaged = async (at: string) => {
      const id = await openIncident(db, { type: 'damaged', detectedAt: at });
      await db
        .insertInto('incident_lines')
        .values({
          id: newId('inl'),
          incident_id: id,
          order_line_id: null,
          discrepancy: 'damaged',
          expected_sku: sku,
          expected_qty: 1,
          actual_sku: null,
          actual_qty: 1,
          note: null,
        })
        .execute();
      return id;
    };
    const first = await damaged('2026-02-20T10:00:00.000Z');
    assert.notEqual((await suggest(first)).suggestion, 'supplier_defect');
    await damaged('2026-03-01T10:00:00.000Z');
    const third = await damaged(T0);
    const s = await suggest(third);
    assert.equal(s.suggestion, 'supplier_defect');
    assert.match(s.reasons[0] ?? '', /2 other damaged/);
  });

  it('answers 404 for an unknown incident', async () => {
    const res = await t.call<{ error: { code: string } }>(
      'GET',
      '/api/incidents/inc_nope/root-cause/suggestion',
    );
    assert.deepEqual([res.status, res.body.error.code], [404, 'incident_not_found']);
  });

  it('shows scorecard rates only above the minimum volume, worst first', async () => {
    const packed = async (packer: string, n: number, incidents: number) => {
      for (let i = 0; i < n; i++) {
        const customerId = await makeCustomer(db, T0);
        const o = await placeOrder(db, {
          customerId,
          placedAt: '2026-02-01T10:00:00.000Z',
          promisedAt: '2026-02-05T10:00:00.000Z',
          locationId: w.locations[0] ?? '',
          lines: [{ productId: w.products[5]?.id ?? '', qty: 1 }],
        });
        await packSession(db, {
          shipmentId: o.shipmentId,
          orderId: o.id,
          locationId: w.locations[0] ?? '',
          packer,
          at: '2026-02-02T09:00:00.000Z',
        });
        await closeOrder(db, o, '2026-02-03T10:00:00.000Z');
        if (i < incidents) {
          const id = await openIncident(db, {
            type: 'missing_item',
            detectedAt: '2026-02-04T10:00:00.000Z',
            orderId: o.id,
            shipmentId: o.shipmentId,
            rootCause: 'picking_error',
          });
          await moveIncident(db, id, 'verified', '2026-02-04T11:00:00.000Z');
        }
      }
    };
    await packed('rui', 40, 2);
    await packed('eva', 30, 3);
    await packed('leo', 5, 1);
    assert.equal((await t.call('POST', '/api/kpis/fold')).status, 200);
    const res = await t.call<{
      entries: {
        key: string;
        volume: number;
        incidentRate: number | null;
        belowMinimum: boolean;
      }[];
    }>('GET', '/api/root-causes/scorecards?by=packer&from=2026-02-01&to=2026-02-28&minVolume=30');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.entries.map((e) => [e.key, e.volume, e.incidentRate, e.belowMinimum]),
      [
        ['eva', 30, 0.1, false],
        ['rui', 40, 0.05, false],
        ['leo', 5, null, true],
        // The damaged incident of February that no packer touched.
        ['none', 0, null, true],
      ],
    );
    const pareto = await t.call<{
      byCount: { cause: string; value: number; cumulativeShare: number }[];
    }>('GET', '/api/root-causes/pareto?from=2026-02-01&to=2026-02-28');
    assert.deepEqual(pareto.body.byCount, [
      { cause: 'picking_error', value: 6, share: 6 / 7, cumulativeShare: 6 / 7 },
      { cause: 'none', value: 1, share: 1 / 7, cumulativeShare: 1 },
    ]);
  });

  it('ranks look-alike pairs by how often they were confused, either way round', async () => {
    const res = await t.call<{ pairs: { skus: string[]; confusions: number }[] }>(
      'GET',
      '/api/root-causes/look-alikes?from=2026-03-01&to=2026-03-31',
    );
    assert.equal(res.status, 200);
    const [a, b] = [w.products[0]?.sku ?? '', w.products[1]?.sku ?? ''].sort();
    // Twice at the pack station, twice in the reports of the first test.
    assert.deepEqual(res.body.pairs[0], {
      skus: [a, b],
      confusions: 4,
      lastAt: T0,
      listedAsLookAlikes: false,
    });
  });
});
