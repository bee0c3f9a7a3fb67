import type { Executor } from '../../db/database.js';
import type { ErrorCode } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import type { NewProduct, Product, ProductChanges } from './catalog.js';
import { findProductsByIds } from './catalog.repository.js';
import type { ProductsTable } from './catalog.table.js';
import {
  deleteBarcodesOf,
  deleteSubstitutesOf,
  findBarcodeHolders,
  findProductIdsBySku,
  insertBarcodes,
  insertProductRows,
  insertSubstitutes,
  updateProductRow,
  type ProductRef,
} from './products.repository.js';
import { findSupplierIds } from './suppliers.repository.js';

/**
 * The rules of writing products, for one product or a batch of them: a code a scanner reads (a
 * barcode or a SKU) names one product, substitutes are known SKUs other than the product's own,
 * suppliers exist. A batch is checked as the state it leaves behind, so a barcode may move from
 * one product to another, and a substitute may be a SKU the same batch creates.
 */
export type ProductWrite =
  | { kind: 'create'; input: NewProduct }
  | { kind: 'update'; current: Product; input: ProductChanges };

export interface WriteProblem {
  /** Which write of the list. */
  index: number;
  /** The field of that write, e.g. `barcodes.2`. */
  path: string;
  code: Extract<ErrorCode, 'sku_taken' | 'barcode_taken' | 'validation_error'>;
  message: string;
  details?: Record<string, unknown>;
}

export function skuOf(w: ProductWrite): string {
  return w.kind === 'create' ? w.input.sku : w.current.sku;
}

export async function checkProductWrites(
  db: Executor,
  writes: ProductWrite[],
): Promise<WriteProblem[]> {
  return [
    ...repeatedSkus(writes),
    ...(await codeClashes(db, writes)),
    ...(await unknownSuppliers(db, writes)),
    ...(await badSubstitutes(db, writes)),
  ];
}

function repeatedSkus(writes: ProductWrite[]): WriteProblem[] {
  const first = new Map<string, number>();
  return writes.flatMap((w, index) => {
    const sku = skuOf(w);
    const earlier = first.get(sku);
    if (earlier === undefined) first.set(sku, index);
    return earlier === undefined
      ? []
      : [problem(index, 'sku', 'validation_error', `SKU ${sku} is also at index ${earlier}`)];
  });
}

/** Who holds the codes a list of writes touches, as the list will leave them. */
interface CodeOwners {
  /** Barcode → the product holding it, unless the writes replace that product's barcodes. */
  heldBy(code: string): ProductRef | undefined;
  /** SKU → product id, for existing products whose SKU is one of the given barcodes. */
  skuIds: Map<string, string>;
  /** SKU → index, for the products the writes create. */
  newSkus: Map<string, number>;
}

async function loadCodeOwners(db: Executor, writes: ProductWrite[]): Promise<CodeOwners> {
  const codes = writes.flatMap((w) => w.input.barcodes ?? []);
  const newSkus = new Map<string, number>();
  for (const [index, w] of writes.entries()) {
    if (w.kind === 'create') newSkus.set(w.input.sku, index);
  }
  const [holders, skuIds] = await Promise.all([
    findBarcodeHolders(db, [...codes, ...newSkus.keys()]),
    findProductIdsBySku(db, codes),
  ]);
  const released = new Set(
    writes.flatMap((w) => (w.kind === 'update' && w.input.barcodes ? [w.current.id] : [])),
  );
  const heldBy = (code: string) => {
    const holder = holders.get(code);
    return holder && !released.has(holder.id) ? holder : undefined;
  };
  return { heldBy, skuIds, newSkus };
}

/** A code a scanner reads (barcode or SKU) must name one product, in the database and the batch. */
async function codeClashes(db: Executor, writes: ProductWrite[]): Promise<WriteProblem[]> {
  const owners = await loadCodeOwners(db, writes);
  const problems: WriteProblem[] = [];
  const claimed = new Map<string, number>();
  for (const [index, w] of writes.entries()) {
    for (const [i, code] of (w.input.barcodes ?? []).entries()) {
      const clash = barcodeClash(w, index, code, claimed.get(code), owners);
      if (clash) problems.push({ index, path: `barcodes.${i}`, ...clash });
      if (!claimed.has(code)) claimed.set(code, index);
    }
  }
  for (const [sku, index] of owners.newSkus) {
    const holder = owners.heldBy(sku);
    if (holder) {
      const message = `SKU ${sku} is a barcode of product ${holder.sku} (${holder.id})`;
      problems.push(problem(index, 'sku', 'sku_taken', message, { sku, productId: holder.id }));
    }
  }
  return problems;
}

