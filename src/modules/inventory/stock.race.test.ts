import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../db/database.js';
import { AppError } from '../../shared/app-error.js';
import { barrier, createTestDb, dialect, type TestDb } from '../../test/harness.js';
import type { StockRef } from './inventory.js';
import {
  ledgerChainErrors,
  ledgerOf,
  levelOf,
  makeLocation,
  makeProduct,
  makeStock,
  testRef,
} from './inventory.factories.js';
import {
  createPurchaseOrder,
  getPurchaseOrder,
  receivePurchaseOrder,
} from './purchase-orders.service.js';
import { countStock, reserveStock, writeOffStock } from './stock.service.js';

const childScript = fileURLToPath(new URL('./race-child.ts', import.meta.url));

interface Contender {
  ready: Promise<void>;
  outcome: Promise<{ ok: boolean; code?: string }>;
  go(): void;
}

/** Starts a child process that reserves one unit when told to go. */
function contender(location: string, productId: string, locationId: string): Contender {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, location, productId, locationId],
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
  const outcome = new Promise<{ ok: boolean; code?: string }>((resolve, reject) => {
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line) as { ok: boolean; code?: string });
      else reject(new Error(`race child exited with ${code}: ${err || out}`));
    });
  });
  // A child that dies before `ready` must fail the test rather than leave it waiting.
  outcome.catch(() => markReady());
  child.stdin.on('error', () => undefined); // a child that already died is reported above
  return { ready, outcome, go: () => child.stdin.end('go\n') };
}

function codeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'ok';
  return result.reason instanceof AppError ? result.reason.code : String(result.reason);
}

function tally(codes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of codes) counts[c] = (counts[c] ?? 0) + 1;
  return counts;
}

describe(`racing for the last unit across processes (${dialect})`, () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.drop());

  it('lets exactly one of four processes reserve the last unit', { timeout: 120_000 }, async () => {
    const db = t.handle.db;
    const s = await makeStock(db, 1);
    const racers = Array.from({ length: 4 }, () =>
      contender(t.location, s.productId, s.locationId),
    );
    await Promise.all(racers.map((r) => r.ready));
    for (const r of racers) r.go();
    const outcomes = await Promise.all(racers.map((r) => r.outcome));
    assert.deepEqual(tally(outcomes.map((o) => (o.ok ? 'ok' : (o.code ?? '?')))), {
      ok: 1,
      insufficient_stock: 3,
    });
    assert.deepEqual(await levelOf(db, s.productId, s.locationId), { onHand: 1, reserved: 1 });
    const ledger = await ledgerOf(db, s.productId, s.locationId);
    assert.deepEqual(ledger.kinds, { receipt: 1, reservation: 1 });
  });
});

