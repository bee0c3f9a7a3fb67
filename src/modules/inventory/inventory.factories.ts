import type { Executor } from '../../db/database.js';
import { newId } from '../../shared/ids.js';
import type { Movement, MovementKind, PurchaseOrder, StockRef } from './inventory.js';
import { findLevel, listMovements } from './inventory.repository.js';
import { createPurchaseOrder } from './purchase-orders.service.js';
import { receiveStock } from './stock.service.js';

/**
 * Test factories. Catalog rows are inserted straight from the frozen schema, so these tests
 * do not depend on the catalog module's write API.
 */
const at = '2026-03-02T09:00:00.000Z';
let seq = 0;

export const testRef: StockRef = { actor: 'test', now: at };

export async function makeLocation(db: Executor): Promise<string> {
  const id = newId('loc');
  seq += 1;
  await db
    .insertInto('locations')
    .values({
      id,
      code: `LOC-${seq}-${id.slice(-6)}`,
      name: `Location ${seq}`,
      kind: 'warehouse',
      zone: 'national',
      address: JSON.stringify({
        line1: '1 Dock Rd',
        city: 'Porto',
        postalCode: '4000',
        country: 'PT',
      }),
      latitude: null,
      longitude: null,
      can_ship: 1,
      can_pickup: 0,
      can_return: 1,
      active: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export async function makeSupplier(db: Executor): Promise<string> {
  const id = newId('sup');
  await db
    .insertInto('suppliers')
    .values({
      id,
      code: `SUP-${id.slice(-8)}`,
      name: 'Supplier',
      email: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export async function makeProduct(
  db: Executor,
  sku?: string,
): Promise<{ id: string; sku: string }> {
  const id = newId('prd');
  const code = sku ?? `SKU-${id.slice(-10).toUpperCase()}`;
  await db
    .insertInto('products')
    .values({
      id,
      sku: code,
      name: `Product ${code}`,
      price_amount: 1999,
      currency: 'EUR',
      supplier_id: null,
      active: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, sku: code };
}

/** A product with `onHand` units at a new location (received through the ledger). */
export async function makeStock(
  db: Executor,
  onHand: number,
): Promise<{ productId: string; sku: string; locationId: string }> {
  const product = await makeProduct(db);
  const locationId = await makeLocation(db);
  if (onHand > 0)
    await receiveStock(db, { productId: product.id, locationId, qty: onHand }, testRef);
  return { productId: product.id, sku: product.sku, locationId };
}

export async function levelOf(
  db: Executor,
  productId: string,
  locationId: string,
): Promise<{ onHand: number; reserved: number } | undefined> {
  const row = await findLevel(db, productId, locationId);
  return row && { onHand: row.on_hand, reserved: row.reserved };
}

/** A level's ledger, oldest first, with the sums of its deltas and its movements by kind. */
export async function ledgerOf(
  db: Executor,
  productId: string,
  locationId: string,
): Promise<{
  movements: Movement[];
  onHand: number;
  reserved: number;
  kinds: Partial<Record<MovementKind, number>>;
}> {
  const newestFirst = await listMovements(db, { productIds: [productId], locationId, limit: 1e6 });
  const movements = newestFirst.reverse();
  const kinds: Partial<Record<MovementKind, number>> = {};
  for (const m of movements) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
  return {
    movements,
    onHand: movements.reduce((s, m) => s + m.onHandDelta, 0),
    reserved: movements.reduce((s, m) => s + m.reservedDelta, 0),
    kinds,
  };
}

/** Problems with a level's ledger: each movement's "after" must follow from the one before. */
export function ledgerChainErrors(movements: Movement[]): string[] {
  const errors: string[] = [];
  let onHand = 0;
  let reserved = 0;
  for (const m of movements) {
    onHand += m.onHandDelta;
    reserved += m.reservedDelta;
    if (m.onHandAfter !== onHand || m.reservedAfter !== reserved) {
      errors.push(
        `${m.id} ${m.kind}: after ${m.onHandAfter}/${m.reservedAfter}, ledger says ${onHand}/${reserved}`,
      );
    }
    if (m.onHandAfter < 0 || m.reservedAfter < 0) errors.push(`${m.id} ${m.kind}: negative`);
  }
  return errors;
}

/** An open purchase order at a new location (or the one given), expected on 10 March. */
export async function makePurchaseOrder(
  db: Executor,
  lines: { sku: string; qty: number }[],
  opts: { locationId?: string; expectedAt?: string } = {},
): Promise<PurchaseOrder> {
  seq += 1;
  return createPurchaseOrder(
    db,
    {
      reference: `PO-T${seq}-${newId('x').slice(-6)}`,
      locationId: opts.locationId ?? (await makeLocation(db)),
      expectedAt: opts.expectedAt ?? '2026-03-10T08:00:00Z',
      lines,
    },
    testRef,
  );
}
