import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AffectedLine, RemedyFacts, StockAt } from './facts.js';
import { defaultPolicyText, parsePolicy, type Policy } from './policy.js';
import { draftPlan } from './rules.js';

const policy = parsePolicy(defaultPolicyText);
const NOW = '2026-03-02T09:00:00.000Z';

const at = (code: string, o: Partial<StockAt> = {}): StockAt => ({
  locationId: `loc_${code}`,
  code,
  kind: code.startsWith('S') ? 'store' : 'warehouse',
  zone: code === 'W1' || code === 'S1' ? 'city' : 'national',
  canShip: !code.startsWith('S'),
  canPickup: code.startsWith('S'),
  available: 5,
  ...o,
});

function line(o: Partial<AffectedLine> = {}): AffectedLine {
  return {
    orderLineId: 'ol_1',
    productId: 'prd_blue',
    sku: 'TSHIRT-M-BLUE',
    name: 'Blue shirt',
    unitPrice: 4990,
    taxRateBp: 2300,
    qty: 1,
    value: 4990,
    wrongItem: null,
    unallocated: 0,
    shipped: 1,
    stock: [at('W1')],
    substitutes: [],
    nextInbound: null,
    ...o,
  };
}

function facts(o: Partial<RemedyFacts> = {}): RemedyFacts {
  const affected = o.affected ?? [line()];
  return {
    incidentId: 'inc_1',
    type: 'wrong_item',
    source: 'customer',
    severity: 'medium',
    detectedAt: NOW,
    rootCause: 'look_alike_sku',
    locationId: 'loc_W1',
    zone: 'city',
    currency: 'EUR',
    customer: { id: 'cus_1', tier: 'b2c', priorIncidents: 0, contract: null },
    order: {
      id: 'ord_1',
      status: 'completed',
      value: 7570,
      shipping: 490,
      paid: 8060,
      promisedAt: NOW,
      deliveryMethod: 'ship',
      pickupLocationId: null,
    },
    shipment: {
      id: 'shp_1',
      kind: 'outbound',
      status: 'delivered',
      locationId: 'loc_W1',
      deliveredAt: NOW,
    },
    affectedValue: affected.reduce((s, a) => s + a.value, 0),
    daysLate: 0,
    locations: ['W1', 'W2', 'S1', 'S2'].map((c) => {
      const s = at(c);
      return {
        id: s.locationId,
        code: c,
        kind: s.kind,
        zone: s.zone,
        canShip: s.canShip,
        canPickup: s.canPickup,
        canReturn: true,
      };
    }),
    detection: null,
    ...o,
    affected,
  };
}

const wrongNavy = line({
  wrongItem: { productId: 'prd_navy', sku: 'TSHIRT-M-NAVY', price: 4990, qty: 1 },
});
const option = (p: ReturnType<typeof draftPlan>, id: string) => {
  const o = p.options.find((x) => x.id === id);
  assert.ok(o, id);
  return o;
};

