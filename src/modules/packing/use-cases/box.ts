import type { Executor } from '../../../db/database.js';
import { notFound } from '../../../shared/app-error.js';
import { findProductByCode, findProductsByIds, type Product } from '../../catalog/index.js';
import { findShipment, type Shipment } from '../../orders/index.js';
import { rowToScan, rowToSession } from '../packing.mappers.js';
import type {
  Comparison,
  ExpectedLine,
  ExpectedSnapshot,
  PackScan,
  PackSession,
  ScannedProduct,
  ScanTotal,
} from '../packing.js';
import { findScans, findSession, scanTotals } from '../packing.repository.js';
import { sessionNotFound } from '../packing.errors.js';
import { compare } from './compare.js';

/** A session's box against its shipment as it is now: what a close decides on. */
export interface Box {
  shipment: Shipment;
  expected: ExpectedLine[];
  comparison: Comparison;
}

export async function compareBox(
  db: Executor,
  session: Pick<PackSession, 'id' | 'shipmentId'>,
): Promise<Box> {
  const shipment = await findShipment(db, session.shipmentId);
  if (!shipment) throw notFound('shipment_not_found', 'Shipment', session.shipmentId);
  const totals = await scanTotals(db, session.id);
  const expected = expectedLinesOf(shipment);
  const products = await findProductsByIds(db, [
    ...new Set([
      ...expected.map((e) => e.productId),
      ...totals.flatMap((t) => (t.productId ? [t.productId] : [])),
    ]),
  ]);
  return { shipment, expected, comparison: compare(expected, totals, lookAlikesOf(products)) };
}

/** The shipment's lines and their look-alikes, kept on a session when it opens. */
export async function snapshotOf(db: Executor, shipment: Shipment): Promise<ExpectedSnapshot> {
  const lines = expectedLinesOf(shipment);
  const products = await findProductsByIds(db, [...new Set(lines.map((l) => l.productId))]);
  // A barcode is resolved before a SKU, as the catalog does.
  const codes = Object.fromEntries([
    ...products.map((p) => [p.sku, p.id] as const),
    ...products.flatMap((p) => p.barcodes.map((b) => [b, p.id] as const)),
  ]);
  return { lines, lookAlikes: Object.fromEntries(lookAlikesOf(products)), codes };
}

/**
 * The product a scanned code stands for: a product of the shipment from the session's snapshot
 * (most scans, no query), any other through the catalog (a barcode/GTIN, then a SKU).
 */
export async function resolveCode(
  db: Executor,
  snapshot: ExpectedSnapshot,
  code: string,
): Promise<ScannedProduct | undefined> {
  const productId = snapshot.codes[code];
  const line = productId ? snapshot.lines.find((l) => l.productId === productId) : undefined;
  if (line) {
    return { id: line.productId, sku: line.sku, substitutes: snapshot.lookAlikes[line.sku] ?? [] };
  }
  const product = await findProductByCode(db, code);
  return product && { id: product.id, sku: product.sku, substitutes: product.substitutes };
}

/**
 * The running comparison on the scan path: the session's snapshot of the shipment instead of
 * the shipment itself (a pending shipment's lines do not change while it is being packed; the
 * close compares with the shipment as it is), with the scan being recorded added. The catalog
 * is read only for products in the box that are neither on the shipment nor this scan's.
 */
export async function compareScans(
  db: Executor,
  sessionId: string,
  snapshot: ExpectedSnapshot,
  pending: ScanTotal & { product: ScannedProduct | undefined },
): Promise<Comparison> {
  const totals = await scanTotals(db, sessionId);
  totals.push({
    code: pending.code,
    productId: pending.productId,
    sku: pending.sku,
    qty: pending.qty,
  });
  const lookAlikes = new Map(Object.entries(snapshot.lookAlikes));
  if (pending.product) lookAlikes.set(pending.product.sku, pending.product.substitutes);
  const known = new Set(snapshot.lines.map((l) => l.productId));
  if (pending.product) known.add(pending.product.id);
  const others = totals.flatMap((t) =>
    t.productId && !known.has(t.productId) ? [t.productId] : [],
  );
  if (others.length > 0) {
    for (const [sku, subs] of lookAlikesOf(await findProductsByIds(db, [...new Set(others)]))) {
      lookAlikes.set(sku, subs);
    }
  }
  return compare(snapshot.lines, totals, lookAlikes);
}

function expectedLinesOf(shipment: Shipment): ExpectedLine[] {
  return shipment.lines.map((l) => ({
    shipmentLineId: l.id,
    orderLineId: l.orderLineId,
    productId: l.productId,
    sku: l.sku,
    qty: l.qty,
  }));
}

function lookAlikesOf(products: readonly Product[]): Map<string, string[]> {
  return new Map(products.map((p) => [p.sku, p.substitutes]));
}

export interface SessionView extends PackSession {
  comparison: Comparison;
}

export interface SessionDetail extends SessionView {
  scans: PackScan[];
}

export async function getSession(db: Executor, id: string): Promise<SessionDetail> {
  const row = await findSession(db, id);
  if (!row) throw sessionNotFound(id);
  const session = rowToSession(row);
  const { comparison } = await compareBox(db, session);
  const scans = await findScans(db, id);
  return { ...session, comparison, scans: scans.map(rowToScan) };
}
