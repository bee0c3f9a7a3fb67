import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { AllocationResult, Order } from './orders.js';
import {
  addStock,
  countRows,
  levelOf,
  makeLocation,
  makeProduct,
  makeStore,
  orderBody,
} from './orders.factories.js';
import { createOrderBody } from './orders.schemas.js';
import { createOrder } from './use-cases/create-order.js';

type Created = Order & { allocation: AllocationResult | null };
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}
const fieldsOf = (b: ErrorBody) =>
  (b.error.details.fields as { path: string }[]).map((f) => f.path).sort();

describe(`creating orders (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('stores the lines with default and given prices and totals them with shipping', async () => {
    const store = await makeStore(t.ctx.db);
    const res = await t.call<Created>(
      'POST',
      '/api/orders',
      orderBody(store, {
        lines: [
          { sku: store.blue.sku, qty: 2 },
          { sku: store.mug.sku, qty: 1, unitPrice: 1_000 },
        ],
        shippingAmount: 500,
        allocate: false,
      }),
    );
    assert.equal(res.status, 201);
    const order = res.body;
    assert.equal(order.status, 'open');
    assert.deepEqual(order.totals, { lines: 10_980, shipping: 500, total: 11_480, paid: 11_480 });
    assert.deepEqual(
      order.lines.map((l) => [l.lineNo, l.sku, l.qtyOrdered, l.unitPrice, l.qtyAllocated]),
      [
        [1, store.blue.sku, 2, 4_990, 0],
        [2, store.mug.sku, 1, 1_000, 0],
      ],
    );
    assert.equal(order.placedAt, t.clock.now().toISOString());
    assert.equal(order.promisedAt, '2026-03-03T09:00:00.000Z');
    assert.equal(order.allocation, null);
    const read = await t.call<Order>('GET', `/api/orders/${order.id}`);
    assert.deepEqual(read.body.totals, order.totals);
  });

  it('promises three days out for the national zone and keeps a given paid amount', async () => {
    const store = await makeStore(t.ctx.db);
    const res = await t.call<Created>(
      'POST',
      '/api/orders',
      orderBody(store, {
        shippingZone: 'national',
        placedAt: '2026-03-01T10:00:00+01:00',
        paidAmount: 0,
        paymentMethod: 'transfer',
        allocate: false,
      }),
    );
    assert.equal(res.status, 201);
    assert.equal(res.body.placedAt, '2026-03-01T09:00:00.000Z');
    assert.equal(res.body.promisedAt, '2026-03-04T09:00:00.000Z');
    assert.equal(res.body.totals.paid, 0);
  });

  it('answers a repeat of the same order with 200 and the existing order', async () => {
    const store = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, store.blue.id, store.w1.id, 5);
    const body = orderBody(store, { lines: [{ sku: store.blue.sku, qty: 2 }] });
    const first = await t.call<Created>('POST', '/api/orders', body);
    const ordersBefore = await countRows(t.ctx.db, 'orders');
    const second = await t.call<Created>('POST', '/api/orders', body);
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.body.id, first.body.id);
    assert.equal(second.body.allocation, null);
    assert.equal(await countRows(t.ctx.db, 'orders'), ordersBefore);
    assert.deepEqual(await levelOf(t.ctx.db, store.blue.id, store.w1.id), {
      onHand: 5,
      reserved: 2,
    });
  });

  it('refuses a repeat with other content with 409 naming what differs', async () => {
    const store = await makeStore(t.ctx.db);
    const body = orderBody(store, { lines: [{ sku: store.blue.sku, qty: 1 }], allocate: false });
    const first = await t.call<Created>('POST', '/api/orders', body);
    const other = await makeStore(t.ctx.db);
    const ordersBefore = await countRows(t.ctx.db, 'orders');
    const res = await t.call<ErrorBody>('POST', '/api/orders', {
      ...body,
      customerId: other.customerId,
      lines: [{ sku: store.blue.sku, qty: 3, unitPrice: 4_990 }],
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'idempotency_conflict');
    assert.equal(res.body.error.details.orderId, first.body.id);
    assert.deepEqual(res.body.error.details.differences, [
      { field: 'customerId', stored: store.customerId, requested: other.customerId },
      { field: 'lines.0.qty', stored: 1, requested: 3 },
    ]);
    assert.equal(await countRows(t.ctx.db, 'orders'), ordersBefore);
  });

  it('creates one order, reserved once, when two identical requests race', async () => {
    const store = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, store.blue.id, store.w1.id, 10);
    const body = orderBody(store, { lines: [{ sku: store.blue.sku, qty: 3 }] });
    const ordersBefore = await countRows(t.ctx.db, 'orders');
    const [a, b] = await Promise.all([
      t.call<Created>('POST', '/api/orders', body),
      t.call<Created>('POST', '/api/orders', body),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 201]);
    assert.equal(a.body.id, b.body.id);
    assert.equal(await countRows(t.ctx.db, 'orders'), ordersBefore + 1);
    assert.deepEqual(await levelOf(t.ctx.db, store.blue.id, store.w1.id), {
      onHand: 10,
      reserved: 3,
    });
  });

  it(
    'answers a request that waited on an uncommitted duplicate with the winner’s order',
    {
      skip:
        dialect === 'sqlite'
          ? 'SQLite runs one writer at a time (begin immediate): the second cannot start first'
          : false,
    },
    async () => {
      const store = await makeStore(t.ctx.db);
      const body = orderBody(store, { lines: [{ sku: store.mug.sku, qty: 1 }], allocate: false });
      const ref = { now: t.clock.now().toISOString(), actor: 'test' };
      const first = await t.ctx.db.startTransaction().execute();
      const created = await createOrder(first, createOrderBody.parse(body), ref);
      // The second request finds no committed order, so it reaches the insert and waits there.
      const second = t.call<Created>('POST', '/api/orders', body);
      await waitForBlockedQuery(t);
      await first.commit().execute();
      const res = await second;
      assert.equal(res.status, 200);
      assert.equal(res.body.id, created.order.id);
    },
  );

  it('rejects a negative quantity naming lines.0.qty and stores nothing', async () => {
    const store = await makeStore(t.ctx.db);
    const before = [await countRows(t.ctx.db, 'orders'), await countRows(t.ctx.db, 'order_lines')];
    const res = await t.call<ErrorBody>(
      'POST',
      '/api/orders',
      orderBody(store, { lines: [{ sku: store.blue.sku, qty: -1 }] }),
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_error');
    assert.deepEqual(fieldsOf(res.body), ['lines.0.qty']);
    assert.deepEqual(
      [await countRows(t.ctx.db, 'orders'), await countRows(t.ctx.db, 'order_lines')],
      before,
    );
  });

  it('rejects an unknown SKU naming lines.1.sku and stores nothing', async () => {
    const store = await makeStore(t.ctx.db);
    await addStock(t.ctx.db, store.blue.id, store.w1.id, 5);
    const before = [
      await countRows(t.ctx.db, 'orders'),
      await countRows(t.ctx.db, 'order_lines'),
      await countRows(t.ctx.db, 'inventory_movements'),
    ];
    const res = await t.call<ErrorBody>(
      'POST',
      '/api/orders',
      orderBody(store, {
        lines: [
          { sku: store.blue.sku, qty: 1 },
          { sku: 'NO-SUCH-SKU', qty: 1 },
        ],
      }),
    );
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['lines.1.sku']);
    assert.deepEqual(
      [
        await countRows(t.ctx.db, 'orders'),
        await countRows(t.ctx.db, 'order_lines'),
        await countRows(t.ctx.db, 'inventory_movements'),
      ],
      before,
    );
  });

  it('rejects a product priced in another currency unless the line gives the price', async () => {
    const store = await makeStore(t.ctx.db);
    const dollars = await makeProduct(t.ctx.db, { sku: 'USD-CAP', currency: 'USD', price: 900 });
    const ordersBefore = await countRows(t.ctx.db, 'orders');
    const blueLine = { sku: store.blue.sku, qty: 1 };
    const lines = [blueLine, { sku: dollars.sku, qty: 1 }];
    const res = await t.call<ErrorBody>('POST', '/api/orders', orderBody(store, { lines }));
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['lines.1.unitPrice']);
    assert.equal(await countRows(t.ctx.db, 'orders'), ordersBefore);

    const priced = [blueLine, { sku: dollars.sku, qty: 1, unitPrice: 850 }];
    const ok = await t.call<Created>(
      'POST',
      '/api/orders',
      orderBody(store, { lines: priced, allocate: false }),
    );
    assert.equal(ok.status, 201);
    assert.equal(ok.body.totals.total, 4_990 + 850);
  });

  it('names every bad reference at once: customer, pickup store, paid amount', async () => {
    const store = await makeStore(t.ctx.db);
    const ordersBefore = await countRows(t.ctx.db, 'orders');
    const res = await t.call<ErrorBody>(
      'POST',
      '/api/orders',
      orderBody(store, {
        customerId: 'cus_nobody',
        deliveryMethod: 'pickup',
        pickupLocationId: store.s2.id,
        paidAmount: 999_999,
      }),
    );
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['customerId', 'paidAmount', 'pickupLocationId']);
    assert.equal(await countRows(t.ctx.db, 'orders'), ordersBefore);
  });

  it('requires a pickup store exactly for pickup orders', async () => {
    const store = await makeStore(t.ctx.db);
    const missing = await t.call<ErrorBody>(
      'POST',
      '/api/orders',
      orderBody(store, { deliveryMethod: 'pickup' }),
    );
    assert.equal(missing.status, 400);
    assert.deepEqual(fieldsOf(missing.body), ['pickupLocationId']);
    const warehouse = await t.call<ErrorBody>(
      'POST',
      '/api/orders',
      orderBody(store, { deliveryMethod: 'pickup', pickupLocationId: store.w1.id }),
    );
    assert.deepEqual(fieldsOf(warehouse.body), ['pickupLocationId']);
    const closed = await makeLocation(t.ctx.db, { kind: 'store', active: false });
    const inactive = await t.call<ErrorBody>(
      'POST',
      '/api/orders',
      orderBody(store, { deliveryMethod: 'pickup', pickupLocationId: closed.id }),
    );
    assert.deepEqual(fieldsOf(inactive.body), ['pickupLocationId']);
    const onShip = await t.call<ErrorBody>(
      'POST',
      '/api/orders',
      orderBody(store, { pickupLocationId: store.s1.id }),
    );
    assert.deepEqual(fieldsOf(onShip.body), ['pickupLocationId']);
  });
});

/** Waits until some PostgreSQL session is blocked on a lock: the second request's insert. */
async function waitForBlockedQuery(t: TestApp): Promise<void> {
  const { sql } = await import('kysely');
  for (let i = 0; i < 500; i++) {
    const res = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(t.ctx.db);
    if ((res.rows[0]?.n ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the second request never waited on the first transaction');
}
