import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  carrierEventTypes,
  daysLate,
  nextSlot,
  pickShipment,
  type CarrierEventType,
} from './carriers.js';
import { planEffects, type PlanStep, type Situation } from './effect-plan.js';

const PROMISE = '2026-03-03T09:00:00.000Z';
const NOW = '2026-03-02T12:00:00.000Z';

function situation(o: Partial<Situation> & { status?: Situation['shipment']['status'] } = {}) {
  const { status, ...rest } = o;
  return {
    now: NOW,
    shipment: {
      status: status ?? 'shipped',
      kind: 'outbound',
      shippedAt: '2026-03-02T10:00:00.000Z',
    },
    promisedAt: PROMISE,
    open: [],
    previousEta: null,
    ...rest,
  } satisfies Situation;
}

function ev(type: CarrierEventType, o: { newEta?: string; occurredAt?: string } = {}) {
  return {
    carrier: 'dhl',
    eventId: 'E1',
    type,
    occurredAt: o.occurredAt ?? '2026-03-02T11:00:00.000Z',
    trackingNumber: 'T1',
    newEta: o.newEta ?? null,
    location: null,
    description: null,
  };
}

const kinds = (steps: PlanStep[]) =>
  steps.map((s) => (s.kind === 'open' ? `open:${s.type}:${s.severity}` : s.kind));

describe('carrier effect plan', () => {
  it('plans every event type on a shipped shipment with nothing open', () => {
    const late = '2026-03-05T09:00:00.000Z';
    const expected: Record<CarrierEventType, string[]> = {
      label_created: [],
      in_transit: [],
      out_for_delivery: [],
      delayed: ['open:late_delivery:low'],
      exception: [],
      damaged: ['open:damaged:medium'],
      lost: ['open:lost:high'],
      delivered: ['deliver'],
      returned_to_sender: ['open:other:medium'],
    };
    for (const type of carrierEventTypes) {
      const newEta = type === 'delayed' ? late : undefined;
      assert.deepEqual(kinds(planEffects(ev(type, { newEta }), situation())), expected[type], type);
    }
  });

  it('opens late_delivery for any ETA past the promise before delivery, and nothing after it', () => {
    const late = { newEta: '2026-03-04T10:00:00.000Z' };
    for (const type of ['label_created', 'in_transit', 'out_for_delivery', 'exception'] as const) {
      assert.deepEqual(kinds(planEffects(ev(type, late), situation())), ['open:late_delivery:low']);
    }
    const [step] = planEffects(ev('delayed', late), situation({ status: 'packed' }));
    assert.ok(step?.kind === 'open');
    assert.deepEqual(
      [step.facts.promisedAt, step.facts.newEta, step.facts.daysLate],
      [PROMISE, late.newEta, 2],
    );
    assert.deepEqual(planEffects(ev('delayed', late), situation({ status: 'delivered' })), []);
    assert.deepEqual(planEffects(ev('delayed', late), situation({ status: 'cancelled' })), []);
    assert.deepEqual(planEffects(ev('delayed', { newEta: PROMISE }), situation()), []);
  });

  it('notes a moved ETA on the open late_delivery, once per ETA', () => {
    const open = [{ id: 'inc_1', type: 'late_delivery' as const }];
    const eta = '2026-03-06T09:00:00.000Z';
    const steps = planEffects(ev('delayed', { newEta: eta }), situation({ open }));
    assert.deepEqual(steps, [
      {
        kind: 'note',
        incidentId: 'inc_1',
        message: 'dhl event E1: new delivery estimate 2026-03-06 (3 day(s) after the promise)',
      },
    ]);
    assert.deepEqual(
      planEffects(ev('in_transit', { newEta: eta }), situation({ open, previousEta: eta })),
      [],
    );
  });

  it('delivers at the carrier’s time, within the shipping time and now, and opens late_delivery when late', () => {
    const onTime = planEffects(ev('delivered'), situation());
    assert.deepEqual(onTime, [{ kind: 'deliver', deliveredAt: '2026-03-02T11:00:00.000Z' }]);
    const early = planEffects(
      ev('delivered', { occurredAt: '2026-03-01T00:00:00.000Z' }),
      situation(),
    );
    assert.deepEqual(early, [{ kind: 'deliver', deliveredAt: '2026-03-02T10:00:00.000Z' }]);
    const ahead = planEffects(
      ev('delivered', { occurredAt: '2026-03-02T12:03:00.000Z' }),
      situation(),
    );
    assert.deepEqual(ahead, [{ kind: 'deliver', deliveredAt: NOW }]);

    const lateAt = '2026-03-04T10:00:00.000Z';
    const late = planEffects(ev('delivered', { occurredAt: lateAt }), situation({ now: lateAt }));
    assert.deepEqual(kinds(late), ['deliver', 'open:late_delivery:low']);
    assert.ok(late[1]?.kind === 'open');
    assert.deepEqual(late[1].facts.daysLate, 2);
    assert.equal(late[1].facts.deliveredAt, lateAt);
  });

  it('notes a delivery on every open incident instead of opening a second late_delivery', () => {
    const lateAt = '2026-03-04T10:00:00.000Z';
    const open = [
      { id: 'inc_2', type: 'damaged' as const },
      { id: 'inc_1', type: 'late_delivery' as const },
    ];
    const steps = planEffects(
      ev('delivered', { occurredAt: lateAt }),
      situation({ now: lateAt, open }),
    );
    assert.deepEqual(kinds(steps), ['deliver', 'note', 'note']);
    assert.deepEqual(
      steps.flatMap((s) => (s.kind === 'note' ? [s.incidentId] : [])),
      ['inc_2', 'inc_1'],
    );
  });

  it('ignores a delivery of a shipment not in transit', () => {
    for (const status of ['pending', 'packed', 'delivered', 'cancelled'] as const) {
      assert.deepEqual(planEffects(ev('delivered'), situation({ status })), [], status);
    }
  });

  it('notes damage, loss, exceptions and returns on what is open', () => {
    const open = [
      { id: 'inc_new', type: 'lost' as const },
      { id: 'inc_old', type: 'damaged' as const },
    ];
    const target = (type: CarrierEventType) =>
      planEffects(ev(type), situation({ open })).map((s) =>
        s.kind === 'note' ? s.incidentId : s.kind,
      );
    assert.deepEqual(target('damaged'), ['inc_old']);
    assert.deepEqual(target('lost'), ['inc_new']);
    assert.deepEqual(target('exception'), ['inc_new']);
    assert.deepEqual(target('returned_to_sender'), ['inc_new']);
  });

  it('raises a damaged replacement to high and suggests carrier damage', () => {
    const reship = situation();
    const [step] = planEffects(ev('damaged'), {
      ...reship,
      shipment: { ...reship.shipment, kind: 'reship' },
    });
    assert.ok(step?.kind === 'open');
    assert.deepEqual([step.severity, step.rootCause], ['high', 'carrier_damage']);
  });
});

