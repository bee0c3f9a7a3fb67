import type { Executor } from '../../db/database.js';
import { AppError, validationError, type FieldIssue } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { toPage, type Page } from '../../shared/pagination.js';
import { findLocationsByIds, findProductsByIds, findProductsBySku } from '../catalog/index.js';
import type { LedgerEntry, Movement, MovementKind, StockLevel, StockRef } from './inventory.js';
import { findLevels, listLevels, listMovements } from './inventory.repository.js';
import { adjustStock, countStock, receiveStock, writeOffStock } from './stock.service.js';
import { inTransaction } from '../../db/transaction.js';

/**
 * Reading stock (levels, the ledger) and manual stock changes in batches. The changes
 * themselves are made by stock.service.ts.
 */

export interface WriteContext {
  now: string;
  actor: string;
}

function encodeLevelCursor(level: StockLevel): string {
  return Buffer.from(JSON.stringify([level.sku, level.locationId])).toString('base64url');
}

function decodeLevelCursor(cursor: string): { sku: string; locationId: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { sku: value[0] as string, locationId: value[1] as string };
    }
  } catch {
    // reported below
  }
  throw validationError([
    { path: 'querystring.cursor', message: 'is not a cursor from a previous page' },
  ]);
}

export async function listStockLevels(
  db: Executor,
  query: {
    sku?: string;
    productId?: string;
    locationId?: string;
    available?: 'positive';
    cursor?: string;
    limit: number;
  },
): Promise<Page<StockLevel>> {
  const rows = await listLevels(db, {
    sku: query.sku,
    productId: query.productId,
    locationId: query.locationId,
    availablePositive: query.available === 'positive',
    after: query.cursor === undefined ? undefined : decodeLevelCursor(query.cursor),
    limit: query.limit + 1,
  });
  const data = rows.slice(0, query.limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > query.limit && last ? encodeLevelCursor(last) : null };
}

/** Adds the SKU to each movement, with one catalog lookup for the lot. */
export async function withSkus(db: Executor, movements: Movement[]): Promise<LedgerEntry[]> {
  const ids = [...new Set(movements.map((m) => m.productId))];
  const products = await findProductsByIds(db, ids);
  const skuOf = new Map(products.map((p) => [p.id, p.sku]));
  return movements.map((m) => ({ ...m, sku: skuOf.get(m.productId) ?? '' }));
}

export async function listLedger(
  db: Executor,
  query: {
    sku?: string;
    productId?: string;
    locationId?: string;
    kind?: MovementKind;
    refType?: string;
    refId?: string;
    cursor?: string;
    limit: number;
  },
): Promise<Page<LedgerEntry>> {
  let productIds: string[] | undefined;
  if (query.sku !== undefined) {
    productIds = (await findProductsBySku(db, [query.sku])).map((p) => p.id);
  }
  if (query.productId !== undefined) {
    const id = query.productId;
    productIds = productIds ? productIds.filter((p) => p === id) : [id];
  }
  const rows = await listMovements(db, {
    productIds,
    locationId: query.locationId,
    kind: query.kind,
    refType: query.refType,
    refId: query.refId,
    before: query.cursor,
    limit: query.limit + 1,
  });
  const page = toPage(rows, query.limit);
  return { data: await withSkus(db, page.data), nextCursor: page.nextCursor };
}

export type AdjustmentItem = { sku: string; locationId: string; reason?: string | undefined } & (
  | { kind: 'adjustment'; delta: number }
  | { kind: 'count'; counted: number }
  | { kind: 'write_off'; qty: number }
  | { kind: 'receipt'; qty: number }
);

/** Looks up SKUs and locations of `items` and names each unknown one (`items.N.sku`). */
export async function lookupItems<T extends { sku: string; locationId?: string }>(
  db: Executor,
  items: readonly T[],
  field: string,
): Promise<{ resolved: (T & { productId: string })[]; issues: FieldIssue[] }> {
  const products = await findProductsBySku(db, [...new Set(items.map((i) => i.sku))]);
  const idOf = new Map(products.map((p) => [p.sku, p.id]));
  const locationIds = items.flatMap((i) => (i.locationId === undefined ? [] : [i.locationId]));
  const locations = await findLocationsByIds(db, [...new Set(locationIds)]);
  const known = new Set(locations.map((l) => l.id));
  const issues: FieldIssue[] = [];
  items.forEach((item, i) => {
    if (!idOf.has(item.sku)) {
      issues.push({ path: `${field}.${i}.sku`, message: `unknown SKU ${item.sku}` });
    }
    if (item.locationId !== undefined && !known.has(item.locationId)) {
      issues.push({
        path: `${field}.${i}.locationId`,
        message: `unknown location ${item.locationId}`,
      });
    }
  });
  const resolved = items.map((item) => ({ ...item, productId: idOf.get(item.sku) ?? '' }));
  return { resolved, issues };
}

