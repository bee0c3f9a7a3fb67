import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { errorOf, incidentOf, paidOrder, refundOk, timelineOf } from './money.factories.js';
import {
  majorUnits,
  type ContractPenalty,
  type CreditNote,
  type IncidentCost,
  type Refund,
  type Voucher,
} from './money.js';
import { csvField, ledgerCsvHeader } from './use-cases/ledger.js';

interface LedgerPage {
  data: IncidentCost[];
  nextCursor: string | null;
  totals: { currency: string; party: string; amount: number; count: number }[];
}

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && next === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

describe('ledger formats', () => {
  it('writes major units with two decimals without floats, and quotes per RFC 4180', () => {
    assert.deepEqual(
      [majorUnits(129_000, 'EUR'), majorUnits(-5, 'EUR'), majorUnits(1_290, 'JPY')],
      ['1290.00', '-0.05', '1290'],
    );
    assert.equal(csvField('a "b", c'), '"a ""b"", c"');
    assert.equal(csvField('plain'), 'plain');
  });
});

describe(`incident cost ledger (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('totals equal the sum of the documents that caused them', async () => {
    const { order } = await paidOrder(t, { lines: [{ sku: (s) => s.lamp.sku, qty: 1 }] });
    const incident = await incidentOf(t, order, { type: 'wrong_item' });
    const refunds: Refund[] = [];
    for (const amount of [1_000, 250]) {
      const r = await refundOk(t, {
        orderId: order.id,
        incidentId: incident.id,
        amount,
        currency: 'EUR',
        reason: 'part',
      });
      const issued = await t.call<Refund>('POST', `/api/refunds/${r.id}/confirm`, {
        reference: `T-${amount}`,
      });
      refunds.push(issued.body);
    }
    const notIssued = await refundOk(t, {
      orderId: order.id,
      incidentId: incident.id,
      amount: 99,
      currency: 'EUR',
      reason: 'pending',
    });
    assert.equal(notIssued.state, 'approved');
    await t.call('POST', `/api/store-credit/${order.customerId}/credit`, {
      amount: 400,
      currency: 'EUR',
      reason: 'sorry',
      incidentId: incident.id,
    });
    const voucher = await t.call<Voucher>('POST', '/api/vouchers', {
      customerId: order.customerId,
      incidentId: incident.id,
      kind: 'percent',
      percentBp: 1_500,
      currency: 'EUR',
      reason: 'sorry',
      maxRedemptions: 2,
    });
    for (const amount of [2_000, 3_333]) {
      await t.call('POST', '/api/vouchers/redeem', {
        code: voucher.body.code,
        orderRef: `N-${amount}`,
        orderAmount: amount,
        currency: 'EUR',
        idempotencyKey: `ledger-${amount}`,
      });
    }
    const ledger = await t.call<LedgerPage>('GET', `/api/ledger?incidentId=${incident.id}&limit=2`);
    assert.equal(ledger.status, 200, JSON.stringify(ledger.body));
    const all: IncidentCost[] = [...ledger.body.data];
    let cursor = ledger.body.nextCursor;
    while (cursor) {
      const page = await t.call<LedgerPage>(
        'GET',
        `/api/ledger?incidentId=${incident.id}&limit=2&cursor=${cursor}`,
      );
      all.push(...page.body.data);
      cursor = page.body.nextCursor;
    }
    const byKind = (kind: string) =>
      all.filter((c) => c.kind === kind).reduce((s, c) => s + c.amount, 0);
    const redemptions = (
      await t.call<{ redemptionsList: { discountAmount: number }[] }>(
        'GET',
        `/api/vouchers/${voucher.body.id}`,
      )
    ).body.redemptionsList;
    assert.equal(
      byKind('refund'),
      refunds.reduce((s, r) => s + r.amount, 0),
    );
    assert.equal(byKind('store_credit'), 400);
    assert.equal(
      byKind('voucher'),
      redemptions.reduce((s, r) => s + r.discountAmount, 0),
    );
    assert.equal(byKind('voucher'), 300 + 500);
    const total = ledger.body.totals.reduce((s, x) => s + x.amount, 0);
    assert.equal(
      total,
      all.reduce((s, c) => s + c.amount, 0),
    );
    const notes = await t.call<{ data: CreditNote[] }>(
      'GET',
      `/api/credit-notes?incidentId=${incident.id}`,
    );
    assert.equal(
      notes.body.data.reduce((s, n) => s + n.totals.total, 0),
      byKind('refund') + byKind('store_credit'),
    );
  });

  it('exports CSV an accountant can import: header, quoting, major and minor amounts', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const note = 'carrier claim "B-7", second parcel';
    const posted = await t.call<IncidentCost>('POST', '/api/ledger', {
      incidentId: incident.id,
      kind: 'write_off',
      amount: 4_990,
      currency: 'EUR',
      party: 'carrier',
      note,
    });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/ledger/export?format=csv&incidentId=${incident.id}`,
      headers: { authorization: `Bearer ${t.adminKey}` },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.ok(res.body.endsWith('\r\n'));
    const rows = parseCsv(res.body);
    assert.deepEqual(rows[0], ledgerCsvHeader);
    const row = rows.find((r) => r[1] === posted.body.id);
    assert.ok(row, res.body);
    const col = (name: string) => row[ledgerCsvHeader.indexOf(name)];
    assert.deepEqual(
      [col('amount'), col('amount_minor'), col('currency'), col('party'), col('note')],
      ['49.90', '4990', 'EUR', 'carrier', note],
    );
    assert.ok(!Number.isNaN(Date.parse(col('date') ?? '')));
  });

  it('filters by party and period', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const from = t.clock.now().toISOString();
    await t.call('POST', '/api/ledger', {
      incidentId: incident.id,
      kind: 'pickup',
      amount: 700,
      currency: 'EUR',
      party: 'supplier',
    });
    t.clock.advance(3_600_000);
    const to = t.clock.now().toISOString();
    await t.call('POST', '/api/ledger', {
      incidentId: incident.id,
      kind: 'pickup',
      amount: 800,
      currency: 'EUR',
      party: 'supplier',
    });
    const res = await t.call<LedgerPage>('GET', `/api/ledger?party=supplier&from=${from}&to=${to}`);
    assert.deepEqual(
      res.body.data.map((c) => c.amount),
      [700],
    );
    const bad = await t.call('GET', '/api/ledger?party=aliens');
    assert.deepEqual(
      errorOf(bad.body).details?.fields?.map((f) => f.path),
      ['querystring.party'],
    );
  });
});

