import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { LedgerEntry, LocationFreshness } from './inventory.js';
import {
  MINUTE,
  makeWorld,
  orderBody,
  postFeed,
  receive,
  stockOf,
  type World,
} from './truth.factories.js';
import type { RejectionResult } from './use-cases/rejection.js';
import type { StockoutLineFacts } from './use-cases/stockout.js';

interface Order {
  id: string;
  lines: { id: string; qtyAllocated: number }[];
  shipments: {
    id: string;
    locationId: string;
    kind: string;
    status: string;
    lines: { sku: string; qty: number }[];
  }[];
}
interface Incident {
  id: string;
  type: string;
  source: string;
  state: string;
  orderId: string;
  rootCause: string | null;
  facts: (StockoutLineFacts & { cause: string; lines: StockoutLineFacts[] }) | null;
}

/** S5: stale store stock, a store rejection and a reroute — end to end through HTTP. */
describe(`store rejections (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  /** S1 fed its last LAMP-OAK; a pickup order took it while fresh; then S1's feed went stale. */
  async function pickupAtStaleStore(w: World): Promise<{ order: Order; shipmentId: string }> {
    const feed = await postFeed(t, {
      locationId: w.s1,
      kind: 'levels',
      source: 'pos-s1',
      items: [
        { sku: w.oak.sku, onHand: 1, version: 100 },
        { sku: w.walnut.sku, onHand: 3, version: 100 },
      ],
    });
    assert.equal(feed.body.applied, 2);
    t.clock.advance(10 * MINUTE);
    const created = await t.call<Order>(
      'POST',
      '/api/orders',
      orderBody(w, { deliveryMethod: 'pickup', pickupLocationId: w.s1 }),
    );
    assert.equal(created.status, 201);
    const [shipment] = created.body.shipments;
    assert.ok(shipment);
    assert.deepEqual([shipment.locationId, shipment.kind], [w.s1, 'pickup']);

    t.clock.advance(2 * 60 * MINUTE);
    const freshness = await t.call<{ data: LocationFreshness[] }>(
      'GET',
      '/api/inventory/freshness',
    );
    assert.equal(freshness.body.data.find((f) => f.locationId === w.s1)?.stale, true);
    return { order: created.body, shipmentId: shipment.id };
  }

  const stockouts = async (orderId: string) =>
    (await t.call<{ data: Incident[] }>('GET', `/api/incidents?orderId=${orderId}&type=stockout`))
      .body.data;

  it('S5: not found at S1 → S1 available 0 at once, rerouted from W1, no incident', async () => {
    const w = await makeWorld(t);
    await receive(t, w.oak.sku, w.w1, 1);
    const { order, shipmentId } = await pickupAtStaleStore(w);

    const packer = await t.keyFor('packer');
    const res = await t.call<RejectionResult>(
      'POST',
      '/api/inventory/rejections',
      {
        orderId: order.id,
        shipmentId,
        sku: w.oak.sku,
        reason: 'not_found',
        note: 'not on shelf B3',
      },
      packer,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const r = res.body;
    assert.deepEqual([r.promiseKept, r.incident, r.transferTo], [true, null, w.s1]);
    assert.deepEqual(
      r.reallocated.map((s) => [s.locationId, s.lines.map((l) => [l.sku, l.qty])]),
      [[w.w1, [[w.oak.sku, 1]]]],
    );
    const [correction] = r.corrections;
    assert.deepEqual(
      [correction?.kind, correction?.locationId, correction?.onHandDelta, correction?.onHandAfter],
      ['count', w.s1, -1, 0],
    );
    assert.equal(correction?.refType, 'store_rejection');
    assert.match(correction?.reason ?? '', /^not_found at S1-.*not on shelf B3$/);

    assert.deepEqual(await stockOf(t, w.oak.sku, w.s1), { onHand: 0, reserved: 0, available: 0 });
    assert.deepEqual(await stockOf(t, w.oak.sku, w.w1), { onHand: 1, reserved: 1, available: 0 });
    const after = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.deepEqual(
      after.body.shipments.map((s) => [s.locationId, s.kind, s.status]).sort(),
      [
        [w.s1, 'pickup', 'cancelled'],
        [w.w1, 'outbound', 'pending'],
      ].sort(),
    );
    assert.equal(after.body.lines[0]?.qtyAllocated, 1);
    assert.deepEqual(await stockouts(order.id), []);

    const ledger = await t.call<{ data: LedgerEntry[] }>(
      'GET',
      `/api/inventory/movements?sku=${w.oak.sku}&locationId=${w.s1}`,
    );
    assert.deepEqual(
      ledger.body.data.map((m) => [m.kind, m.onHandDelta, m.reservedDelta]),
      [
        ['count', -1, 0],
        ['release', 0, -1],
        ['reservation', 0, 1],
        ['count', 1, 0],
      ],
    );
  });

  it('S5, second case: nowhere else → stockout incident with substitutes, restock and options', async () => {
    const w = await makeWorld(t);
    await receive(t, w.walnut.sku, w.w2, 2);
    const po = await t.call<{ reference: string; expectedAt: string }>(
      'POST',
      '/api/inventory/purchase-orders',
      {
        reference: `PO-${w.tag}`,
        locationId: w.w1,
        expectedAt: new Date(t.clock.now().getTime() + 6 * 24 * 60 * MINUTE).toISOString(),
        lines: [{ sku: w.oak.sku, qty: 5 }],
      },
    );
    assert.equal(po.status, 201);
    const { order, shipmentId } = await pickupAtStaleStore(w);

    const res = await t.call<RejectionResult>('POST', '/api/inventory/rejections', {
      orderId: order.id,
      shipmentId,
      sku: w.oak.sku,
      reason: 'not_found',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.promiseKept, false);
    assert.deepEqual(res.body.reallocated, []);
    assert.deepEqual(
      res.body.unallocated.map((u) => [u.sku, u.qty]),
      [[w.oak.sku, 1]],
    );
    assert.equal(res.body.incident?.created, true);
    assert.deepEqual(await stockOf(t, w.oak.sku, w.s1), { onHand: 0, reserved: 0, available: 0 });

    const [incident, ...more] = await stockouts(order.id);
    assert.ok(incident);
    assert.equal(more.length, 0);
    assert.deepEqual(
      [incident.id, incident.type, incident.source, incident.state, incident.rootCause],
      [res.body.incident?.id, 'stockout', 'inventory', 'detected', 'inventory_desync'],
    );
    const facts = incident.facts;
    assert.ok(facts);
    assert.deepEqual(
      [facts.sku, facts.qtyShort, facts.cause, facts.elsewhere, facts.lines.length],
      [w.oak.sku, 1, 'store_rejection', [], 1],
    );
    assert.deepEqual(facts.nextInbound, {
      expectedAt: po.body.expectedAt,
      reference: `PO-${w.tag}`,
      qty: 5,
      locationId: w.w1,
    });
    const [walnut, ...others] = facts.substitutes;
    assert.equal(others.length, 0);
    assert.deepEqual(
      [walnut?.sku, walnut?.price],
      [w.walnut.sku, { amount: 9_900, currency: 'EUR' }],
    );
    assert.deepEqual(
      walnut?.locations.map((l) => [l.locationId, l.zone, l.available]),
      [
        [w.s1, 'city', 2],
        [w.w2, 'national', 2],
      ],
      'S1 holds 3 LAMP-WALNUT, minus its stale buffer of 1; W2 holds 2',
    );
    assert.deepEqual(
      facts.options.map((o) => o.type),
      ['wait_for_restock', 'ship_substitute', 'reserve_substitute_in_store', 'cancel_line_refund'],
    );
    assert.deepEqual(facts.options[0], {
      type: 'wait_for_restock',
      expectedAt: po.body.expectedAt,
      reference: `PO-${w.tag}`,
      qty: 5,
    });
    assert.deepEqual(
      facts.options.find((o) => o.type === 'reserve_substitute_in_store'),
      {
        type: 'reserve_substitute_in_store',
        sku: w.walnut.sku,
        price: 9_900,
        locationId: w.s1,
        code: `S1-${w.tag}`,
        zone: 'city',
      },
    );
    assert.deepEqual(facts.options.at(-1), {
      type: 'cancel_line_refund',
      amount: 8_900,
      currency: 'EUR',
    });
    const jobs = await t.ctx.db
      .selectFrom('jobs')
      .select(['payload'])
      .where('type', '=', 'incident.notify_customer')
      .execute();
    assert.equal(
      jobs.filter(
        (j) => (JSON.parse(j.payload) as { incidentId: string }).incidentId === incident.id,
      ).length,
      1,
    );
  });

  it('writes damaged units off and keeps the rest of the store’s stock promised', async () => {
    const w = await makeWorld(t);
    await postFeed(t, {
      locationId: w.s1,
      kind: 'levels',
      items: [{ sku: w.mug.sku, onHand: 5, version: 1 }],
    });
    await receive(t, w.mug.sku, w.w1, 9);
    const created = await t.call<Order>(
      'POST',
      '/api/orders',
      orderBody(w, {
        deliveryMethod: 'pickup',
        pickupLocationId: w.s1,
        lines: [
          { sku: w.mug.sku, qty: 2 },
          { sku: w.walnut.sku, qty: 1 },
        ],
      }),
    );
    const shipment = created.body.shipments.find((s) => s.locationId === w.s1);
    assert.ok(shipment);
    const res = await t.call<RejectionResult>('POST', '/api/inventory/rejections', {
      orderId: created.body.id,
      shipmentId: shipment.id,
      sku: w.mug.sku,
      qty: 1,
      reason: 'damaged',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.corrections.map((m) => [m.kind, m.onHandDelta]),
      [['write_off', -1]],
    );
    assert.equal(res.body.released.shipmentCancelled, false);
    assert.deepEqual(await stockOf(t, w.mug.sku, w.s1), { onHand: 4, reserved: 1, available: 3 });
    const after = await t.call<Order>('GET', `/api/orders/${created.body.id}`);
    const store = after.body.shipments.find((s) => s.id === shipment.id);
    assert.deepEqual(
      store?.lines.map((l) => [l.sku, l.qty]),
      [[w.mug.sku, 1]],
    );
    assert.equal(store?.status, 'pending');
  });

  it('refuses a SKU not on the shipment, a shipment of another order, and more than it holds', async () => {
    const w = await makeWorld(t);
    await receive(t, w.mug.sku, w.w1, 3);
    const created = await t.call<Order>(
      'POST',
      '/api/orders',
      orderBody(w, { lines: [{ sku: w.mug.sku, qty: 1 }] }),
    );
    const shipmentId = created.body.shipments[0]?.id ?? '';
    const reject = (body: Record<string, unknown>) =>
      t.call<{ error: { code: string } }>('POST', '/api/inventory/rejections', {
        orderId: created.body.id,
        shipmentId,
        sku: w.mug.sku,
        reason: 'not_found',
        ...body,
      });
    assert.equal((await reject({ sku: w.oak.sku })).status, 400);
    assert.equal((await reject({ qty: 2 })).status, 400);
    assert.equal((await reject({ shipmentId: 'shp_nope' })).status, 404);
    assert.equal((await reject({ reason: 'lost' })).status, 400);
    assert.deepEqual(await stockOf(t, w.mug.sku, w.w1), { onHand: 3, reserved: 1, available: 2 });
  });
});
