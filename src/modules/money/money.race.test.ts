import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { errorOf, incidentOf, paidOrder } from './money.factories.js';
import type { CreditNote, Voucher } from './money.js';
import { moneySettings } from './money.settings.js';
import { issueCreditNote } from './use-cases/credit-notes.js';

const childScript = fileURLToPath(new URL('./race-child.ts', import.meta.url));

interface Outcome {
  ok: boolean;
  code?: string;
  details?: Record<string, unknown>;
  result?: unknown;
}

/** Starts `n` processes, each with its own connection, and lets them go at once. */
async function race(location: string, n: number, action: string, args: object): Promise<Outcome[]> {
  const racers = Array.from({ length: n }, () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', childScript, location, action, JSON.stringify(args)],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.startsWith('ready\n')) markReady();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const outcome = new Promise<Outcome>((resolve, reject) => {
      child.on('close', (code) => {
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (code === 0 && line) resolve(JSON.parse(line) as Outcome);
        else reject(new Error(`race child exited with ${code}: ${err || out}`));
      });
    });
    outcome.catch(() => markReady());
    child.stdin.on('error', () => undefined);
    return { ready, outcome, go: () => child.stdin.end('go\n') };
  });
  await Promise.all(racers.map((r) => r.ready));
  for (const r of racers) r.go();
  return Promise.all(racers.map((r) => r.outcome));
}

function tally(codes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of codes) counts[c] = (counts[c] ?? 0) + 1;
  return counts;
}

describe(`money under concurrency (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  const now = () => t.clock.now().toISOString();

  it('S12: of two refunds of 3,000 at once on 4,990 paid, exactly one succeeds', async () => {
    const { order } = await paidOrder(t);
    assert.equal(order.totals.paid, 4_990);
    const body = { orderId: order.id, amount: 3_000, currency: 'EUR', reason: 'S12' };
    const results = await Promise.all([
      t.call('POST', '/api/refunds', body),
      t.call('POST', '/api/refunds', body),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
    const refused = results.find((r) => r.status === 409);
    assert.equal(errorOf(refused?.body).code, 'amount_exceeds_refundable');
    assert.equal(errorOf(refused?.body).details?.remaining, 1_990);
  });

  it('auto-approves only one of two concurrent refunds that together pass the incident limit', async () => {
    const { order } = await paidOrder(t, { lines: [{ sku: (s) => s.blue.sku, qty: 2 }] });
    assert.ok(order.totals.paid >= 6_000);
    const incident = await incidentOf(t, order);
    const body = {
      orderId: order.id,
      incidentId: incident.id,
      amount: 3_000,
      currency: 'EUR',
      reason: 'half',
    };
    const results = await Promise.all([
      t.call<{ state: string }>('POST', '/api/refunds', body),
      t.call<{ state: string }>('POST', '/api/refunds', body),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 201],
    );
    assert.deepEqual(results.map((r) => r.body.state).sort(), ['approved', 'requested']);
  });

  it('answers two concurrent requests with one idempotency key with one refund', async () => {
    const { order } = await paidOrder(t);
    const body = {
      orderId: order.id,
      amount: 1_000,
      currency: 'EUR',
      reason: 'twice',
      idempotencyKey: 'same-key-race',
    };
    const [a, b] = await Promise.all([
      t.call<{ id: string }>('POST', '/api/refunds', body),
      t.call<{ id: string }>('POST', '/api/refunds', body),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 201]);
    assert.equal(a.body.id, b.body.id);
  });

  it(
    'lets one of three processes refund 3,000 of 4,990; the others are told 1,990 remain',
    { timeout: 120_000 },
    async () => {
      const { order } = await paidOrder(t);
      const outcomes = await race(t.testDb.location, 3, 'refund', {
        orderId: order.id,
        amount: 3_000,
        now: now(),
      });
      assert.deepEqual(tally(outcomes.map((o) => (o.ok ? 'ok' : (o.code ?? '?')))), {
        ok: 1,
        amount_exceeds_refundable: 2,
      });
      for (const o of outcomes.filter((x) => !x.ok)) assert.equal(o.details?.remaining, 1_990);
      const list = await t.call<{ data: { amount: number }[] }>(
        'GET',
        `/api/refunds?orderId=${order.id}`,
      );
      assert.deepEqual(
        list.body.data.map((r) => r.amount),
        [3_000],
      );
    },
  );

  it(
    'numbers credit notes 1..N without gap or repeat when three processes issue at once',
    { timeout: 120_000 },
    async () => {
      const { order } = await paidOrder(t);
      const outcomes = await race(t.testDb.location, 3, 'credit-notes', {
        customerId: order.customerId,
        count: 8,
        series: 'RC',
        now: now(),
      });
      assert.ok(
        outcomes.every((o) => o.ok),
        JSON.stringify(outcomes),
      );
      const numbers = outcomes.flatMap((o) => o.result as string[]);
      const seqs = numbers.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b);
      assert.deepEqual(
        seqs,
        Array.from({ length: 24 }, (_, i) => i + 1),
      );
      assert.ok(numbers.every((n) => /^RC-2026-\d{6}$/.test(n)));
    },
  );

  it('numbers 40 credit notes issued at once through one pool gaplessly', async () => {
    const { order } = await paidOrder(t);
    const issue = () =>
      issueCreditNote(
        t.ctx.db,
        {
          customerId: order.customerId,
          currency: 'EUR',
          series: 'PL',
          reason: 'pool race',
          lines: [{ description: 'x', qty: 1, unitAmount: 100, taxRateBp: 0 }],
        },
        { now: now(), actor: 'test' },
        moneySettings(t.ctx.config),
      );
    const notes: CreditNote[] = await Promise.all(Array.from({ length: 40 }, issue));
    assert.deepEqual(
      notes.map((n) => n.seq).sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });

  it(
    'redeems a single-use voucher once when three processes try at once',
    { timeout: 120_000 },
    async () => {
      const { order } = await paidOrder(t);
      const voucher = await t.call<Voucher>('POST', '/api/vouchers', {
        customerId: order.customerId,
        kind: 'fixed',
        amount: 500,
        currency: 'EUR',
        reason: 'race',
      });
      assert.equal(voucher.status, 201);
      const outcomes = await race(t.testDb.location, 3, 'redeem', {
        code: voucher.body.code,
        now: now(),
      });
      assert.deepEqual(tally(outcomes.map((o) => (o.ok ? 'ok' : (o.code ?? '?')))), {
        ok: 1,
        voucher_not_redeemable: 2,
      });
      const after = await t.call<Voucher>('GET', `/api/vouchers/${voucher.body.id}`);
      assert.equal(after.body.redemptions, 1);
    },
  );

  it(
    'lets one of three agents give a 3,000 voucher when the incident limit is 5,000',
    { timeout: 120_000 },
    async () => {
      const { order } = await paidOrder(t);
      const incident = await incidentOf(t, order);
      const outcomes = await race(t.testDb.location, 3, 'voucher', {
        customerId: order.customerId,
        incidentId: incident.id,
        amount: 3_000,
        limit: 5_000,
        now: now(),
      });
      assert.deepEqual(tally(outcomes.map((o) => (o.ok ? 'ok' : (o.code ?? '?')))), {
        ok: 1,
        approval_required: 2,
      });
      for (const o of outcomes.filter((x) => !x.ok)) assert.equal(o.details?.alreadyGiven, 3_000);
      const list = await t.call<{ data: Voucher[] }>(
        'GET',
        `/api/vouchers?incidentId=${incident.id}`,
      );
      assert.equal(list.body.data.length, 1);
    },
  );
});