function barcodeClash(
  w: ProductWrite,
  index: number,
  code: string,
  claimer: number | undefined,
  owners: CodeOwners,
): Omit<WriteProblem, 'index' | 'path'> | undefined {
  const self = w.kind === 'update' ? w.current.id : undefined;
  const holder = owners.heldBy(code);
  const skuHolder = owners.skuIds.get(code);
  const newSkuAt = owners.newSkus.get(code);
  const taken = (message: string, details: Record<string, unknown>) => ({
    code: 'barcode_taken' as const,
    message,
    details: { code, ...details },
  });
  if (claimer === index) return { code: 'validation_error', message: `repeats ${code}` };
  if (claimer !== undefined) {
    return taken(`Barcode ${code} is also given at index ${claimer}`, { index: claimer });
  }
  if (holder && holder.id !== self) {
    return taken(`Barcode ${code} belongs to product ${holder.sku} (${holder.id})`, {
      productId: holder.id,
      sku: holder.sku,
    });
  }
  if (skuHolder !== undefined && skuHolder !== self) {
    return taken(`Barcode ${code} is the SKU of product ${skuHolder}`, { productId: skuHolder });
  }
  if (newSkuAt !== undefined && newSkuAt !== index) {
    return taken(`Barcode ${code} is the SKU given at index ${newSkuAt}`, { index: newSkuAt });
  }
  return undefined;
}

async function unknownSuppliers(db: Executor, writes: ProductWrite[]): Promise<WriteProblem[]> {
  const wanted = writes.map((w) => w.input.supplierId ?? null);
  const known = await findSupplierIds(db, [...new Set(wanted.filter((id) => id !== null))]);
  return wanted.flatMap((id, index) =>
    id === null || known.has(id)
      ? []
      : [problem(index, 'supplierId', 'validation_error', `supplier ${id} does not exist`)],
  );
}

async function badSubstitutes(db: Executor, writes: ProductWrite[]): Promise<WriteProblem[]> {
  const batchSkus = new Set(writes.map(skuOf));
  const known = await findProductIdsBySku(
    db,
    writes.flatMap((w) => w.input.substitutes ?? []).filter((s) => !batchSkus.has(s)),
  );
  return writes.flatMap((w, index) => {
    const subs = w.input.substitutes ?? [];
    return subs.flatMap((sku, i) => {
      const path = `substitutes.${i}`;
      if (sku === skuOf(w)) {
        return [problem(index, path, 'validation_error', 'a product cannot substitute itself')];
      }
      if (subs.indexOf(sku) !== i) {
        return [problem(index, path, 'validation_error', `repeats ${sku}`)];
      }
      if (!batchSkus.has(sku) && !known.has(sku)) {
        return [problem(index, path, 'validation_error', `no product has SKU ${sku}`)];
      }
      return [];
    });
  });
}

function problem(
  index: number,
  path: string,
  code: WriteProblem['code'],
  message: string,
  details?: Record<string, unknown>,
): WriteProblem {
  return details ? { index, path, code, message, details } : { index, path, code, message };
}

interface Target {
  id: string;
  w: ProductWrite;
}

/**
 * Writes checked products in two passes: rows and barcodes first, then substitutes, which may
 * name products of the first pass. Returns the products in the order of `writes`.
 */
export async function applyProductWrites(
  db: Executor,
  writes: ProductWrite[],
  now: string,
): Promise<Product[]> {
  const targets = writes.map((w) => ({ w, id: w.kind === 'update' ? w.current.id : newId('prd') }));
  await writeRows(db, targets, now);
  await replaceBarcodes(
    db,
    targets.filter((t) => t.w.input.barcodes),
  );
  await replaceSubstitutes(
    db,
    targets.filter((t) => t.w.input.substitutes),
  );
  const byId = new Map(
    (
      await findProductsByIds(
        db,
        targets.map((t) => t.id),
      )
    ).map((p) => [p.id, p]),
  );
  return targets.map((t) => byId.get(t.id) as Product);
}

async function writeRows(db: Executor, targets: Target[], now: string): Promise<void> {
  await insertProductRows(
    db,
    targets.flatMap(({ id, w }) => (w.kind === 'create' ? [newRow(id, w.input, now)] : [])),
  );
  for (const { id, w } of targets) {
    if (w.kind === 'update') await updateProductRow(db, id, changedColumns(w.input, now));
  }
}

/** Clears every list before writing any, so a code can move from one product to another. */
async function replaceBarcodes(db: Executor, targets: Target[]): Promise<void> {
  await deleteBarcodesOf(
    db,
    targets.map((t) => t.id),
  );
  const rows = targets.flatMap(({ id, w }) =>
    (w.input.barcodes ?? []).map((code) => ({ code, product_id: id })),
  );
  await insertBarcodes(db, rows);
}

async function replaceSubstitutes(db: Executor, targets: Target[]): Promise<void> {
  const skus = targets.flatMap(({ w }) => w.input.substitutes ?? []);
  const idOfSku = await findProductIdsBySku(db, skus);
  await deleteSubstitutesOf(
    db,
    targets.map((t) => t.id),
  );
  const rows = targets.flatMap(({ id, w }) =>
    (w.input.substitutes ?? []).map((sku, i) => ({
      product_id: id,
      substitute_id: idOfSku.get(sku) as string,
      rank: i + 1,
    })),
  );
  await insertSubstitutes(db, rows);
}

function newRow(id: string, input: NewProduct, now: string): ProductsTable {
  return {
    id,
    sku: input.sku,
    name: input.name,
    price_amount: input.price.amount,
    currency: input.price.currency,
    supplier_id: input.supplierId ?? null,
    active: input.active === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  };
}

function changedColumns(input: ProductChanges, now: string) {
  return {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.price !== undefined && {
      price_amount: input.price.amount,
      currency: input.price.currency,
    }),
    ...(input.supplierId !== undefined && { supplier_id: input.supplierId }),
    ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
    updated_at: now,
  };
}
