import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../../test/harness.js';
import { addMs, DAY, HOUR } from '../../shared/clock.js';
import {
  answerSurvey,
  closeOrder,
  escalate,
  issueRefund,
  makeCustomer,
  makeWorld,
  moveIncident,
  notifyCustomer,
  openIncident,
  packSession,
  placeOrder,
  recordCost,
  returnUnits,
  setRootCause,
  survey,
  type PlacedOrder,
  type World,
} from './analytics.factories.js';
import { foldChanges, rebuildAggregates } from './use-cases/fold.js';
import { verifyAggregates } from './use-cases/verify.js';
import { readDaily } from './aggregates.repository.js';

/** A small seeded generator, so a failing sequence can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)],
  };
}

interface LiveIncident {
  id: string;
  state: string;
  order: PlacedOrder | null;
  customerId: string | null;
}

describe('daily aggregates: incremental fold equals full recomputation', () => {
  let tdb: TestDb;
  before(async () => {
    tdb = await createTestDb();
  });
  after(() => tdb.drop());

  for (const seed of [7, 42, 2026, 9, 31337]) {
    it(`after a random sequence of orders, incidents, refunds, surveys and costs (seed ${seed})`, async () => {
      const db = tdb.handle.db;
      const rnd = random(seed);
      let now = `2026-0${1 + (seed % 3)}-05T08:00:00.000Z`;
      const world: World = await makeWorld(db, {
        locations: 3,
        suppliers: 2,
        products: 4,
        at: now,
      });
      const customers: string[] = [];
      for (let i = 0; i < 100; i++)
        customers.push(await makeCustomer(db, now, i === 0 ? 'vip' : 'b2c'));
      const open: PlacedOrder[] = [];
      const closed: PlacedOrder[] = [];
      const incidents: LiveIncident[] = [];
      const surveys: string[] = [];
      await rebuildAggregates(db, now);

      const actions: (() => Promise<void>)[] = [
        async () => {
          const lines = Array.from({ length: 1 + rnd.int(3) }, () => ({
            productId: rnd.pick(world.products)?.id ?? '',
            qty: 1 + rnd.int(2),
          }));
          open.push(
            await placeOrder(db, {
              // A few regulars order again within 30 days; most customers rarely do.
              customerId: rnd.pick(rnd.next() < 0.4 ? customers.slice(0, 4) : customers) ?? '',
              placedAt: now,
              promisedAt: addMs(now, (1 + rnd.int(3)) * DAY),
              locationId: rnd.pick(world.locations) ?? '',
              carrier: rnd.pick(['dhl', 'ups']),
              channel: rnd.pick(['web', 'store']),
              lines,
            }),
          );
        },
        async () => {
          const order = open.splice(rnd.int(open.length), 1)[0];
          if (!order) return;
          const delivered = order.lineIds.map(() => rnd.int(3));
          // A delivery recorded after the fact closes the order in the past.
          await closeOrder(db, order, now, delivered, addMs(now, -rnd.int(30) * HOUR));
          closed.push(order);
        },
        async () => {
          const order = rnd.pick(open);
          if (!order) return;
          await packSession(db, {
            shipmentId: order.shipmentId,
            orderId: order.id,
            locationId: world.locations[0] ?? '',
            packer: rnd.pick(['ana', 'rui']) ?? 'ana',
            at: now,
          });
        },
        async () => {
          const order = rnd.next() < 0.8 ? (rnd.pick([...open, ...closed]) ?? null) : null;
          const customerId = order ? null : (rnd.pick(customers) ?? null);
          const caught = order !== null && rnd.next() < 0.15;
          const id = await openIncident(db, {
            type:
              rnd.pick(['wrong_item', 'missing_item', 'damaged', 'late_delivery', 'lost']) ??
              'other',
            detectedAt: now,
            ...(order && { orderId: order.id, shipmentId: order.shipmentId }),
            ...(customerId && { customerId }),
            ...(rnd.next() < 0.5 && { locationId: rnd.pick(world.locations) }),
            ...(order && rnd.next() < 0.6 && { lineIds: [rnd.pick(order.lineIds) ?? ''] }),
            state: caught ? 'caught' : 'detected',
          });
          if (order) {
            const row = await db
              .selectFrom('orders')
              .select('customer_id')
              .where('id', '=', order.id)
              .executeTakeFirstOrThrow();
            await db
              .updateTable('incidents')
              .set({ customer_id: row.customer_id })
              .where('id', '=', id)
              .execute();
          }
          incidents.push({ id, state: caught ? 'caught' : 'detected', order, customerId });
        },
        async () => {
          const i = rnd.pick(
            incidents.filter((x) => !['closed', 'dismissed', 'caught'].includes(x.state)),
          );
          if (!i) return;
          const next: Record<string, string[]> = {
            detected: ['verified', 'verified', 'dismissed'],
            verified: ['resolving'],
            resolving: ['resolved'],
            resolved: ['closed', 'reopened'],
            reopened: ['resolving'],
          };
          const to = rnd.pick(next[i.state] ?? []);
          if (!to) return;
          await moveIncident(db, i.id, to as 'verified', now);
          i.state = to;
          if (to === 'reopened' && rnd.next() < 0.7) {
            // Resolved again before the next fold: the first resolution's day must lose it.
            await moveIncident(db, i.id, 'resolving', now);
            await moveIncident(db, i.id, 'resolved', now);
            i.state = 'resolved';
          }
        },
        async () => {
          const i = rnd.pick(incidents);
          if (!i) return;
          const r = rnd.next();
          if (r < 0.4) await notifyCustomer(db, i.id, now);
          else if (r < 0.7) await escalate(db, i.id, now);
          else
            await setRootCause(
              db,
              i.id,
              rnd.pick(['picking_error', 'carrier_damage']) ?? 'other',
              now,
            );
        },
        async () => {
          const order = rnd.pick(closed);
          if (order) await returnUnits(db, order.id, rnd.pick(order.lineIds) ?? '', now);
        },
        async () => {
          const i = rnd.pick(incidents.filter((x) => x.order && x.state !== 'detected'));
          if (i?.order) {
            await issueRefund(db, {
              orderId: i.order.id,
              incidentId: i.id,
              requestedAt: now,
              issuedAt: now,
            });
          }
        },
        async () => {
          const i = rnd.pick(
            incidents.filter((x) => x.state === 'resolved' || x.state === 'closed'),
          );
          const row =
            i &&
            (await db
              .selectFrom('incidents')
              .select('customer_id')
              .where('id', '=', i.id)
              .executeTakeFirst());
          const taken =
            i &&
            (await db
              .selectFrom('surveys')
              .select('id')
              .where('incident_id', '=', i.id)
              .executeTakeFirst());
          if (i && row?.customer_id && !taken) {
            surveys.push(
              await survey(db, { incidentId: i.id, customerId: row.customer_id, sentAt: now }),
            );
          }
        },
        async () => {
          const id = surveys.pop();
          if (id) await answerSurvey(db, id, 1 + rnd.int(5), now);
        },
        async () => {
          const i = rnd.pick(incidents);
          if (!i) return;
          await recordCost(db, {
            incidentId: i.id,
            amount: 100 * (1 + rnd.int(50)),
            party: rnd.pick(['warehouse', 'carrier']) ?? 'system',
            kind: rnd.pick(['refund', 'reship']) ?? 'refund',
            at: now,
          });
        },
        async () => {
          // Attributes whose owner rows also change for unrelated reasons.
          const p = rnd.pick(world.products);
          if (p) {
            await db
              .updateTable('products')
              .set({ supplier_id: rnd.pick(world.suppliers) ?? null, updated_at: now })
              .where('id', '=', p.id)
              .execute();
          }
          const c = rnd.pick(customers);
          if (c) {
            await db
              .updateTable('customers')
              .set({ tier: rnd.pick(['b2c', 'vip', 'b2b']) ?? 'b2c', updated_at: now })
              .where('id', '=', c)
              .execute();
          }
        },
      ];

      for (let step = 0; step < 300; step++) {
        now = addMs(now, (1 + rnd.int(600)) * 60_000);
        const weights = [5, 4, 2, 3, 5, 3, 1, 1, 2, 2, 1, 1];
        let roll = rnd.int(weights.reduce((a, b) => a + b, 0));
        let index = 0;
        while (roll >= (weights[index] ?? 0)) roll -= weights[index++] ?? 0;
        await actions[index]?.();
        if (rnd.next() < 0.12) await foldChanges(db, now);
      }
      now = addMs(now, HOUR);
      const result = await verifyAggregates(db, now);
      assert.deepEqual(result.differences.slice(0, 3), []);
      assert.ok(result.days > 10, `the sequence spans days (${result.days})`);
      const totals = await readDaily(db, { dims: ['all'], from: '2026-01-01', to: '2026-12-31' });
      assert.ok(totals.some((r) => r.counts.orders_closed > 0 && r.counts.incidents > 0));
    });
  }

  it('turns a resolution and a delivery into repeats when their customer orders again within 30 days', async () => {
    const db = tdb.handle.db;
    const day = (d: number, h = 10) =>
      `2027-05-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
    const world = await makeWorld(db, { at: day(1) });
    const customer = await makeCustomer(db, day(1));
    const order = (d: number) =>
      placeOrder(db, {
        customerId: customer,
        placedAt: day(d),
        promisedAt: day(d + 3),
        locationId: world.locations[0] ?? '',
        lines: [{ productId: world.products[0]?.id ?? '', qty: 1 }],
      });
    const first = await order(1);
    await closeOrder(db, first, day(2));
    const second = await order(2);
    await closeOrder(db, second, day(3));
    const incident = await openIncident(db, {
      type: 'damaged',
      detectedAt: day(3, 12),
      orderId: second.id,
      customerId: customer,
    });
    await moveIncident(db, incident, 'verified', day(3, 13));
    await moveIncident(db, incident, 'resolving', day(3, 14));
    await moveIncident(db, incident, 'resolved', day(5, 15));
    await foldChanges(db, day(6));
    // Two orders in one fold window, days later: the delivery of day 2 (the second order was
    // placed as it arrived, not after) and the resolution of day 5 become repeats.
    await order(12);
    await order(13);
    await foldChanges(db, day(14));
    const rows = await readDaily(db, { dims: ['all'], from: '2027-05-01', to: '2027-05-31' });
    const on = (d: string) => rows.find((r) => r.day === d)?.counts;
    assert.deepEqual([on('2027-05-02')?.control_orders, on('2027-05-02')?.control_repeat], [1, 1]);
    assert.deepEqual([on('2027-05-05')?.repeat_base, on('2027-05-05')?.repeat_hits], [1, 1]);
    assert.deepEqual((await verifyAggregates(db, day(14, 11))).differences, []);
  });

  it('reports a difference when an aggregate row was changed behind its back', async () => {
    const db = tdb.handle.db;
    const now = '2026-06-01T00:00:00.000Z';
    await foldChanges(db, now);
    const row = await db
      .selectFrom('analytics_daily')
      .select(['day', 'dim', 'key'])
      .where('dim', '=', 'all')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('analytics_daily')
      .set((eb) => ({ orders_closed: eb('orders_closed', '+', 1) }))
      .where('day', '=', row.day)
      .where('dim', '=', 'all')
      .execute();
    const { differences } = await verifyAggregates(db, now);
    assert.deepEqual(
      differences.map((d) => d.key),
      [`${row.day}/all/all`],
    );
    // Put it back for the tests that follow on the same database.
    await db
      .updateTable('analytics_daily')
      .set((eb) => ({ orders_closed: eb('orders_closed', '-', 1) }))
      .where('day', '=', row.day)
      .where('dim', '=', 'all')
      .execute();
  });

  /** Hours of one month, and one customer's single-line order placed on a day of it. */
  async function oneOrderMonth(db: TestDb['handle']['db'], month: string) {
    const day = (d: number, h = 10) =>
      `${month}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
    const world = await makeWorld(db, { at: day(1) });
    const customer = await makeCustomer(db, day(1));
    const placed = await placeOrder(db, {
      customerId: customer,
      placedAt: day(1),
      promisedAt: day(4),
      locationId: world.locations[0] ?? '',
      lines: [{ productId: world.products[0]?.id ?? '', qty: 1 }],
    });
    return { day, customer, placed };
  }

  it('folds only the orders and incidents a change reaches, and a second fold finds nothing new', async () => {
    const db = tdb.handle.db;
    const { day, placed } = await oneOrderMonth(db, '2027-08');
    await foldChanges(db, day(1, 12));
    await closeOrder(db, placed, day(2));
    const first = await foldChanges(db, day(2, 12));
    // The delivered order: one entity, on one day.
    assert.deepEqual([first.mode, first.entities, first.days], ['incremental', 1, 1]);
    const again = await foldChanges(db, day(2, 13));
    assert.deepEqual([again.entities, again.days], [0, 0]);
    assert.deepEqual((await verifyAggregates(db, day(2, 14))).differences, []);
  });

  it('rebuilds from scratch when the aggregates are out of step with the facts they hold', async () => {
    const db = tdb.handle.db;
    const { day, customer, placed } = await oneOrderMonth(db, '2027-09');
    await closeOrder(db, placed, day(2));
    await foldChanges(db, day(2, 12));
    // The day's rows vanish behind the fold's back; then the order counts differently.
    await db.deleteFrom('analytics_daily').where('day', '=', '2027-09-02').execute();
    const incident = await openIncident(db, {
      type: 'damaged',
      detectedAt: day(3),
      orderId: placed.id,
      customerId: customer,
    });
    assert.ok(incident);
    const result = await foldChanges(db, day(3, 12));
    assert.equal(result.mode, 'rebuild');
    assert.deepEqual((await verifyAggregates(db, day(3, 13))).differences, []);
  });
});
