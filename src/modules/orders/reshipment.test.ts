import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, dialect, type TestDb } from '../../test/harness.js';
import { createOrder } from './use-cases/create-order.js';
import { createReshipment, prioritizeShipment } from './use-cases/reshipment.js';
import { deliverShipment, markShipmentPacked, shipShipment } from './use-cases/shipment-steps.js';
import { getOrder } from './orders.service.js';
import { addStock, levelOf, makeStore } from './orders.factories.js';

const ref = { now: '2026-03-02T09:00:00.000Z', actor: 'test' };

describe(`reships and return pickups (${dialect})`, () => {
  let db: TestDb;
  before(async () => {
    db = await createTestDb();
  });
  after(() => db.drop());

  async function deliveredOrder() {
    const s = await makeStore(db.handle.db);
    await addStock(db.handle.db, s.blue.id, s.w1.id, 2);
    return db.handle.db.transaction().execute(async (trx) => {
      const { order } = await createOrder(
        trx,
        {
          channel: 'web',
          externalId: `X-${Math.random()}`,
          customerId: s.customerId,
          shippingZone: 'city',
          currency: 'EUR',
          paymentMethod: 'card',
          lines: [{ sku: s.blue.sku, qty: 1 }],
        },
        ref,
      );
      const shipmentId = order.shipments[0]?.id ?? '';
      await markShipmentPacked(trx, { shipmentId }, ref);
      await shipShipment(trx, { shipmentId }, { carrier: 'DHL' }, ref);
      await deliverShipment(trx, { shipmentId }, {}, ref);
      return { s, order: await getOrder(trx, order.id) };
    });
  }

  it('reserves a reship at its location and leaves the closed order’s lines alone', async () => {
    const { s, order } = await deliveredOrder();
    assert.equal(order.status, 'completed');
    const line = order.lines[0];
    assert.ok(line);
    const reship = await db.handle.db.transaction().execute(async (trx) => {
      const made = await createReshipment(
        trx,
        {
          orderId: order.id,
          kind: 'reship',
          locationId: s.w1.id,
          lines: [{ orderLineId: line.id, productId: s.blue.id, qty: 1 }],
          serviceLevel: 'same_day',
          priority: 10,
          promisedAt: ref.now,
          reason: 'test',
        },
        ref,
      );
      assert.deepEqual(
        await createReshipment(
          trx,
          {
            orderId: order.id,
            kind: 'reship',
            locationId: s.w1.id,
            lines: [{ orderLineId: line.id, productId: s.blue.id, qty: 1 }],
            serviceLevel: 'same_day',
            priority: 10,
            promisedAt: ref.now,
            reason: 'again',
            shipmentId: made.id,
          },
          ref,
        ),
        made,
        'a retry with its id finds it',
      );
      await markShipmentPacked(trx, { shipmentId: made.id }, ref);
      await shipShipment(trx, { shipmentId: made.id }, { carrier: 'DHL' }, ref);
      return deliverShipment(trx, { shipmentId: made.id }, {}, ref);
    });
    assert.deepEqual(
      [reship.kind, reship.status, reship.priority, reship.serviceLevel],
      ['reship', 'delivered', 10, 'same_day'],
    );
    assert.deepEqual(await levelOf(db.handle.db, s.blue.id, s.w1.id), { onHand: 0, reserved: 0 });
    const after = await getOrder(db.handle.db, order.id);
    assert.deepEqual(after.lines[0], line, 'counters unchanged');
  });

  it('collects a return pickup without touching stock, and refuses a priority change once it left', async () => {
    const { s, order } = await deliveredOrder();
    const line = order.lines[0];
    assert.ok(line);
    const before = await levelOf(db.handle.db, s.blue.id, s.w1.id);
    await db.handle.db.transaction().execute(async (trx) => {
      const pickup = await createReshipment(
        trx,
        {
          orderId: order.id,
          kind: 'return_pickup',
          locationId: s.w1.id,
          lines: [{ orderLineId: line.id, productId: s.blue.id, qty: 1 }],
          serviceLevel: 'standard',
          priority: 0,
          promisedAt: null,
          reason: 'test',
        },
        ref,
      );
      const collected = await shipShipment(
        trx,
        { shipmentId: pickup.id },
        { carrier: 'pickup' },
        ref,
      );
      assert.equal(collected.status, 'shipped');
      await assert.rejects(
        prioritizeShipment(trx, pickup.id, { priority: 5 }, ref),
        /already left/,
      );
      await deliverShipment(trx, { shipmentId: pickup.id }, {}, ref);
    });
    assert.deepEqual(await levelOf(db.handle.db, s.blue.id, s.w1.id), before);
  });
});
