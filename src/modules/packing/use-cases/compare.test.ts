import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExpectedLine, LookAlikes, ScanTotal } from '../packing.js';
import { classifyScan, compare, mainDiscrepancy, onlyShort, scanMessage } from './compare.js';

const BLUE = { productId: 'p-blue', sku: 'TSHIRT-M-BLUE' };
const NAVY = { productId: 'p-navy', sku: 'TSHIRT-M-NAVY' };
const BLACK = { productId: 'p-black', sku: 'TSHIRT-M-BLACK' };
const MUG = { productId: 'p-mug', sku: 'MUG-WHITE' };
const LAMP = { productId: 'p-lamp', sku: 'LAMP-OAK' };
const WALNUT = { productId: 'p-walnut', sku: 'LAMP-WALNUT' };

// BLUE lists NAVY then BLACK as look-alikes; WALNUT lists OAK (the relation read backwards).
const lookAlikes: LookAlikes = new Map([
  [BLUE.sku, [NAVY.sku, BLACK.sku]],
  [WALNUT.sku, [LAMP.sku]],
]);

let n = 0;
function line(p: { productId: string; sku: string }, qty: number): ExpectedLine {
  n += 1;
  return { shipmentLineId: `sl-${n}`, orderLineId: `ol-${p.sku}`, ...p, qty };
}
function scan(p: { productId: string; sku: string }, qty = 1, code = p.sku): ScanTotal {
  return { code, productId: p.productId, sku: p.sku, qty };
}
function unknown(code: string, qty = 1): ScanTotal {
  return { code, productId: null, sku: null, qty };
}

const s1 = () => [line(BLUE, 1), line(MUG, 2)];