/** Names every SKU that appears more than once in `items` after its first line. */
export function repeatedSkus(items: readonly { sku: string }[], field: string): FieldIssue[] {
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    if (!seen.has(item.sku)) {
      seen.add(item.sku);
      return [];
    }
    return [{ path: `${field}.${i}.sku`, message: `SKU ${item.sku} appears more than once` }];
  });
}

/**
 * Positions of `items` in the order to apply them: by location, then product (the order in
 * which orders' allocation reserves too), input order kept within one level. Transactions that
 * lock levels in one order cannot deadlock on PostgreSQL.
 */
export function lockOrder(items: readonly { productId: string; locationId: string }[]): number[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort(
      (a, b) =>
        a.item.locationId.localeCompare(b.item.locationId) ||
        a.item.productId.localeCompare(b.item.productId) ||
        a.i - b.i,
    )
    .map(({ i }) => i);
}

function applyOne(
  db: Executor,
  item: AdjustmentItem & { productId: string },
  ref: StockRef,
): Promise<Movement> {
  const level = { productId: item.productId, locationId: item.locationId };
  switch (item.kind) {
    case 'adjustment':
      return adjustStock(db, { ...level, delta: item.delta }, ref);
    case 'count':
      return countStock(db, { ...level, counted: item.counted }, ref);
    case 'write_off':
      return writeOffStock(db, { ...level, qty: item.qty }, ref);
    case 'receipt':
      return receiveStock(db, { ...level, qty: item.qty }, ref);
  }
}

/** Names the failing item of a batch in a stock error (`items.3`), keeping its details. */
export function atItem(err: unknown, path: string, sku: string): unknown {
  if (!(err instanceof AppError)) return err;
  if (err.code === 'validation_error') {
    const fields = (err.details?.fields ?? []) as FieldIssue[];
    return validationError(fields.map((f) => ({ ...f, path: `${path}.${f.path}` })));
  }
  return new AppError(err.code, `${path} (${sku}): ${err.message}`, {
    ...err.details,
    item: path,
    sku,
  });
}

/**
 * Applies manual stock changes all or nothing. The movements share a `stock_adjustment`
 * reference, so the batch can be found in the ledger.
 */
export async function applyAdjustments(
  db: Executor,
  items: readonly AdjustmentItem[],
  ctx: WriteContext,
): Promise<LedgerEntry[]> {
  const batchId = newId('adj');
  return inTransaction(db, async (trx) => {
    const { resolved, issues } = await lookupItems(trx, items, 'items');
    if (issues.length > 0) throw validationError(issues);
    const movements: Movement[] = [];
    for (const i of lockOrder(resolved)) {
      const item = resolved[i];
      if (!item) continue;
      const ref: StockRef = {
        ...ctx,
        reason: item.reason ?? null,
        refType: 'stock_adjustment',
        refId: batchId,
      };
      try {
        movements[i] = await applyOne(trx, item, ref);
      } catch (err) {
        throw atItem(err, `items.${i}`, item.sku);
      }
    }
    return movements.map((m, i) => ({ ...m, sku: resolved[i]?.sku ?? '' }));
  });
}

/** Every level of each product, keyed by product id (an empty list for a product with none). */
export async function availabilityBySku(
  db: Executor,
  productIds: readonly string[],
): Promise<Map<string, StockLevel[]>> {
  const ids = [...new Set(productIds)];
  const byProduct = new Map<string, StockLevel[]>(ids.map((id) => [id, []]));
  for (const level of await findLevels(db, { productIds: ids })) {
    byProduct.get(level.productId)?.push(level);
  }
  return byProduct;
}
