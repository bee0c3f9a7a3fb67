import {
  discrepancyKinds,
  type Comparison,
  type Discrepancy,
  type DiscrepancyKind,
  type ExpectedLine,
  type ExtraUnits,
  type LineResult,
  type LookAlikes,
  type ScanClassification,
  type ScanTotal,
} from '../packing.js';

/**
 * The comparison of a box with its shipment, from all the session's scans: a pure function, so
 * the running comparison after each scan and the verdict at close are the same computation.
 *
 * A product that is not on the shipment is a `wrong_item` when it is a look-alike of a SKU that
 * is (that SKU lists it among its substitutes, or it lists that SKU), and an `extra_item`
 * otherwise; a code that matches no product is an `unknown_code`. A shipment product with no
 * unit in the box is a `missing_item`, with some but not all (or too many) a `wrong_quantity`.
 * A missing product that a wrong item stood in for is reported once, as that `wrong_item`.
 */
export function compare(
  expected: readonly ExpectedLine[],
  scans: readonly ScanTotal[],
  lookAlikes: LookAlikes,
): Comparison {
  const lines: LineResult[] = [];
  for (const e of expected) {
    const line = lines.find((l) => l.productId === e.productId);
    if (line) {
      line.expected += e.qty;
      if (!line.orderLineIds.includes(e.orderLineId)) line.orderLineIds.push(e.orderLineId);
    } else {
      lines.push({
        productId: e.productId,
        sku: e.sku,
        orderLineIds: [e.orderLineId],
        expected: e.qty,
        scanned: 0,
        remaining: 0,
        over: 0,
        status: 'complete',
      });
    }
  }

  const extra: ExtraUnits[] = [];
  for (const s of scans) {
    const line = s.productId === null ? undefined : lines.find((l) => l.productId === s.productId);
    if (line) {
      line.scanned += s.qty;
      continue;
    }
    const same = extra.find((x) =>
      s.productId === null ? x.code === s.code : x.productId === s.productId,
    );
    if (same) same.qty += s.qty;
    else if (s.productId === null) {
      extra.push({
        kind: 'unknown_code',
        productId: null,
        sku: null,
        code: s.code,
        qty: s.qty,
        expectedSku: null,
      });
    } else {
      extra.push({
        kind: 'extra_item',
        productId: s.productId,
        sku: s.sku,
        code: null,
        qty: s.qty,
        expectedSku: null,
      });
    }
  }

  for (const line of lines) {
    line.remaining = Math.max(0, line.expected - line.scanned);
    line.over = Math.max(0, line.scanned - line.expected);
    line.status = line.remaining > 0 ? 'short' : line.over > 0 ? 'over' : 'complete';
  }
  for (const x of extra) {
    if (x.sku === null) continue;
    const target = mistakenFor(x.sku, lines, lookAlikes);
    if (target) {
      x.kind = 'wrong_item';
      x.expectedSku = target.sku;
    }
  }

  const discrepancies = discrepanciesOf(lines, extra);
  return {
    matched: discrepancies.length === 0,
    lines,
    stillExpected: lines
      .filter((l) => l.remaining > 0)
      .map((l) => ({ productId: l.productId, sku: l.sku, qty: l.remaining })),
    extra,
    discrepancies,
  };
}

/**
 * The shipment line a look-alike was probably taken for: one still short first, then the
 * closest in the substitutes' order of preference, then the first on the shipment.
 */
function mistakenFor(
  sku: string,
  lines: readonly LineResult[],
  lookAlikes: LookAlikes,
): LineResult | undefined {
  let best: { line: LineResult; key: [number, number, number] } | undefined;
  lines.forEach((line, i) => {
    const forward = lookAlikes.get(line.sku)?.indexOf(sku) ?? -1;
    const backward = lookAlikes.get(sku)?.indexOf(line.sku) ?? -1;
    const ranks = [forward, backward].filter((r) => r >= 0);
    if (ranks.length === 0) return;
    const key: [number, number, number] = [line.remaining > 0 ? 0 : 1, Math.min(...ranks), i];
    if (!best || compareKeys(key, best.key) < 0) best = { line, key };
  });
  return best?.line;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function discrepanciesOf(
  lines: readonly LineResult[],
  extra: readonly ExtraUnits[],
): Discrepancy[] {
  const out: Discrepancy[] = [];
  // A product with nothing in the box that a wrong item stood in for is told once, as that item.
  const stoodInFor = new Set(
    extra.flatMap((x) => (x.kind === 'wrong_item' && x.expectedSku ? [x.expectedSku] : [])),
  );
  for (const line of lines) {
    if (line.status === 'complete') continue;
    if (line.scanned === 0 && stoodInFor.has(line.sku)) continue;
    out.push({
      kind: line.scanned === 0 ? 'missing_item' : 'wrong_quantity',
      orderLineId: line.orderLineIds[0] ?? null,
      expectedSku: line.sku,
      expectedQty: line.expected,
      scannedSku: line.scanned === 0 ? null : line.sku,
      scannedCode: null,
      scannedQty: line.scanned,
    });
  }
  for (const x of extra) {
    const target = x.expectedSku ? lines.find((l) => l.sku === x.expectedSku) : undefined;
    out.push({
      kind: x.kind,
      orderLineId: target?.orderLineIds[0] ?? null,
      expectedSku: target?.sku ?? null,
      expectedQty: target?.expected ?? 0,
      scannedSku: x.sku,
      scannedCode: x.code,
      scannedQty: x.qty,
    });
  }
  return out;
}

/** The kind that names a mismatch (its incident's type), by precedence; null on a match. */
export function mainDiscrepancy(discrepancies: readonly Discrepancy[]): DiscrepancyKind | null {
  return discrepancyKinds.find((k) => discrepancies.some((d) => d.kind === k)) ?? null;
}

/** True when the box holds only units of the shipment, none too many: all it lacks is units. */
export function onlyShort(comparison: Comparison): boolean {
  return (
    !comparison.matched &&
    comparison.extra.length === 0 &&
    comparison.lines.every((l) => l.over === 0)
  );
}

/** What the scan of `productId` (null: no product) is, in the comparison that includes it. */
export function classifyScan(
  comparison: Comparison,
  scan: { productId: string | null; code: string },
): ScanClassification {
  if (scan.productId === null) return 'unknown_code';
  const line = comparison.lines.find((l) => l.productId === scan.productId);
  if (line) return line.over > 0 ? 'wrong_quantity' : 'expected';
  const x = comparison.extra.find((e) => e.productId === scan.productId);
  return x?.kind ?? 'extra_item';
}

/** What the packer reads after a scan. */
export function scanMessage(
  comparison: Comparison,
  scan: { productId: string | null; code: string; sku: string | null },
): string {
  const classification = classifyScan(comparison, scan);
  const line = comparison.lines.find((l) => l.productId === scan.productId);
  const x = comparison.extra.find((e) => e.productId === scan.productId);
  const sku = scan.sku ?? scan.code;
  switch (classification) {
    case 'unknown_code':
      return `Code ${scan.code} matches no product: take the item out and scan it by SKU`;
    case 'expected':
      return `${sku}: ${line?.scanned ?? 0} of ${line?.expected ?? 0}`;
    case 'wrong_quantity':
      return `${sku}: ${line?.scanned ?? 0} scanned, only ${line?.expected ?? 0} on the shipment`;
    case 'wrong_item':
      return (
        `${sku} is not on this shipment: expected ${x?.expectedSku ?? '?'}, ` +
        `probably mistaken for its look-alike ${sku}`
      );
    case 'extra_item':
      return `${sku} is not on this shipment`;
  }
}