describe(
  'racing transactions on a PostgreSQL pool',
  {
    skip:
      dialect !== 'postgres' && 'SQLite: one connection per process; see the multi-process race',
  },
  () => {
    let t: TestDb;
    let db: Db;
    before(async () => {
      t = await createTestDb();
      db = t.handle.db;
    });
    after(() => t.drop());

    /** Runs each step in its own transaction, all open together before any of them acts. */
    function race<T>(steps: ((trx: Db) => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
      const arrive = barrier(steps.length);
      return Promise.allSettled(
        steps.map((step) =>
          db.transaction().execute(async (trx) => {
            await arrive();
            return step(trx);
          }),
        ),
      );
    }

    it('lets exactly 3 of 10 concurrent one-unit reservations succeed when 3 are available', async () => {
      const s = await makeStock(db, 3);
      const results = await race(
        Array.from({ length: 10 }, () => (trx: Db) => reserveStock(trx, { ...s, qty: 1 }, testRef)),
      );
      assert.deepEqual(tally(results.map(codeOf)), { ok: 3, insufficient_stock: 7 });
      assert.deepEqual(await levelOf(db, s.productId, s.locationId), { onHand: 3, reserved: 3 });
      const ledger = await ledgerOf(db, s.productId, s.locationId);
      assert.deepEqual(ledger.kinds, { receipt: 1, reservation: 3 });
      assert.deepEqual(ledgerChainErrors(ledger.movements), []);
    });

    it('keeps every level equal to its ledger when reservations, write-offs and counts race', async () => {
      for (let round = 0; round < 5; round++) {
        const s = await makeStock(db, 12);
        const ref: StockRef = { ...testRef, reason: `round ${round}` };
        const results = await race<unknown>([
          ...[3, 3, 3, 3].map((qty) => (trx: Db) => reserveStock(trx, { ...s, qty }, ref)),
          ...[4, 4, 4].map((qty) => (trx: Db) => writeOffStock(trx, { ...s, qty }, ref)),
          ...[6, 15, 2].map((counted) => (trx: Db) => countStock(trx, { ...s, counted }, ref)),
        ]);
        const codes = results.map(codeOf);
        assert.deepEqual(codes.slice(7), ['ok', 'ok', 'ok'], 'a count never fails');
        assert.ok(
          codes.every((c) => c === 'ok' || c === 'insufficient_stock'),
          codes.join(),
        );
        const level = await levelOf(db, s.productId, s.locationId);
        const ledger = await ledgerOf(db, s.productId, s.locationId);
        assert.deepEqual(ledgerChainErrors(ledger.movements), []);
        assert.deepEqual(level, { onHand: ledger.onHand, reserved: ledger.reserved });
        assert.equal(ledger.movements.length, 1 + codes.filter((c) => c === 'ok').length);
      }
    });

    it('creates only one of two concurrent purchase orders with the same reference', async () => {
      const locationId = await makeLocation(db);
      const p = await makeProduct(db);
      const input = {
        reference: 'PO-RACE-DUP',
        locationId,
        expectedAt: '2026-03-10T00:00:00Z',
        lines: [{ sku: p.sku, qty: 1 }],
      };
      const results = await race([
        (trx: Db) => createPurchaseOrder(trx, input, testRef),
        (trx: Db) => createPurchaseOrder(trx, input, testRef),
      ]);
      assert.deepEqual(results.map(codeOf).sort(), ['duplicate', 'ok']);
    });

    it('completes a purchase order whose two lines are received by concurrent receipts', async () => {
      const locationId = await makeLocation(db);
      const [a, b] = [await makeProduct(db), await makeProduct(db)];
      const po = await createPurchaseOrder(
        db,
        {
          reference: 'PO-RACE-1',
          locationId,
          expectedAt: '2026-03-10T00:00:00Z',
          lines: [
            { sku: a.sku, qty: 5 },
            { sku: b.sku, qty: 7 },
          ],
        },
        testRef,
      );
      const receive = (sku: string, qty: number) => (trx: Db) =>
        receivePurchaseOrder(
          trx,
          po.id,
          { lines: [{ sku, qty }] },
          { ...testRef, onReceived: null },
        );
      const results = await race<unknown>([
        receive(a.sku, 5),
        receive(b.sku, 7),
        receive(a.sku, 5),
      ]);
      const [firstA, onlyB, secondA] = results.map(codeOf);
      assert.equal(onlyB, 'ok');
      // The loser of the two receipts of line A sees it full, or the whole order received.
      const loser = firstA === 'ok' ? secondA : firstA;
      assert.ok(firstA === 'ok' || secondA === 'ok', `${firstA}, ${secondA}`);
      assert.match(loser ?? '', /^(quantity_exceeded|invalid_state)$/);
      const done = await getPurchaseOrder(db, po.id);
      assert.equal(done.status, 'received');
      assert.deepEqual(
        done.lines.map((l) => l.qtyReceived),
        [5, 7],
      );
      assert.deepEqual(await levelOf(db, a.id, locationId), { onHand: 5, reserved: 0 });
    });
  },
);
