import { randomBytes, randomInt } from 'node:crypto';
import assert from 'node:assert/strict';
import type { Executor } from '../../db/database.js';
import type { TestApp } from '../../test/harness.js';
import type { AllocationResult, Order, Shipment } from '../orders/index.js';
import { makeProduct, makeStore, orderBody, type TestStore } from '../orders/orders.factories.js';

/**
 * The scenarios' store for pack verification (SCENARIOS.md): the orders factories' W1, W2, S1,
 * S2, BLUE, MUG and LAMP, plus NAVY as BLUE's look-alike and a barcode on MUG. Written straight
 * into the tables; every call makes new codes, so tests sharing a database stay apart.
 */
export async function makePackStore(db: Executor) {
  const store = await makeStore(db);
  const navy = await makeProduct(db, { sku: 'TSHIRT-M-NAVY', price: 4_990 });
  await db
    .insertInto('product_substitutes')
    .values({ product_id: store.blue.id, substitute_id: navy.id, rank: 1 })
    .execute();
  const mugBarcode = `5601${randomInt(100_000_000, 999_999_999)}`;
  await db
    .insertInto('product_barcodes')
    .values({ code: mugBarcode, product_id: store.mug.id })
    .execute();
  return { ...store, navy, mugBarcode };
}

export type PackStore = Awaited<ReturnType<typeof makePackStore>>;

type WithAllocation = Order & { allocation: AllocationResult };

/** Creates an order with `lines` and allocates all of it at `locationId`; its one shipment. */
export async function orderAt(
  t: TestApp,
  store: TestStore,
  locationId: string,
  lines: { sku: string; qty: number }[],
): Promise<{ order: Order; shipment: Shipment }> {
  const created = await t.call<WithAllocation>(
    'POST',
    '/api/orders',
    orderBody(store, { lines, allocate: false }),
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const allocated = await t.call<WithAllocation>(
    'POST',
    `/api/orders/${created.body.id}/allocations`,
    { locationId },
  );
  assert.equal(allocated.status, 200, JSON.stringify(allocated.body));
  const [shipment] = allocated.body.shipments;
  assert.ok(shipment);
  assert.equal(allocated.body.shipments.length, 1);
  return { order: allocated.body, shipment };
}

export function tag(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

/** Jobs of a type whose payload names `id`. */
export async function jobsFor(db: Executor, type: string, id: string): Promise<number> {
  const rows = await db.selectFrom('jobs').select('payload').where('type', '=', type).execute();
  return rows.filter((r) => r.payload.includes(id)).length;
}
