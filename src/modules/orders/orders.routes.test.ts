import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from '../../shared/pagination.js';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { AllocationResult, Order, OrderSummary } from './orders.js';
import { addStock, makeCustomer, makeStore, orderBody } from './orders.factories.js';

type WithAllocation = Order & { allocation: AllocationResult };
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

describe(`orders API: roles, reading and listing (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('lets a viewer read orders but not create them', async () => {
    const s = await makeStore(t.ctx.db);
    const viewer = await t.keyFor('viewer');
    const denied = await t.call<ErrorBody>('POST', '/api/orders', orderBody(s), viewer);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'forbidden');
    const made = await t.call<Order>('POST', '/api/orders', orderBody(s, { allocate: false }));
    assert.equal(
      (await t.call('GET', `/api/orders/${made.body.id}`, undefined, viewer)).status,
      200,
    );
    assert.equal((await t.call('GET', '/api/orders', undefined, viewer)).status, 200);
  });

  it('lets a packer pack and ship but not create, allocate or cancel', async () => {
    const s = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1);
    const packer = await t.keyFor('packer');
    const body = orderBody(s, { lines: [{ sku: s.mug.sku, qty: 1 }] });
    assert.equal((await t.call('POST', '/api/orders', body, packer)).status, 403);
    const agent = await t.keyFor('agent');
    const order = await t.call<WithAllocation>('POST', '/api/orders', body, agent);
    assert.equal(order.status, 201);
    const base = `/api/orders/${order.body.id}`;
    const shipment = `${base}/shipments/${order.body.shipments[0]?.id}`;
    assert.equal((await t.call('POST', `${base}/allocations`, {}, packer)).status, 403);
    assert.equal((await t.call('POST', `${shipment}/cancel`, {}, packer)).status, 403);
    assert.equal((await t.call('POST', `${shipment}/pack`, undefined, packer)).status, 200);
    const shipped = await t.call<Order>('POST', `${shipment}/ship`, { carrier: 'GLS' }, packer);
    assert.equal(shipped.status, 200);
    assert.equal(shipped.body.shipments[0]?.status, 'shipped');
    const finance = await t.keyFor('finance');
    assert.equal((await t.call('POST', `${shipment}/deliver`, {}, finance)).status, 403);
  });

  it('answers 404 for an order that does not exist', async () => {
    const res = await t.call<ErrorBody>('GET', '/api/orders/ord_missing');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'order_not_found');
    const alloc = await t.call<ErrorBody>('POST', '/api/orders/ord_missing/allocations', {});
    assert.equal(alloc.body.error.code, 'order_not_found');
  });

  it('lists orders newest first, filtered by customer, channel, status, external id and date', async () => {
    const s = await makeStore(t.ctx.db);
    const customerId = await makeCustomer(t.ctx.db);
    const post = async (o: Record<string, unknown>) =>
      (
        await t.call<Order>(
          'POST',
          '/api/orders',
          orderBody(s, { customerId, allocate: false, ...o }),
        )
      ).body;
    const a = await post({ placedAt: '2026-02-01T10:00:00.000Z' });
    const b = await post({ channel: 'store', placedAt: '2026-02-10T10:00:00.000Z' });
    const c = await post({ placedAt: '2026-02-20T10:00:00.000Z' });
    await t.call('POST', `/api/orders/${b.id}/lines/${b.lines[0]?.id}/cancel`, { qty: 1 });

    const list = async (query: string) => {
      const res = await t.call<Page<OrderSummary>>(
        'GET',
        `/api/orders?customerId=${customerId}${query}`,
      );
      assert.equal(res.status, 200);
      return res.body.data.map((o) => o.id);
    };
    assert.deepEqual(await list(''), [c.id, b.id, a.id]);
    assert.deepEqual(await list('&channel=store'), [b.id]);
    assert.deepEqual(await list('&status=cancelled'), [b.id]);
    assert.deepEqual(await list('&status=open'), [c.id, a.id]);
    assert.deepEqual(await list(`&externalId=${a.externalId}`), [a.id]);
    assert.deepEqual(
      await list('&placedFrom=2026-02-10T10:00:00.000Z&placedTo=2026-02-20T10:00:00.000Z'),
      [b.id],
    );
    const other = await t.call<Page<OrderSummary>>(
      'GET',
      `/api/orders?externalId=${a.externalId}&channel=store`,
    );
    assert.deepEqual(other.body.data, []);
  });

  it('pages through orders with a cursor, without gaps or repeats', async () => {
    const s = await makeStore(t.ctx.db);
    const customerId = await makeCustomer(t.ctx.db);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.call<Order>(
        'POST',
        '/api/orders',
        orderBody(s, { customerId, allocate: false }),
      );
      ids.push(res.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/orders?customerId=${customerId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page<OrderSummary> = (await t.call<Page<OrderSummary>>('GET', query)).body;
      assert.ok(page.data.length <= 2);
      seen.push(...page.data.map((o) => o.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...ids].reverse());
  });

  it('names a bad filter in the query string', async () => {
    const res = await t.call<ErrorBody>('GET', '/api/orders?status=lost&limit=0');
    assert.equal(res.status, 400);
    const paths = (res.body.error.details.fields as { path: string }[]).map((f) => f.path).sort();
    assert.deepEqual(paths, ['querystring.limit', 'querystring.status']);
  });

  it('documents every orders route in the OpenAPI document', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    const paths = Object.keys((doc.json() as { paths: object }).paths);
    for (const p of [
      '/api/orders',
      '/api/orders/{id}',
      '/api/orders/{id}/allocations',
      '/api/orders/{id}/shipments/{shipmentId}/pack',
      '/api/orders/{id}/shipments/{shipmentId}/ship',
      '/api/orders/{id}/shipments/{shipmentId}/deliver',
      '/api/orders/{id}/shipments/{shipmentId}/cancel',
      '/api/orders/{id}/lines/{lineId}/cancel',
      '/api/orders/{id}/returns',
    ]) {
      assert.ok(paths.includes(p), `${p} is documented`);
    }
  });
});