describe('compare (pure)', () => {
  it('matches a box holding exactly the shipment, whatever code each unit was scanned by', () => {
    const c = compare(s1(), [scan(MUG, 1, '5601234567890'), scan(BLUE), scan(MUG)], lookAlikes);
    assert.equal(c.matched, true);
    assert.deepEqual(c.discrepancies, []);
    assert.deepEqual(c.stillExpected, []);
    assert.deepEqual(c.extra, []);
    assert.deepEqual(
      c.lines.map((l) => [l.sku, l.expected, l.scanned, l.status]),
      [
        [BLUE.sku, 1, 1, 'complete'],
        [MUG.sku, 2, 2, 'complete'],
      ],
    );
    assert.equal(mainDiscrepancy(c.discrepancies), null);
  });

  it('calls a look-alike of an expected SKU a wrong item, naming what it was mistaken for', () => {
    const c = compare(s1(), [scan(NAVY)], lookAlikes);
    assert.equal(c.matched, false);
    assert.deepEqual(c.extra, [
      {
        kind: 'wrong_item',
        productId: NAVY.productId,
        sku: NAVY.sku,
        code: null,
        qty: 1,
        expectedSku: BLUE.sku,
      },
    ]);
    assert.deepEqual(c.stillExpected, [
      { productId: BLUE.productId, sku: BLUE.sku, qty: 1 },
      { productId: MUG.productId, sku: MUG.sku, qty: 2 },
    ]);
    // BLUE, which NAVY stood in for, is told once: as the wrong item, not also as missing.
    assert.deepEqual(
      c.discrepancies.map((d) => [
        d.kind,
        d.expectedSku,
        d.expectedQty,
        d.scannedSku,
        d.scannedQty,
      ]),
      [
        ['missing_item', MUG.sku, 2, null, 0],
        ['wrong_item', BLUE.sku, 1, NAVY.sku, 1],
      ],
    );
    assert.equal(c.discrepancies[1]?.orderLineId, `ol-${BLUE.sku}`);
    assert.equal(mainDiscrepancy(c.discrepancies), 'wrong_item');
    assert.equal(classifyScan(c, { productId: NAVY.productId, code: NAVY.sku }), 'wrong_item');
    assert.equal(
      scanMessage(c, { ...NAVY, code: NAVY.sku }),
      'TSHIRT-M-NAVY is not on this shipment: expected TSHIRT-M-BLUE, probably mistaken for its look-alike TSHIRT-M-NAVY',
    );
  });

  it('finds the look-alike relation in either direction', () => {
    const c = compare([line(WALNUT, 1)], [scan(LAMP)], lookAlikes);
    assert.equal(c.extra[0]?.kind, 'wrong_item');
    assert.equal(c.extra[0]?.expectedSku, WALNUT.sku);
  });

  it('keeps a wrong item beside a short line of the product it was mistaken for', () => {
    const c = compare([line(BLUE, 2)], [scan(BLUE), scan(NAVY)], lookAlikes);
    assert.deepEqual(
      c.discrepancies.map((d) => [d.kind, d.expectedSku, d.scannedSku, d.scannedQty]),
      [
        ['wrong_quantity', BLUE.sku, BLUE.sku, 1],
        ['wrong_item', BLUE.sku, NAVY.sku, 1],
      ],
    );
  });

  it('prefers a short line, then the closer look-alike, as what a wrong item was taken for', () => {
    // NAVY is a look-alike of BLUE; make it one of BLACK too, ranked first there.
    const both: LookAlikes = new Map([
      [BLUE.sku, [BLACK.sku, NAVY.sku]],
      [BLACK.sku, [NAVY.sku]],
    ]);
    const shortBlack = compare([line(BLUE, 1), line(BLACK, 1)], [scan(BLUE), scan(NAVY)], both);
    assert.equal(shortBlack.extra[0]?.expectedSku, BLACK.sku);
    const shortBoth = compare([line(BLUE, 1), line(BLACK, 1)], [scan(NAVY)], both);
    assert.equal(shortBoth.extra[0]?.expectedSku, BLACK.sku, 'rank 0 for BLACK beats rank 1');
    const noneShort = compare([line(BLUE, 1)], [scan(BLUE), scan(NAVY)], lookAlikes);
    assert.equal(noneShort.extra[0]?.kind, 'wrong_item', 'a look-alike stays a wrong item');
    assert.equal(noneShort.extra[0]?.expectedSku, BLUE.sku);
  });

  it('reports a product with nothing in the box as a missing item', () => {
    const c = compare(s1(), [scan(BLUE)], lookAlikes);
    assert.deepEqual(
      c.discrepancies.map((d) => [d.kind, d.expectedSku, d.expectedQty, d.scannedQty]),
      [['missing_item', MUG.sku, 2, 0]],
    );
    assert.equal(mainDiscrepancy(c.discrepancies), 'missing_item');
    assert.equal(onlyShort(c), true);
  });

  it('reports too few units as a wrong quantity that only lacks units', () => {
    const c = compare([line(MUG, 3)], [scan(MUG), scan(MUG)], lookAlikes);
    assert.deepEqual(c.lines[0] && [c.lines[0].remaining, c.lines[0].over, c.lines[0].status], [
      1,
      0,
      'short',
    ]);
    assert.deepEqual(
      c.discrepancies.map((d) => [d.kind, d.expectedQty, d.scannedSku, d.scannedQty]),
      [['wrong_quantity', 3, MUG.sku, 2]],
    );
    assert.deepEqual(c.stillExpected, [{ productId: MUG.productId, sku: MUG.sku, qty: 1 }]);
    assert.equal(onlyShort(c), true);
    assert.equal(classifyScan(c, { productId: MUG.productId, code: MUG.sku }), 'expected');
    assert.equal(scanMessage(c, { ...MUG, code: MUG.sku }), 'MUG-WHITE: 2 of 3');
  });

  it('reports too many units as a wrong quantity, and the scan that went over as one', () => {
    const c = compare([line(MUG, 1)], [scan(MUG, 2)], lookAlikes);
    assert.deepEqual(c.lines[0] && [c.lines[0].remaining, c.lines[0].over, c.lines[0].status], [
      0,
      1,
      'over',
    ]);
    assert.deepEqual(
      c.discrepancies.map((d) => [d.kind, d.expectedQty, d.scannedQty]),
      [['wrong_quantity', 1, 2]],
    );
    assert.equal(onlyShort(c), false);
    assert.equal(classifyScan(c, { productId: MUG.productId, code: MUG.sku }), 'wrong_quantity');
    assert.match(scanMessage(c, { ...MUG, code: MUG.sku }), /2 scanned, only 1 on the shipment/);
  });

  it('calls a product that is on neither side of a look-alike an extra item', () => {
    const c = compare(s1(), [scan(BLUE), scan(MUG, 2), scan(LAMP)], lookAlikes);
    assert.deepEqual(c.extra, [
      {
        kind: 'extra_item',
        productId: LAMP.productId,
        sku: LAMP.sku,
        code: null,
        qty: 1,
        expectedSku: null,
      },
    ]);
    assert.deepEqual(
      c.discrepancies.map((d) => [
        d.kind,
        d.expectedSku,
        d.expectedQty,
        d.scannedSku,
        d.scannedQty,
      ]),
      [['extra_item', null, 0, LAMP.sku, 1]],
    );
    assert.equal(mainDiscrepancy(c.discrepancies), 'extra_item');
    assert.equal(onlyShort(c), false);
    assert.equal(classifyScan(c, { productId: LAMP.productId, code: LAMP.sku }), 'extra_item');
  });

  it('keeps a code that matches no product as an unknown code, added up per code', () => {
    const c = compare(
      s1(),
      [scan(BLUE), scan(MUG, 2), unknown('0000'), unknown('0000', 2)],
      lookAlikes,
    );
    assert.deepEqual(c.extra, [
      { kind: 'unknown_code', productId: null, sku: null, code: '0000', qty: 3, expectedSku: null },
    ]);
    assert.deepEqual(
      c.discrepancies.map((d) => [d.kind, d.scannedCode, d.scannedQty]),
      [['unknown_code', '0000', 3]],
    );
    assert.equal(mainDiscrepancy(c.discrepancies), 'unknown_code');
    assert.equal(classifyScan(c, { productId: null, code: '0000' }), 'unknown_code');
    assert.match(
      scanMessage(c, { productId: null, sku: null, code: '0000' }),
      /matches no product/,
    );
  });

  it('adds up shipment lines of one product and units of one product under several codes', () => {
    const c = compare(
      [line(MUG, 1), line(MUG, 2)],
      [scan(MUG, 1, 'EAN'), scan(MUG, 2)],
      lookAlikes,
    );
    assert.equal(c.matched, true);
    assert.equal(c.lines.length, 1);
    assert.equal(c.lines[0]?.expected, 3);
  });

  it('expects everything of an empty box', () => {
    const c = compare(s1(), [], lookAlikes);
    assert.equal(c.matched, false);
    assert.deepEqual(
      c.discrepancies.map((d) => d.kind),
      ['missing_item', 'missing_item'],
    );
    assert.equal(c.stillExpected.length, 2);
  });

  it('names a mismatch by the first kind in the order of precedence', () => {
    const c = compare(s1(), [scan(MUG, 3), unknown('X'), scan(LAMP)], lookAlikes);
    assert.deepEqual(
      c.discrepancies.map((d) => d.kind),
      ['missing_item', 'wrong_quantity', 'unknown_code', 'extra_item'],
    );
    assert.equal(mainDiscrepancy(c.discrepancies), 'missing_item');
  });
});