describe(`B2B contracts (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function b2bCustomer(): Promise<string> {
    const res = await t.call<{ id: string }>('POST', '/api/customers', {
      name: 'Hotel Lisboa',
      tier: 'b2b',
      contract: {
        fillRateTarget: 0.98,
        onTimeTarget: 0.95,
        penaltyBpOfShortfall: 300,
        catchUpDays: 7,
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id;
  }

  it('S9: credit note for 4 × 1,290; penalty avoided when the four ship in time, incurred when not', async () => {
    const customerId = await b2bCustomer();
    const outcomes: ContractPenalty[] = [];
    for (const metInTime of [true, false]) {
      const { order } = await paidOrder(t, {
        lines: [{ sku: (s) => s.mug.sku, qty: 100 }],
        customerId,
      });
      const [line] = order.lines;
      assert.ok(line);
      const incident = await incidentOf(t, order, { type: 'missing_item' });
      const note = await t.call<CreditNote>('POST', '/api/credit-notes', {
        orderId: order.id,
        incidentId: incident.id,
        reason: '4 mugs short',
        lines: [
          {
            description: 'MUG-WHITE short',
            qty: 4,
            unitAmount: 1_290,
            taxRateBp: 2_100,
            orderLineId: line.id,
          },
        ],
      });
      assert.equal(note.body.totals.total, 5_160);
      const dueBy = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString();
      if (!metInTime) {
        const early = await t.call('POST', '/api/contract-outcomes', {
          incidentId: incident.id,
          orderId: order.id,
          customerId,
          shortfallAmount: 5_160,
          currency: 'EUR',
          dueBy,
          metAt: null,
        });
        assert.equal(errorOf(early.body).code, 'invalid_state', 'not known before the deadline');
        t.clock.advance(8 * 86_400_000);
      }
      const metAt = metInTime
        ? new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString()
        : null;
      const res = await t.call<ContractPenalty>('POST', '/api/contract-outcomes', {
        incidentId: incident.id,
        orderId: order.id,
        customerId,
        shortfallAmount: 5_160,
        currency: 'EUR',
        dueBy,
        metAt,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      outcomes.push(res.body);
      const costs = await t.call<LedgerPage>(
        'GET',
        `/api/ledger?incidentId=${incident.id}&kind=penalty`,
      );
      assert.deepEqual(
        costs.body.data.map((c) => [c.amount, c.party]),
        metInTime ? [] : [[155, 'warehouse']],
      );
      assert.ok(
        (await timelineOf(t, incident.id)).some((e) =>
          e.message.includes(metInTime ? 'avoided' : 'incurred'),
        ),
      );
    }
    assert.deepEqual(
      outcomes.map((o) => [o.outcome, o.amount]),
      [
        ['avoided', 155],
        ['incurred', 155],
      ],
    );
  });

  it('records nothing for a customer without a contract', async () => {
    const { order } = await paidOrder(t);
    const incident = await incidentOf(t, order);
    const res = await t.call('POST', '/api/contract-outcomes', {
      incidentId: incident.id,
      orderId: order.id,
      customerId: order.customerId,
      shortfallAmount: 100,
      currency: 'EUR',
      dueBy: t.clock.now().toISOString(),
      metAt: null,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body, null);
  });
});
