import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFParse } from 'pdf-parse';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { lineTax } from './money.js';
import { errorOf, paidOrder } from './money.factories.js';
import type { CreditNote } from './money.js';
import { splitByWeight } from './refund-credit-lines.js';

describe('credit-note arithmetic', () => {
  it('computes tax per line from tax-inclusive amounts so net + tax = total to the cent', () => {
    assert.deepEqual(lineTax(1_290, 4, 2_100), { net: 4_264, tax: 896, total: 5_160 });
    assert.deepEqual(lineTax(999, 1, 1_000), { net: 908, tax: 91, total: 999 });
    assert.deepEqual(lineTax(-1_290, 1, 2_100), { net: -1_066, tax: -224, total: -1_290 });
    for (let unit = 1; unit < 3_000; unit += 7) {
      const { net, tax, total } = lineTax(unit, 3, 2_100);
      assert.equal(net + tax, total);
    }
  });

  it('splits an amount over tax rates by weight, adding up exactly', () => {
    const parts = splitByWeight(1_000, [
      { rate: 2_100, weight: 1 },
      { rate: 1_000, weight: 1 },
      { rate: 0, weight: 1 },
    ]);
    assert.equal(
      parts.reduce((s, p) => s + p.amount, 0),
      1_000,
    );
    assert.deepEqual(parts.map((p) => p.amount).sort(), [333, 333, 334]);
  });
});

describe(`credit notes API (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      env: { REDRESS_SELLER_NAME: 'Casa Azul S.L.', REDRESS_SELLER_TAX_ID: 'ESB12345678' },
    });
  });
  after(() => t.close());

  async function issue(body: Record<string, unknown>) {
    return t.call<CreditNote>('POST', '/api/credit-notes', { reason: 'B2B shortage', ...body });
  }

  it('issues a credit note for a B2B shortage: lines, tax, totals, seller and buyer', async () => {
    const { order } = await paidOrder(t, { lines: [{ sku: (s) => s.mug.sku, qty: 100 }] });
    const [line] = order.lines;
    assert.ok(line);
    const res = await issue({
      orderId: order.id,
      lines: [
        {
          description: 'MUG-WHITE not shipped',
          qty: 4,
          unitAmount: 1_290,
          taxRateBp: 2_100,
          orderLineId: line.id,
        },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const note = res.body;
    assert.match(note.number, /^CN-2026-\d{6}$/);
    assert.deepEqual(note.totals, { net: 4_264, tax: 896, total: 5_160 });
    assert.equal(note.seller.name, 'Casa Azul S.L.');
    assert.equal(note.seller.taxId, 'ESB12345678');
    assert.equal(note.buyer.customerId, order.customerId);
    assert.equal(note.orderId, order.id);
    const next = await issue({
      orderId: order.id,
      lines: [{ description: 'x', qty: 1, unitAmount: 100, taxRateBp: 0 }],
    });
    assert.equal(next.body.seq, note.seq + 1);
  });

  it('is immutable: no update route; a correction is a new note referencing the first', async () => {
    const { order } = await paidOrder(t);
    const first = (
      await issue({
        orderId: order.id,
        lines: [{ description: 'x', qty: 1, unitAmount: 1_000, taxRateBp: 2_100 }],
      })
    ).body;
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      assert.equal((await t.call(method, `/api/credit-notes/${first.id}`, {})).status, 404);
    }
    const negative = await issue({
      orderId: order.id,
      lines: [{ description: 'x', qty: 1, unitAmount: -200, taxRateBp: 2_100 }],
    });
    assert.deepEqual(
      errorOf(negative.body).details?.fields?.map((f) => f.path),
      ['lines.0.unitAmount'],
    );
    const fix = await issue({
      correctsId: first.id,
      reason: 'amount was 800',
      lines: [{ description: 'correction', qty: 1, unitAmount: -200, taxRateBp: 2_100 }],
    });
    assert.equal(fix.status, 201, JSON.stringify(fix.body));
    assert.equal(fix.body.correctsId, first.id);
    assert.equal(fix.body.orderId, order.id);
    assert.equal(fix.body.totals.total, -200);
    const unchanged = await t.call<CreditNote>('GET', `/api/credit-notes/${first.id}`);
    assert.deepEqual(unchanged.body, first);
  });

  it('refuses lines that are not the order’s or exceed what was ordered, and a foreign currency', async () => {
    const { order } = await paidOrder(t);
    const [line] = order.lines;
    assert.ok(line);
    const res = await issue({
      orderId: order.id,
      lines: [{ description: 'x', qty: 5, unitAmount: 1, taxRateBp: 0, orderLineId: line.id }],
    });
    assert.deepEqual(
      errorOf(res.body).details?.fields?.map((f) => f.path),
      ['lines.0.qty'],
    );
    const usd = await issue({
      orderId: order.id,
      currency: 'USD',
      lines: [{ description: 'x', qty: 1, unitAmount: 1, taxRateBp: 0 }],
    });
    assert.equal(errorOf(usd.body).code, 'currency_mismatch');
    const none = await issue({
      lines: [{ description: 'x', qty: 1, unitAmount: 1, taxRateBp: 0 }],
    });
    assert.deepEqual(
      errorOf(none.body).details?.fields?.map((f) => f.path),
      ['orderId'],
    );
  });

  it('renders a PDF that shows the number, the buyer and the total', async () => {
    const { order } = await paidOrder(t);
    const note = (
      await issue({
        orderId: order.id,
        lines: [{ description: 'Lamp, broken shade', qty: 2, unitAmount: 4_450, taxRateBp: 2_100 }],
      })
    ).body;
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/credit-notes/${note.id}.pdf`,
      headers: { authorization: `Bearer ${t.adminKey}` },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
    const text = (await parser.getText()).text;
    await parser.destroy();
    assert.ok(text.includes(note.number), text);
    assert.ok(text.includes(note.buyer.name), text);
    assert.ok(text.includes('89.00 EUR'), text);
    assert.ok(text.includes('Casa Azul S.L.'), text);
    assert.equal((await t.call('GET', '/api/credit-notes/cn_nope.pdf')).status, 404);
  });
});
