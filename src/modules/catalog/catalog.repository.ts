import type { Executor } from '../../db/database.js';
import type { Customer, Location, Product } from './catalog.js';
import { rowToCustomer, rowToLocation, rowToProduct } from './catalog.mappers.js';
import type { ProductsTable } from './catalog.table.js';

/** Loads barcodes and substitute SKUs for product rows in two queries, whatever their number. */
export async function hydrateProducts(db: Executor, rows: ProductsTable[]): Promise<Product[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [barcodes, subs] = await Promise.all([
    db
      .selectFrom('product_barcodes')
      .select(['product_id', 'code'])
      .where('product_id', 'in', ids)
      .orderBy('code')
      .execute(),
    db
      .selectFrom('product_substitutes as ps')
      .innerJoin('products as s', 's.id', 'ps.substitute_id')
      .select(['ps.product_id', 's.sku', 'ps.rank'])
      .where('ps.product_id', 'in', ids)
      .orderBy('ps.rank')
      .execute(),
  ]);
  const codesOf = new Map<string, string[]>();
  for (const b of barcodes)
    codesOf.set(b.product_id, [...(codesOf.get(b.product_id) ?? []), b.code]);
  const subsOf = new Map<string, string[]>();
  for (const s of subs) subsOf.set(s.product_id, [...(subsOf.get(s.product_id) ?? []), s.sku]);
  return rows.map((r) => rowToProduct(r, codesOf.get(r.id) ?? [], subsOf.get(r.id) ?? []));
}

export async function findProductsBySku(db: Executor, skus: string[]): Promise<Product[]> {
  if (skus.length === 0) return [];
  const rows = await db.selectFrom('products').selectAll().where('sku', 'in', skus).execute();
  return hydrateProducts(db, rows);
}

export async function findProductsByIds(db: Executor, ids: string[]): Promise<Product[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('products').selectAll().where('id', 'in', ids).execute();
  return hydrateProducts(db, rows);
}

/** A scanned code: a barcode/GTIN first, then a SKU. */
export async function findProductByCode(db: Executor, code: string): Promise<Product | undefined> {
  const byBarcode = await db
    .selectFrom('product_barcodes as b')
    .innerJoin('products as p', 'p.id', 'b.product_id')
    .selectAll('p')
    .where('b.code', '=', code)
    .executeTakeFirst();
  const row =
    byBarcode ??
    (await db.selectFrom('products').selectAll().where('sku', '=', code).executeTakeFirst());
  if (!row) return undefined;
  const [product] = await hydrateProducts(db, [row]);
  return product;
}

export async function findLocationById(db: Executor, id: string): Promise<Location | undefined> {
  const row = await db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToLocation(row);
}

export async function findLocationsByIds(db: Executor, ids: string[]): Promise<Location[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('locations').selectAll().where('id', 'in', ids).execute();
  return rows.map(rowToLocation);
}

export async function findAllLocations(db: Executor): Promise<Location[]> {
  const rows = await db.selectFrom('locations').selectAll().orderBy('code').execute();
  return rows.map(rowToLocation);
}

export async function findCustomerById(db: Executor, id: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToCustomer(row);
}

export async function findCustomerByExternalId(
  db: Executor,
  externalId: string,
): Promise<Customer | undefined> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row && rowToCustomer(row);
}
