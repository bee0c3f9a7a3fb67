import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../db/database.js';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import type { LedgerEntry, PurchaseOrder } from './inventory.js';
import { levelOf, makeLocation, makeProduct, makePurchaseOrder } from './inventory.factories.js';
import { nextInbound } from './purchase-orders.service.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
type Receipt = { purchaseOrder: PurchaseOrder; movements: LedgerEntry[] };

const base = '/api/inventory/purchase-orders';

function fieldsOf(body: unknown): string[] {
  const fields = (body as ErrorBody).error.details?.fields as { path: string }[] | undefined;
  return (fields ?? []).map((f) => f.path).sort();
}

describe(`purchase orders over HTTP: receipts, cancel, restock dates (${dialect})`, () => {
  let t: TestApp;
  let db: Db;
  before(async () => {
    t = await createTestApp();
    db = t.testDb.handle.db;
  });
  after(() => t.close());

  it('receives part of an order into stock with purchase_order movements, then the rest', async () => {
    const [a, b] = [await makeProduct(db), await makeProduct(db)];
    const po = await makePurchaseOrder(db, [
      { sku: a.sku, qty: 5 },
      { sku: b.sku, qty: 3 },
    ]);
    t.clock.set(new Date('2026-03-09T15:00:00.000Z'));
    const part = await t.call<Receipt>('POST', `${base}/${po.id}/receipts`, {
      lines: [{ sku: a.sku, qty: 2 }],
    });
    assert.equal(part.status, 200);
    assert.deepEqual(
      [part.body.purchaseOrder.status, part.body.purchaseOrder.receivedAt],
      ['partially_received', '2026-03-09T15:00:00.000Z'],
    );
    assert.deepEqual(
      part.body.purchaseOrder.lines.map((l) => l.qtyOutstanding),
      [3, 3],
    );
    const [m] = part.body.movements;
    assert.deepEqual(
      [m?.kind, m?.sku, m?.onHandDelta, m?.refType, m?.refId, m?.locationId],
      ['receipt', a.sku, 2, 'purchase_order', po.id, po.locationId],
    );
    assert.deepEqual(await levelOf(db, a.id, po.locationId), { onHand: 2, reserved: 0 });

    const rest = await t.call<Receipt>('POST', `${base}/${po.id}/receipts`, {
      lines: [
        { sku: b.sku, qty: 3 },
        { sku: a.sku, qty: 3 },
      ],
    });
    assert.equal(rest.body.purchaseOrder.status, 'received');
    assert.deepEqual(
      rest.body.movements.map((x) => x.sku),
      [b.sku, a.sku],
    );
    const closed = await t.call<ErrorBody>('POST', `${base}/${po.id}/receipts`, {
      lines: [{ sku: a.sku, qty: 1 }],
      allowOver: true,
    });
    assert.equal(closed.status, 409);
    assert.equal(closed.body.error.code, 'invalid_state');
  });

  it('refuses to receive more than ordered unless allowOver, changing nothing', async () => {
    const [a, b] = [await makeProduct(db), await makeProduct(db)];
    const po = await makePurchaseOrder(db, [
      { sku: a.sku, qty: 2 },
      { sku: b.sku, qty: 2 },
    ]);
    const over = await t.call<ErrorBody>('POST', `${base}/${po.id}/receipts`, {
      lines: [
        { sku: b.sku, qty: 1 },
        { sku: a.sku, qty: 3 },
      ],
    });
    assert.equal(over.status, 409);
    assert.equal(over.body.error.code, 'quantity_exceeded');
    assert.deepEqual(
      [over.body.error.details?.item, over.body.error.details?.outstanding],
      ['lines.1', 2],
    );
    const unchanged = await t.call<PurchaseOrder>('GET', `${base}/${po.id}`);
    assert.deepEqual(
      unchanged.body.lines.map((l) => l.qtyReceived),
      [0, 0],
    );
    assert.equal(await levelOf(db, b.id, po.locationId), undefined);

    const allowed = await t.call<Receipt>('POST', `${base}/${po.id}/receipts`, {
      lines: [{ sku: a.sku, qty: 3 }],
      allowOver: true,
    });
    assert.equal(allowed.status, 200);
    assert.deepEqual(
      allowed.body.purchaseOrder.lines.map((l) => [l.qtyReceived, l.qtyOutstanding]),
      [
        [3, 0],
        [0, 2],
      ],
    );
    assert.equal(allowed.body.purchaseOrder.status, 'partially_received');
  });

  it('names a receipt line whose SKU is not on the order, or repeated', async () => {
    const [a, other] = [await makeProduct(db), await makeProduct(db)];
    const po = await makePurchaseOrder(db, [{ sku: a.sku, qty: 2 }]);
    const res = await t.call<ErrorBody>('POST', `${base}/${po.id}/receipts`, {
      lines: [
        { sku: a.sku, qty: 1 },
        { sku: other.sku, qty: 1 },
        { sku: 'NO-SUCH', qty: 1 },
      ],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['lines.1.sku', 'lines.2.sku']);
    const twice = await t.call<ErrorBody>('POST', `${base}/${po.id}/receipts`, {
      lines: [
        { sku: a.sku, qty: 1 },
        { sku: a.sku, qty: 1 },
      ],
    });
    assert.deepEqual(fieldsOf(twice.body), ['lines.1.sku']);
  });

  it('cancels what is outstanding, keeps what was received, and refuses to touch it afterwards', async () => {
    const a = await makeProduct(db);
    const po = await makePurchaseOrder(db, [{ sku: a.sku, qty: 4 }]);
    await t.call('POST', `${base}/${po.id}/receipts`, { lines: [{ sku: a.sku, qty: 1 }] });
    const cancelled = await t.call<PurchaseOrder>('POST', `${base}/${po.id}/cancel`);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.deepEqual(
      cancelled.body.lines.map((l) => [l.qtyReceived, l.qtyOutstanding]),
      [[1, 0]],
    );
    assert.deepEqual(await levelOf(db, a.id, po.locationId), { onHand: 1, reserved: 0 });
    assert.equal(await nextInbound(db, a.id), null);
    for (const res of [
      await t.call<ErrorBody>('POST', `${base}/${po.id}/cancel`),
      await t.call<ErrorBody>('PATCH', `${base}/${po.id}`, { expectedAt: '2026-04-01T00:00:00Z' }),
      await t.call<ErrorBody>('POST', `${base}/${po.id}/receipts`, {
        lines: [{ sku: a.sku, qty: 1 }],
      }),
    ]) {
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'invalid_state');
    }
  });

  it('gives the earliest open order owing units as the restock date, which receipts and delays move', async () => {
    const a = await makeProduct(db);
    const [x, y] = [await makeLocation(db), await makeLocation(db)];
    assert.equal(await nextInbound(db, a.id), null);
    const soon = await makePurchaseOrder(db, [{ sku: a.sku, qty: 5 }], {
      locationId: x,
      expectedAt: '2026-03-05T08:00:00Z',
    });
    const later = await makePurchaseOrder(db, [{ sku: a.sku, qty: 3 }], {
      locationId: y,
      expectedAt: '2026-03-12T08:00:00Z',
    });
    assert.deepEqual(await nextInbound(db, a.id), {
      purchaseOrderId: soon.id,
      reference: soon.reference,
      locationId: x,
      expectedAt: '2026-03-05T08:00:00.000Z',
      qtyOutstanding: 5,
    });
    assert.equal((await nextInbound(db, a.id, { locationId: y }))?.purchaseOrderId, later.id);

    await t.call('POST', `${base}/${soon.id}/receipts`, { lines: [{ sku: a.sku, qty: 2 }] });
    assert.equal((await nextInbound(db, a.id))?.qtyOutstanding, 3);
    await t.call('POST', `${base}/${soon.id}/receipts`, { lines: [{ sku: a.sku, qty: 3 }] });
    assert.deepEqual(
      [(await nextInbound(db, a.id))?.purchaseOrderId, (await nextInbound(db, a.id))?.expectedAt],
      [later.id, '2026-03-12T08:00:00.000Z'],
    );

    const delayed = await t.call<PurchaseOrder>('PATCH', `${base}/${later.id}`, {
      expectedAt: '2026-03-20T08:00:00Z',
    });
    assert.equal(delayed.status, 200);
    assert.equal(delayed.body.expectedAt, '2026-03-20T08:00:00.000Z');
    assert.equal((await nextInbound(db, a.id))?.expectedAt, '2026-03-20T08:00:00.000Z');
    assert.equal(await nextInbound(db, a.id, { locationId: x }), null);
  });
});
