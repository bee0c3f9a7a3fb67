import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../db/database.js';
import { AppError } from '../../shared/app-error.js';
import { barrier, createTestDb, dialect, type TestDb } from '../../test/harness.js';
import {
  ledgerChainErrors,
  ledgerOf,
  levelOf,
  makeLocation,
  makeProduct,
  testRef,
} from './inventory.factories.js';
import { receiveStock, reserveStock } from './stock.service.js';
import { applyFeed } from './use-cases/feeds.js';

/** A fixed shuffle, so that each feed lists the SKUs in its own order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe(
  'level feeds racing each other on a PostgreSQL pool',
  {
    skip:
      dialect !== 'postgres' &&
      'SQLite runs one writer at a time (begin immediate); nothing can interleave',
  },
  () => {
    let t: TestDb;
    let db: Db;
    before(async () => {
      t = await createTestDb();
      db = t.handle.db;
    });
    after(() => t.drop());

    it('ends exact and without deadlocks when feeds list the same SKUs in different orders, creating levels', async () => {
      const loc = await makeLocation(db);
      const products: { id: string; sku: string }[] = [];
      for (let i = 0; i < 40; i++) products.push(await makeProduct(db));
      // Half the levels exist before the race; the feeds create the others.
      for (const p of products.slice(0, 20)) {
        await receiveStock(db, { productId: p.id, locationId: loc, qty: 10 }, testRef);
      }
      const onHandAt = (version: number, i: number) => 2 + ((version * 3 + i) % 17);
      const feed = (version: number, seed: number, repeat: boolean) => (trx: Db) => {
        const rows = shuffled(products, seed).map((p) => ({
          sku: p.sku,
          onHand: onHandAt(version, products.indexOf(p)),
          version,
        }));
        // A repeated SKU sends that level through the planned path, beside the one UPDATE.
        const first = products[0];
        if (repeat && first) rows.push({ sku: first.sku, onHand: 1, version: version - 1 });
        return applyFeed(
          trx,
          { source: `pos-${version}`, locationId: loc, kind: 'levels', items: rows },
          { now: testRef.now, actor: 'test' },
        );
      };
      const reserve = (ids: string[]) => async (trx: Db) => {
        for (const productId of ids) {
          await reserveStock(trx, { productId, locationId: loc, qty: 1 }, testRef);
        }
      };
      const existing = products
        .slice(0, 20)
        .map((p) => p.id)
        .sort();
      const steps: ((trx: Db) => Promise<unknown>)[] = [
        feed(20, 1, false),
        feed(40, 2, true),
        reserve(existing.slice(0, 5)),
        feed(30, 3, true),
        feed(10, 4, false),
        reserve(existing.slice(10, 15)),
      ];
      const arrive = barrier(steps.length);
      const results = await Promise.allSettled(
        steps.map((step) =>
          db.transaction().execute(async (trx) => {
            await arrive();
            return step(trx);
          }),
        ),
      );
      const failures = results.flatMap((r) =>
        r.status === 'rejected'
          ? [r.reason instanceof AppError ? r.reason.code : String(r.reason)]
          : [],
      );
      assert.deepEqual(failures, []);
      for (const [i, p] of products.entries()) {
        const level = await levelOf(db, p.id, loc);
        const ledger = await ledgerOf(db, p.id, loc);
        assert.deepEqual(ledgerChainErrors(ledger.movements), []);
        assert.deepEqual(level, { onHand: ledger.onHand, reserved: ledger.reserved });
        assert.equal(level?.onHand, onHandAt(40, i), 'the newest feed wins whatever the order');
      }
    });
  },
);
