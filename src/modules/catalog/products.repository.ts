import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { PageQuery } from '../../shared/pagination.js';
import type {
  ProductBarcodesTable,
  ProductSubstitutesTable,
  ProductsTable,
} from './catalog.table.js';

export interface ProductFilter extends PageQuery {
  /** Substring of the SKU or the name, any case. */
  q?: string | undefined;
  sku?: string | undefined;
  barcode?: string | undefined;
  supplierId?: string | undefined;
  active?: boolean | undefined;
}

// Well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement.
const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function insertProductRows(db: Executor, rows: ProductsTable[]): Promise<void> {
  // 9 columns a row.
  for (const part of chunks(rows, 100)) await db.insertInto('products').values(part).execute();
}

export async function updateProductRow(
  db: Executor,
  id: string,
  set: Partial<Omit<ProductsTable, 'id' | 'sku' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('products').set(set).where('id', '=', id).execute();
}

export async function deleteBarcodesOf(db: Executor, productIds: string[]): Promise<void> {
  for (const part of chunks(productIds)) {
    await db.deleteFrom('product_barcodes').where('product_id', 'in', part).execute();
  }
}

export async function insertBarcodes(db: Executor, rows: ProductBarcodesTable[]): Promise<void> {
  for (const part of chunks(rows)) await db.insertInto('product_barcodes').values(part).execute();
}

export async function deleteSubstitutesOf(db: Executor, productIds: string[]): Promise<void> {
  for (const part of chunks(productIds)) {
    await db.deleteFrom('product_substitutes').where('product_id', 'in', part).execute();
  }
}

export async function insertSubstitutes(
  db: Executor,
  rows: ProductSubstitutesTable[],
): Promise<void> {
  for (const part of chunks(rows)) {
    await db.insertInto('product_substitutes').values(part).execute();
  }
}

export interface ProductRef {
  id: string;
  sku: string;
}

/** The products that hold each of `codes` as a barcode, by code. */
export async function findBarcodeHolders(
  db: Executor,
  codes: string[],
): Promise<Map<string, ProductRef>> {
  const holders = new Map<string, ProductRef>();
  for (const part of chunks([...new Set(codes)])) {
    const rows = await db
      .selectFrom('product_barcodes as b')
      .innerJoin('products as p', 'p.id', 'b.product_id')
      .select(['b.code', 'p.id', 'p.sku'])
      .where('b.code', 'in', part)
      .execute();
    for (const r of rows) holders.set(r.code, { id: r.id, sku: r.sku });
  }
  return holders;
}

/** The ids of the products with each of `skus`, by SKU. */
export async function findProductIdsBySku(
  db: Executor,
  skus: string[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const part of chunks([...new Set(skus)])) {
    const rows = await db
      .selectFrom('products')
      .select(['id', 'sku'])
      .where('sku', 'in', part)
      .execute();
    for (const r of rows) ids.set(r.sku, r.id);
  }
  return ids;
}

/** `like` pattern for a literal substring: `%` and `_` in SKUs are characters, not wildcards. */
function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Up to `limit + 1` matching product rows after the cursor, in id order. `lower()` makes `q`
 * case-insensitive on both databases (SQLite's lower() folds ASCII letters only).
 */
export async function selectProductRows(
  db: Executor,
  filter: ProductFilter,
): Promise<ProductsTable[]> {
  let query = db.selectFrom('products').selectAll('products');
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref('products.sku')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref('products.name')}) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (filter.sku) query = query.where('products.sku', '=', filter.sku);
  if (filter.barcode) {
    const code = filter.barcode;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('product_barcodes as b')
          .select('b.code')
          .whereRef('b.product_id', '=', 'products.id')
          .where('b.code', '=', code),
      ),
    );
  }
  if (filter.supplierId) query = query.where('products.supplier_id', '=', filter.supplierId);
  if (filter.active !== undefined) {
    query = query.where('products.active', '=', filter.active ? 1 : 0);
  }
  if (filter.cursor) query = query.where('products.id', '>', filter.cursor);
  return query
    .orderBy('products.id')
    .limit(filter.limit + 1)
    .execute();
}