describe('carrier event rules', () => {
  it('counts whole days late, rounding up', () => {
    assert.equal(daysLate(PROMISE, PROMISE), 0);
    assert.equal(daysLate(PROMISE, '2026-03-02T09:00:00.000Z'), 0);
    assert.equal(daysLate(PROMISE, '2026-03-03T09:00:00.001Z'), 1);
    assert.equal(daysLate(PROMISE, '2026-03-05T09:00:00.000Z'), 2);
    assert.equal(daysLate(PROMISE, '2026-03-05T10:00:00.000Z'), 3);
  });

  it('picks the shipment of the same carrier, else the newest', () => {
    const a = { id: 'shp_b', orderId: 'o', carrier: 'UPS', trackingNumber: 'T' };
    const b = { id: 'shp_a', orderId: 'o', carrier: 'DHL', trackingNumber: 'T' };
    assert.equal(pickShipment([a, b], 'dhl')?.id, 'shp_a');
    assert.equal(pickShipment([a, b], 'gls')?.id, 'shp_b');
    assert.equal(pickShipment([], 'dhl'), undefined);
  });

  it('rounds match runs up to the next slot', () => {
    assert.equal(
      nextSlot(new Date('2026-03-02T09:00:00.000Z'), 60_000),
      '2026-03-02T09:01:00.000Z',
    );
    assert.equal(
      nextSlot(new Date('2026-03-02T09:03:10.000Z'), 300_000),
      '2026-03-02T09:05:00.000Z',
    );
  });
});
