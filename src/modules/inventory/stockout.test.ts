import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Executor } from '../../db/database.js';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { createOrder } from '../orders/index.js';
import { MINUTE, makeWorld, orderBody, postFeed, receive } from './truth.factories.js';
import type { StockoutLineFacts } from './use-cases/stockout.js';

interface OrderWithAllocation {
  id: string;
  lines: { id: string; sku: string }[];
  allocation: { unallocated: { lineId: string; sku: string; qty: number }[] };
}
interface Incident {
  id: string;
  type: string;
  source: string;
  customerId: string | null;
  severity: string;
  facts: (StockoutLineFacts & { cause: string; lines: StockoutLineFacts[] }) | null;
}

describe(`stock-outs after a sale (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const stockouts = async (orderId: string) =>
    (await t.call<{ data: Incident[] }>('GET', `/api/incidents?orderId=${orderId}&type=stockout`))
      .body.data;
  const notifyJobs = async (incidentId: string) =>
    (
      await t.ctx.db
        .selectFrom('jobs')
        .select(['payload', 'status'])
        .where('type', '=', 'incident.notify_customer')
        .execute()
    ).filter((j) => (JSON.parse(j.payload) as { incidentId: string }).incidentId === incidentId);

  it('opens one stockout incident with the order when a line cannot be allocated, and queues the notification', async () => {
    const w = await makeWorld(t);
    await receive(t, w.mug.sku, w.w1, 4);
    await postFeed(t, {
      locationId: w.s1,
      kind: 'levels',
      items: [{ sku: w.walnut.sku, onHand: 2, version: 1 }],
    });
    const expectedAt = new Date(t.clock.now().getTime() + 6 * 24 * 60 * MINUTE).toISOString();
    await t.call('POST', '/api/inventory/purchase-orders', {
      reference: `PO-${w.tag}-B`,
      locationId: w.w2,
      expectedAt,
      lines: [{ sku: w.oak.sku, qty: 2 }],
    });
    await t.call('POST', '/api/inventory/purchase-orders', {
      reference: `PO-${w.tag}-A`,
      locationId: w.w1,
      expectedAt: new Date(Date.parse(expectedAt) - 24 * 60 * MINUTE).toISOString(),
      lines: [{ sku: w.oak.sku, qty: 5 }],
    });

    const res = await t.call<OrderWithAllocation>(
      'POST',
      '/api/orders',
      orderBody(w, {
        lines: [
          { sku: w.oak.sku, qty: 2 },
          { sku: w.mug.sku, qty: 1 },
        ],
      }),
    );
    assert.equal(res.status, 201);
    assert.deepEqual(
      res.body.allocation.unallocated.map((u) => [u.sku, u.qty]),
      [[w.oak.sku, 2]],
    );
    const [incident, ...more] = await stockouts(res.body.id);
    assert.ok(incident, 'a stockout incident');
    assert.equal(more.length, 0);
    assert.deepEqual(
      [incident.source, incident.severity, incident.customerId],
      ['inventory', 'high', w.customerId],
    );
    const facts = incident.facts;
    assert.ok(facts);
    assert.deepEqual(
      [facts.sku, facts.qtyShort, facts.cause, facts.orderLineId, facts.elsewhere],
      [w.oak.sku, 2, 'allocation', res.body.lines[0]?.id, []],
    );
    assert.deepEqual(
      facts.substitutes.map((s) => [s.sku, s.price.amount, s.locations.map((l) => l.locationId)]),
      [[w.walnut.sku, 9_900, [w.s1]]],
    );
    assert.deepEqual(facts.nextInbound, {
      expectedAt: new Date(Date.parse(expectedAt) - 24 * 60 * MINUTE).toISOString(),
      reference: `PO-${w.tag}-A`,
      qty: 5,
      locationId: w.w1,
    });
    assert.deepEqual(
      facts.options.map((o) => o.type),
      ['wait_for_restock', 'reserve_substitute_in_store', 'cancel_line_refund'],
    );
    assert.deepEqual(facts.options.at(-1), {
      type: 'cancel_line_refund',
      amount: 17_800,
      currency: 'EUR',
    });
    assert.equal((await notifyJobs(incident.id)).length, 1);
  });

  it('does not open a second incident while the order has an open one', async () => {
    const w = await makeWorld(t);
    const res = await t.call<OrderWithAllocation>('POST', '/api/orders', orderBody(w));
    assert.equal((await stockouts(res.body.id)).length, 1);
    const again = await t.call<OrderWithAllocation>(
      'POST',
      `/api/orders/${res.body.id}/allocations`,
      {},
    );
    assert.equal(again.status, 200);
    assert.equal(again.body.allocation.unallocated[0]?.qty, 1);
    assert.equal((await stockouts(res.body.id)).length, 1);
  });

  it('opens one on an explicit allocation that leaves units short, and none when it fills', async () => {
    const w = await makeWorld(t);
    const order = await t.call<OrderWithAllocation>(
      'POST',
      '/api/orders',
      orderBody(w, { allocate: false, lines: [{ sku: w.mug.sku, qty: 3 }] }),
    );
    assert.deepEqual(await stockouts(order.body.id), [], 'no allocation, no stock-out yet');
    await receive(t, w.mug.sku, w.w1, 1);
    const short = await t.call<OrderWithAllocation>(
      'POST',
      `/api/orders/${order.body.id}/allocations`,
      {},
    );
    assert.equal(short.body.allocation.unallocated[0]?.qty, 2);
    const [incident] = await stockouts(order.body.id);
    assert.equal(incident?.facts?.qtyShort, 2);

    await receive(t, w.mug.sku, w.w1, 5);
    const filled = await t.call<OrderWithAllocation>(
      'POST',
      '/api/orders',
      orderBody(w, { lines: [{ sku: w.mug.sku, qty: 5 }] }),
    );
    assert.deepEqual(filled.body.allocation.unallocated, []);
    assert.deepEqual(await stockouts(filled.body.id), []);
  });

  it('opens the incident in the order’s transaction: both or neither', async () => {
    const w = await makeWorld(t);
    const count = async (db: Executor) =>
      Number(
        (
          await db
            .selectFrom('incidents')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count(t.ctx.db);
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        const res = await createOrder(
          trx,
          {
            channel: 'web',
            externalId: `EXT-${w.tag}`,
            customerId: w.customerId,
            shippingZone: 'city',
            currency: 'EUR',
            paymentMethod: 'card',
            lines: [{ sku: w.oak.sku, qty: 1 }],
          },
          { now: t.clock.now().toISOString(), actor: 'test' },
        );
        assert.equal(res.allocation?.unallocated.length, 1);
        assert.equal(await count(trx), before + 1);
        throw new Error('the caller fails after the order');
      }),
      /the caller fails/,
    );
    assert.equal(await count(t.ctx.db), before);
  });
});
