import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planAllocation, type PlanCandidate } from './allocation-plan.js';

const W1: PlanCandidate = { locationId: 'w1', code: 'W1', zone: 'city' };
const W2: PlanCandidate = { locationId: 'w2', code: 'W2', zone: 'national' };
const W3: PlanCandidate = { locationId: 'w3', code: 'W3', zone: 'city' };

function stock(levels: Record<string, Record<string, number>>) {
  return (productId: string, locationId: string) => levels[locationId]?.[productId] ?? 0;
}

describe('allocation plan', () => {
  it('takes everything from one location in the order zone when it can fill all lines', () => {
    const plan = planAllocation({
      needs: [
        { lineId: 'l1', productId: 'a', qty: 1 },
        { lineId: 'l2', productId: 'b', qty: 2 },
      ],
      candidates: [W2, W1],
      orderZone: 'city',
      available: stock({ w1: { a: 1, b: 2 }, w2: { a: 50, b: 50 } }),
    });
    assert.deepEqual(plan, {
      shipments: [
        {
          locationId: 'w1',
          lines: [
            { lineId: 'l1', productId: 'a', qty: 1 },
            { lineId: 'l2', productId: 'b', qty: 2 },
          ],
        },
      ],
      unallocated: [],
    });
  });

  it('prefers one location in the other zone to a split inside the order zone', () => {
    const plan = planAllocation({
      needs: [
        { lineId: 'l1', productId: 'a', qty: 1 },
        { lineId: 'l2', productId: 'b', qty: 1 },
      ],
      candidates: [W1, W2, W3],
      orderZone: 'city',
      available: stock({ w1: { a: 1 }, w3: { b: 1 }, w2: { a: 1, b: 1 } }),
    });
    assert.deepEqual(
      plan.shipments.map((s) => s.locationId),
      ['w2'],
    );
  });

  it('among full fillers of the same zone takes the deeper stock', () => {
    const plan = planAllocation({
      needs: [{ lineId: 'l1', productId: 'a', qty: 2 }],
      candidates: [W1, W3],
      orderZone: 'city',
      available: stock({ w1: { a: 2 }, w3: { a: 9 } }),
    });
    assert.deepEqual(
      plan.shipments.map((s) => s.locationId),
      ['w3'],
    );
  });

  it('splits only when no location can fill, starting with the one supplying most units', () => {
    const plan = planAllocation({
      needs: [
        { lineId: 'l1', productId: 'a', qty: 3 },
        { lineId: 'l2', productId: 'b', qty: 1 },
      ],
      candidates: [W1, W2],
      orderZone: 'city',
      available: stock({ w1: { a: 1, b: 1 }, w2: { a: 3 } }),
    });
    assert.deepEqual(plan, {
      shipments: [
        { locationId: 'w2', lines: [{ lineId: 'l1', productId: 'a', qty: 3 }] },
        { locationId: 'w1', lines: [{ lineId: 'l2', productId: 'b', qty: 1 }] },
      ],
      unallocated: [],
    });
  });

  it('leaves unallocated what no location has, and never plans more than is available', () => {
    const plan = planAllocation({
      needs: [
        { lineId: 'l1', productId: 'a', qty: 2 },
        { lineId: 'l2', productId: 'a', qty: 2 },
        { lineId: 'l3', productId: 'c', qty: 1 },
      ],
      candidates: [W1, W2],
      orderZone: 'national',
      available: stock({ w1: { a: 1 }, w2: { a: 2, c: -3 } }),
    });
    assert.deepEqual(plan, {
      shipments: [
        { locationId: 'w2', lines: [{ lineId: 'l1', productId: 'a', qty: 2 }] },
        { locationId: 'w1', lines: [{ lineId: 'l2', productId: 'a', qty: 1 }] },
      ],
      unallocated: [
        { lineId: 'l2', productId: 'a', qty: 1 },
        { lineId: 'l3', productId: 'c', qty: 1 },
      ],
    });
  });

  it('plans nothing when there is nothing to allocate', () => {
    const plan = planAllocation({
      needs: [{ lineId: 'l1', productId: 'a', qty: 0 }],
      candidates: [W1],
      orderZone: 'city',
      available: stock({ w1: { a: 5 } }),
    });
    assert.deepEqual(plan, { shipments: [], unallocated: [] });
  });
});
