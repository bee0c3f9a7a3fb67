import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  closingStatus,
  defaultPromisedAt,
  nextShipmentStatus,
  shipmentKinds,
  shipmentStatuses,
  shipmentSteps,
  type ShipmentKind,
  type ShipmentStatus,
  type ShipmentStep,
} from './orders.js';

describe('shipment transitions', () => {
  // The whole table, written out: every status × step × kind not listed here is refused.
  const allowed: [ShipmentStatus, ShipmentStep, ShipmentKind | '*', ShipmentStatus][] = [
    ['pending', 'pack', '*', 'packed'],
    ['pending', 'ship', 'pickup', 'shipped'],
    ['pending', 'ship', 'return_pickup', 'shipped'],
    ['pending', 'cancel', '*', 'cancelled'],
    ['packed', 'ship', '*', 'shipped'],
    ['packed', 'cancel', '*', 'cancelled'],
    ['shipped', 'deliver', '*', 'delivered'],
  ];

  for (const status of shipmentStatuses) {
    for (const step of shipmentSteps) {
      for (const kind of shipmentKinds) {
        const rule = allowed.find(
          ([s, st, k]) => s === status && st === step && (k === '*' || k === kind),
        );
        const expected = rule ? rule[3] : null;
        it(`${kind} shipment ${status} --${step}--> ${expected ?? 'refused'}`, () => {
          assert.equal(nextShipmentStatus({ status, kind }, step), expected);
        });
      }
    }
  }
});

describe('order closing', () => {
  it('stays open while a line has units neither delivered nor cancelled', () => {
    assert.equal(
      closingStatus([
        { qtyOrdered: 2, qtyDelivered: 2, qtyCancelled: 0 },
        { qtyOrdered: 3, qtyDelivered: 1, qtyCancelled: 1 },
      ]),
      null,
    );
  });

  it('completes when every unit is delivered or cancelled and something was delivered', () => {
    assert.equal(
      closingStatus([
        { qtyOrdered: 2, qtyDelivered: 2, qtyCancelled: 0 },
        { qtyOrdered: 3, qtyDelivered: 0, qtyCancelled: 3 },
      ]),
      'completed',
    );
  });

  it('is cancelled when every unit was cancelled and nothing delivered', () => {
    assert.equal(closingStatus([{ qtyOrdered: 2, qtyDelivered: 0, qtyCancelled: 2 }]), 'cancelled');
  });
});

describe('default promise', () => {
  it('promises the next day in the city zone and three days nationally', () => {
    const placed = '2026-03-02T09:00:00.000Z';
    assert.equal(defaultPromisedAt(placed, 'city'), '2026-03-03T09:00:00.000Z');
    assert.equal(defaultPromisedAt(placed, 'national'), '2026-03-05T09:00:00.000Z');
  });
});
