import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import { newId } from '../../shared/ids.js';
import { receiveStock } from '../inventory/index.js';

/**
 * Test data for the orders tests, written straight into the tables (the catalog's routes are
 * not there yet). Every call makes new codes and SKUs, so tests sharing a database stay apart.
 */
const AT = '2026-03-01T08:00:00.000Z';

function tag(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

export interface TestLocation {
  id: string;
  code: string;
  zone: 'city' | 'national';
}

export async function makeLocation(
  db: Executor,
  o: {
    code?: string;
    kind?: 'warehouse' | 'store';
    zone?: 'city' | 'national';
    canShip?: boolean;
    canPickup?: boolean;
    canReturn?: boolean;
    active?: boolean;
  } = {},
): Promise<TestLocation> {
  const kind = o.kind ?? 'warehouse';
  const zone = o.zone ?? 'city';
  const code = `${o.code ?? (kind === 'warehouse' ? 'W' : 'S')}-${tag()}`;
  const id = newId('loc');
  await db
    .insertInto('locations')
    .values({
      id,
      code,
      name: `${kind} ${code}`,
      kind,
      zone,
      address: JSON.stringify({
        line1: '1 Test St',
        city: 'Madrid',
        postalCode: '28001',
        country: 'ES',
      }),
      latitude: null,
      longitude: null,
      can_ship: (o.canShip ?? kind === 'warehouse') ? 1 : 0,
      can_pickup: (o.canPickup ?? kind === 'store') ? 1 : 0,
      can_return: (o.canReturn ?? true) ? 1 : 0,
      active: (o.active ?? true) ? 1 : 0,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  return { id, code, zone };
}

export interface TestProduct {
  id: string;
  sku: string;
  price: number;
}

export async function makeProduct(
  db: Executor,
  o: { sku?: string; price?: number; currency?: string; active?: boolean } = {},
): Promise<TestProduct> {
  const id = newId('prd');
  const sku = `${o.sku ?? 'SKU'}-${tag()}`;
  const price = o.price ?? 1_000;
  await db
    .insertInto('products')
    .values({
      id,
      sku,
      name: `Product ${sku}`,
      price_amount: price,
      currency: o.currency ?? 'EUR',
      supplier_id: null,
      active: (o.active ?? true) ? 1 : 0,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  return { id, sku, price };
}

export async function makeCustomer(db: Executor, o: { tier?: string } = {}): Promise<string> {
  const id = newId('cus');
  await db
    .insertInto('customers')
    .values({
      id,
      external_id: null,
      name: `Customer ${tag()}`,
      email: null,
      phone: null,
      locale: 'en',
      tier: o.tier ?? 'b2c',
      address: null,
      contract: null,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  return id;
}

export async function addStock(
  db: Executor,
  productId: string,
  locationId: string,
  qty: number,
): Promise<void> {
  await receiveStock(db, { productId, locationId, qty }, { actor: 'test', now: AT });
}

/** The scenarios' store: W1 (city), W2 (national), S1 (city, pickup), S2 (national). */
export async function makeStore(db: Executor) {
  const [w1, w2, s1, s2] = [
    await makeLocation(db, { code: 'W1', zone: 'city' }),
    await makeLocation(db, { code: 'W2', zone: 'national' }),
    await makeLocation(db, { code: 'S1', kind: 'store', zone: 'city' }),
    await makeLocation(db, { code: 'S2', kind: 'store', zone: 'national', canPickup: false }),
  ];
  const blue = await makeProduct(db, { sku: 'TSHIRT-M-BLUE', price: 4_990 });
  const mug = await makeProduct(db, { sku: 'MUG-WHITE', price: 1_290 });
  const lamp = await makeProduct(db, { sku: 'LAMP-OAK', price: 8_900 });
  const customerId = await makeCustomer(db);
  return { w1, w2, s1, s2, blue, mug, lamp, customerId };
}

export type TestStore = Awaited<ReturnType<typeof makeStore>>;

/** A valid order body for `POST /api/orders`; override what the test is about. */
export function orderBody(
  store: TestStore,
  o: Record<string, unknown> & { lines?: { sku: string; qty: number; unitPrice?: number }[] } = {},
): Record<string, unknown> {
  return {
    channel: 'web',
    externalId: `EXT-${tag()}`,
    customerId: store.customerId,
    shippingZone: 'city',
    currency: 'EUR',
    paymentMethod: 'card',
    lines: [{ sku: store.blue.sku, qty: 1 }],
    ...o,
  };
}

/** On hand and reserved of a product at a location (zeros when never stocked). */
export async function levelOf(
  db: Executor,
  productId: string,
  locationId: string,
): Promise<{ onHand: number; reserved: number }> {
  const row = await db
    .selectFrom('inventory_levels')
    .select(['on_hand', 'reserved'])
    .where('product_id', '=', productId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  return { onHand: row?.on_hand ?? 0, reserved: row?.reserved ?? 0 };
}

/** Ledger movements written for a reference (a shipment, an order), oldest first. */
export async function movementsFor(db: Executor, refId: string) {
  return db
    .selectFrom('inventory_movements')
    .select([
      'kind',
      'product_id as productId',
      'location_id as locationId',
      'on_hand_delta as onHandDelta',
      'reserved_delta as reservedDelta',
      'ref_type as refType',
      'reason',
      'actor',
    ])
    .where('ref_id', '=', refId)
    .orderBy('id')
    .execute();
}

export async function countRows(
  db: Executor,
  table: 'orders' | 'order_lines' | 'shipments' | 'shipment_lines' | 'inventory_movements',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
