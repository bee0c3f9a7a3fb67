import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type SignedIn, type TestApp } from '../../test/harness.js';
import { addStock, makeLocation, makeProduct, orderBody } from '../orders/orders.factories.js';
import type { Order } from '../orders/index.js';
import {
  advance,
  choose,
  createOrder,
  incidentsOfOrder,
  makeRemedyStore,
  planOf,
  stepOf,
} from '../remedies/remedies.factories.js';

interface ErrorBody {
  error: { code: string; details?: { scope?: string } };
}

/** A store person works their own store's pickups, rejections and reservations, and no other. */
describe(`a store person works only their own store (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ start: new Date('2026-10-14T08:30:00.000Z') });
  });
  after(() => t.close());

  const refusedForLocation = (res: { status: number; body: unknown }) => {
    assert.equal(res.status, 403, JSON.stringify(res.body));
    const body = res.body as ErrorBody;
    assert.equal(body.error.code, 'forbidden');
    assert.equal(body.error.details?.scope, 'location');
  };

  async function pickupOrder(
    s: Awaited<ReturnType<typeof makeRemedyStore>>,
    storeId: string,
    sku: string,
  ): Promise<{ order: Order; shipmentId: string }> {
    const res = await t.call<Order>(
      'POST',
      '/api/orders',
      orderBody(s, {
        deliveryMethod: 'pickup',
        pickupLocationId: storeId,
        lines: [{ sku, qty: 1 }],
      }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const shipment = res.body.shipments.find((x) => x.locationId === storeId);
    assert.ok(shipment, 'allocated at the pickup store');
    return { order: res.body, shipmentId: shipment.id };
  }

  it('hands over and rejects only its own store’s pickups', async () => {
    const s = await makeRemedyStore(t);
    const dockside = await makeLocation(t.ctx.db, { code: 'DOCK', kind: 'store', zone: 'city' });
    const kettle = await makeProduct(t.ctx.db, { sku: `KETTLE-${Date.now()}`, price: 3_450 });
    for (const at of [s.s1.id, dockside.id]) await addStock(t.ctx.db, kettle.id, at, 3);
    const clerk: SignedIn = await t.signedIn('store', {
      name: 'Aiyana Redcloud',
      locationId: dockside.id,
    });

    const theirs = await pickupOrder(s, s.s1.id, kettle.sku);
    const base = `/api/orders/${theirs.order.id}/shipments/${theirs.shipmentId}`;
    refusedForLocation(await t.callAs(clerk, 'POST', `${base}/ship`, {}));
    refusedForLocation(
      await t.callAs(clerk, 'POST', '/api/inventory/rejections', {
        orderId: theirs.order.id,
        shipmentId: theirs.shipmentId,
        sku: kettle.sku,
        reason: 'not_found',
      }),
    );
    const untouched = await t.call<Order>('GET', `/api/orders/${theirs.order.id}`);
    assert.equal(untouched.body.shipments[0]?.status, 'pending');

    const own = await pickupOrder(s, dockside.id, kettle.sku);
    const mine = `/api/orders/${own.order.id}/shipments/${own.shipmentId}`;
    const handed = await t.callAs<Order>(clerk, 'POST', `${mine}/ship`, {});
    assert.equal(handed.status, 200, JSON.stringify(handed.body));
    const delivered = await t.callAs<Order>(clerk, 'POST', `${mine}/deliver`, {});
    assert.equal(delivered.status, 200, JSON.stringify(delivered.body));

    const another = await pickupOrder(s, dockside.id, kettle.sku);
    const rejected = await t.callAs<{ locationId: string }>(
      clerk,
      'POST',
      '/api/inventory/rejections',
      {
        orderId: another.order.id,
        shipmentId: another.shipmentId,
        sku: kettle.sku,
        reason: 'damaged',
      },
    );
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assert.equal(rejected.body.locationId, dockside.id);
    const moves = await t.call<{ data: { actor: string }[] }>(
      'GET',
      `/api/inventory/movements?locationId=${dockside.id}`,
    );
    assert.ok(moves.body.data.some((m) => m.actor === 'Aiyana Redcloud'));
  });

  it('hands over only the reservations made at its own store', async () => {
    const s = await makeRemedyStore(t);
    await addStock(t.ctx.db, s.walnut.id, s.s1.id, 2);
    const order = await createOrder(t, s, { lines: [{ sku: s.lamp.sku, qty: 1 }] });
    const [incident] = await incidentsOfOrder(t, order.id, 'stockout');
    assert.ok(incident);
    await advance(t, 'PT1M');
    await choose(t, incident.id, { optionId: 'store_substitute', channel: 'status_page' });
    await advance(t, 'PT1M');
    const hold = stepOf(await planOf(t, incident.id), 'reserve_in_store');
    const url = `/api/incidents/${incident.id}/plan/steps/${hold.id}/received`;
    const code = hold.detail.pickupCode;

    const elsewhere = await t.signedIn('store', { locationId: s.s2.id });
    refusedForLocation(await t.callAs(elsewhere, 'POST', url, { code }));
    const here = await t.signedIn('store', { locationId: s.s1.id, name: 'Matthias Brandt' });
    const collected = await t.callAs(here, 'POST', url, { code });
    assert.equal(collected.status, 200, JSON.stringify(collected.body));
    assert.equal(stepOf(await planOf(t, incident.id), 'reserve_in_store').state, 'done');
  });
});