describe('remedy rules (pure)', () => {
  it('wrong item in the city: reship same day + free pickup + voucher by default; refund, keep, credit beside', () => {
    const p = draftPlan(policy, facts({ affected: [wrongNavy] }), NOW);
    assert.equal(p.rule.id, 'wrong-item');
    assert.equal(p.defaultOptionId, 'reship');
    const reship = option(p, 'reship');
    assert.deepEqual(reship.actions, ['reship', 'return_pickup', 'voucher']);
    const spec = reship.steps[0];
    assert.ok(spec?.kind === 'reship');
    assert.equal(spec.serviceLevel, 'same_day');
    assert.equal(spec.locationId, 'loc_W1');
    assert.equal(Date.parse(spec.promisedAt) - Date.parse(NOW), 12 * 3_600_000);
    assert.deepEqual(
      reship.bonus,
      { amount: 500, currency: 'EUR' },
      '10% of 4,990 is below the 500 floor',
    );
    const refund = option(p, 'refund');
    assert.deepEqual(refund.value, { amount: 4990, currency: 'EUR' });
    assert.deepEqual(refund.actions, ['refund', 'return_pickup']);
    assert.deepEqual(option(p, 'keep_discount').value, { amount: 998, currency: 'EUR' });
    assert.deepEqual(option(p, 'store_credit').bonus, { amount: 499, currency: 'EUR' });
    assert.equal(p.compensation?.needsApproval, false);
  });

  it('national zone reships express within 24 h', () => {
    const p = draftPlan(policy, facts({ zone: 'national', affected: [wrongNavy] }), NOW);
    const spec = option(p, 'reship').steps[0];
    assert.ok(spec?.kind === 'reship');
    assert.equal(spec.serviceLevel, 'express');
    assert.equal(Date.parse(spec.promisedAt) - Date.parse(NOW), 24 * 3_600_000);
  });

  it('keeps a wrong item worth less than twice the pickup cost instead of collecting it', () => {
    const cheap = line({
      unitPrice: 1290,
      value: 1290,
      wrongItem: { productId: 'p', sku: 'MUG', price: 1290, qty: 1 },
    });
    const p = draftPlan(policy, facts({ affected: [cheap] }), NOW);
    assert.deepEqual(option(p, 'reship').actions, ['reship', 'voucher']);
    assert.match(option(p, 'reship').customerGets, /keep the 1 × MUG/);
  });

  it('offers no reship when no location that ships has the item, and says why', () => {
    const p = draftPlan(policy, facts({ affected: [{ ...wrongNavy, stock: [at('S1')] }] }), NOW);
    assert.equal(option(p, 'reship').available, false);
    assert.match(option(p, 'reship').reason, /no location that ships has 1 × TSHIRT-M-BLUE/);
    assert.equal(p.defaultOptionId, 'refund');
  });

  it('missing from a delivered parcel: the unit goes again as a reship, not a second allocation', () => {
    const p = draftPlan(policy, facts({ type: 'missing_item', affected: [line()] }), NOW);
    assert.equal(p.rule.id, 'missing-item');
    assert.equal(p.defaultOptionId, 'ship_missing');
    const ship = option(p, 'ship_missing');
    assert.deepEqual(ship.actions, ['reship', 'voucher']);
    const spec = ship.steps[0];
    assert.ok(spec?.kind === 'reship');
    assert.deepEqual(
      spec.units.map((u) => [u.sku, u.qty]),
      [['TSHIRT-M-BLUE', 1]],
    );
  });

  it('waits for a missing unit still held by a shipment that has not left, and says why', () => {
    const p = draftPlan(
      policy,
      facts({ type: 'missing_item', affected: [line({ shipped: 0 })] }),
      NOW,
    );
    const ship = option(p, 'ship_missing');
    assert.equal(ship.available, false);
    assert.match(ship.reason, /1 × TSHIRT-M-BLUE still sit on a shipment that has not left/);
  });

  it('gives a second failure within 90 days × 1.5 compensation, with the cap × 1.5, and asks for approval above 5,000', () => {
    const big = line({
      unitPrice: 60_000,
      value: 60_000,
      wrongItem: { productId: 'p', sku: 'X', price: 60_000, qty: 1 },
    });
    const first = draftPlan(policy, facts({ affected: [big] }), NOW);
    assert.equal(option(first, 'reship').bonus?.amount, 5000);
    assert.equal(first.compensation?.needsApproval, false);
    const second = draftPlan(
      policy,
      facts({
        affected: [big],
        customer: { id: 'c', tier: 'b2c', priorIncidents: 1, contract: null },
      }),
      NOW,
    );
    assert.equal(option(second, 'reship').bonus?.amount, 7500);
    assert.equal(second.compensation?.needsApproval, true);
    assert.match(second.explain.compensation ?? '', /× 1.5 for an earlier incident within 90 days/);
    const small = draftPlan(
      policy,
      facts({
        affected: [wrongNavy],
        customer: { id: 'c', tier: 'b2c', priorIncidents: 1, contract: null },
      }),
      NOW,
    );
    assert.equal(option(small, 'reship').bonus?.amount, 750, '500 floor × 1.5');
  });

  it('late delivery: 5% of the order per day late, at most 20%, chosen without waiting', () => {
    const f = facts({
      type: 'late_delivery',
      affected: [],
      daysLate: 2,
      shipment: {
        id: 'shp_1',
        kind: 'outbound',
        status: 'shipped',
        locationId: 'loc_W1',
        deliveredAt: null,
      },
    });
    const p = draftPlan(policy, f, NOW);
    assert.equal(p.automatic, true);
    assert.equal(p.defaultOptionId, 'late_voucher');
    assert.deepEqual(option(p, 'late_voucher').value, { amount: 757, currency: 'EUR' });
    assert.deepEqual(option(p, 'late_voucher').actions, ['voucher', 'await_delivery']);
    const capped = draftPlan(policy, { ...f, daysLate: 9 }, NOW);
    assert.deepEqual(option(capped, 'late_voucher').value, { amount: 1514, currency: 'EUR' });
  });

  it('stock-out: explains an in-store alternative that is not offered', () => {
    const lamp = line({
      sku: 'LAMP-OAK',
      unitPrice: 8900,
      value: 8900,
      unallocated: 1,
      stock: [],
      substitutes: [
        { productId: 'prd_w', sku: 'LAMP-WALNUT', name: 'Walnut', price: 9900, stock: [at('S2')] },
      ],
      nextInbound: {
        expectedAt: '2026-03-08T09:00:00.000Z',
        reference: 'PO-1',
        qty: 5,
        locationId: 'loc_W1',
      },
    });
    const p = draftPlan(
      policy,
      facts({ type: 'stockout', affected: [lamp], order: { ...facts().order!, status: 'open' } }),
      NOW,
    );
    assert.equal(p.defaultOptionId, 'wait_restock');
    const store = p.explain.options.find((o) => o.id === 'store_substitute');
    assert.equal(store?.offered, false);
    assert.match(
      store?.why ?? '',
      /no store within the city zone has a substitute of LAMP-OAK in stock/,
    );
    assert.deepEqual(option(p, 'wait_restock').value, { amount: 890, currency: 'EUR' });
    assert.equal(option(p, 'cancel_refund').available, true);
  });

  it('keeps a refund on offer where the law requires it, even if the rule forgot it', () => {
    const edited: Policy = {
      ...policy,
      rules: policy.rules.map((r) => (r.id === 'damaged' ? { ...r, options: ['replace'] } : r)),
    };
    const p = draftPlan(edited, facts({ type: 'damaged', affected: [line()] }), NOW);
    assert.deepEqual(
      p.options.map((o) => o.id),
      ['replace', 'refund'],
    );
  });

  it('B2B shortage: credit note, priority backorder and contract outcome, automatically', () => {
    const mugs = line({
      sku: 'MUG',
      unitPrice: 1290,
      qty: 4,
      value: 5160,
      unallocated: 4,
      stock: [],
    });
    const contract = {
      fillRateTarget: 0.98,
      onTimeTarget: 0.95,
      penaltyBpOfShortfall: 300,
      penaltyFixedPerBreach: 0,
      catchUpDays: 7,
    };
    const p = draftPlan(
      policy,
      facts({
        type: 'stockout',
        affected: [mugs],
        customer: { id: 'c', tier: 'b2b', priorIncidents: 0, contract },
      }),
      NOW,
    );
    assert.equal(p.rule.id, 'b2b-shortage');
    assert.equal(p.automatic, true);
    assert.deepEqual(option(p, 'b2b_credit_backorder').actions, [
      'credit_note',
      'backorder',
      'contract_outcome',
    ]);
    assert.ok(p.explain.rulesSkipped.length === 0);
  });
});
