import type { Executor } from '../../db/database.js';
import { AppError, notFound, validationError } from '../../shared/app-error.js';
import { toPage, type Page } from '../../shared/pagination.js';
import { maxProductBatch, type NewProduct, type Product, type ProductChanges } from './catalog.js';
import { findProductsByIds, findProductsBySku, hydrateProducts } from './catalog.repository.js';
import { writeTransaction } from './catalog.transaction.js';
import { selectProductRows, type ProductFilter } from './products.repository.js';
import {
  applyProductWrites,
  checkProductWrites,
  type ProductWrite,
  type WriteProblem,
} from './products.writes.js';

/** Products: SKUs with a price, barcodes a scanner reads, substitutes and a supplier. */

export async function createProduct(
  db: Executor,
  input: NewProduct,
  now: string,
): Promise<Product> {
  return writeTransaction(db, async (trx) => {
    const [holder] = await findProductsBySku(trx, [input.sku]);
    if (holder) {
      throw new AppError('sku_taken', `SKU ${input.sku} is already used by product ${holder.id}`, {
        sku: input.sku,
        productId: holder.id,
      });
    }
    return writeOne(trx, { kind: 'create', input }, now);
  });
}

/** Changes a product; barcodes and substitutes, when given, replace the current lists. */
export async function updateProduct(
  db: Executor,
  id: string,
  changes: ProductChanges,
  now: string,
): Promise<Product> {
  return writeTransaction(db, async (trx) => {
    const current = await getProduct(trx, id);
    return writeOne(trx, { kind: 'update', current, input: changes }, now);
  });
}

export interface BatchResult {
  created: number;
  updated: number;
  data: Product[];
}

/**
 * Creates or updates (by SKU) every product of a catalog import, all or nothing: every bad row
 * is reported by its index, and substitutes may name SKUs of the same batch.
 */
export async function upsertProducts(
  db: Executor,
  products: NewProduct[],
  now: string,
): Promise<BatchResult> {
  if (products.length > maxProductBatch) {
    throw validationError([
      { path: 'products', message: `at most ${maxProductBatch} products a batch` },
    ]);
  }
  return writeTransaction(db, async (trx) => {
    const existing = new Map(
      (
        await findProductsBySku(
          trx,
          products.map((p) => p.sku),
        )
      ).map((p) => [p.sku, p]),
    );
    const writes = products.map((input): ProductWrite => {
      const current = existing.get(input.sku);
      return current ? { kind: 'update', current, input } : { kind: 'create', input };
    });
    const problems = await checkProductWrites(trx, writes);
    if (problems.length > 0) {
      throw validationError(
        problems.map((p) => ({ path: `products.${p.index}.${p.path}`, message: p.message })),
      );
    }
    const data = await applyProductWrites(trx, writes, now);
    const created = writes.filter((w) => w.kind === 'create').length;
    return { created, updated: writes.length - created, data };
  });
}

export async function getProduct(db: Executor, id: string): Promise<Product> {
  const [product] = await findProductsByIds(db, [id]);
  if (!product) throw notFound('product_not_found', 'Product', id);
  return product;
}

export async function listProducts(db: Executor, filter: ProductFilter): Promise<Page<Product>> {
  const page = toPage(await selectProductRows(db, filter), filter.limit);
  return { data: await hydrateProducts(db, page.data), nextCursor: page.nextCursor };
}

async function writeOne(db: Executor, write: ProductWrite, now: string): Promise<Product> {
  raiseFirst(await checkProductWrites(db, [write]));
  const [product] = await applyProductWrites(db, [write], now);
  if (!product) throw new Error('a product write returned no product');
  return product;
}

/** Bad fields first (all of them, 400), then the first conflict (409). */
function raiseFirst(problems: WriteProblem[]): void {
  const invalid = problems.filter((p) => p.code === 'validation_error');
  if (invalid.length > 0)
    throw validationError(invalid.map(({ path, message }) => ({ path, message })));
  const conflict = problems[0];
  if (conflict) throw new AppError(conflict.code, conflict.message, conflict.details);
}
