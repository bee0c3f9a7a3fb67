import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lockOrder, repeatedSkus } from './inventory.service.js';

describe('batch order of stock changes', () => {
  it('applies items by location, then product, keeping input order within one level', () => {
    const items = [
      { productId: 'prd_b', locationId: 'loc_2' },
      { productId: 'prd_a', locationId: 'loc_2' },
      { productId: 'prd_b', locationId: 'loc_1' },
      { productId: 'prd_a', locationId: 'loc_2' },
      { productId: 'prd_c', locationId: 'loc_1' },
    ];
    assert.deepEqual(lockOrder(items), [2, 4, 1, 3, 0]);
  });

  it('names each repeat of a SKU after its first line', () => {
    const lines = [{ sku: 'A' }, { sku: 'B' }, { sku: 'A' }, { sku: 'A' }];
    assert.deepEqual(
      repeatedSkus(lines, 'lines').map((i) => i.path),
      ['lines.2.sku', 'lines.3.sku'],
    );
  });
});
