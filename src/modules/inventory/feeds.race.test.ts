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

describe(
  'feeds racing other stock changes on a PostgreSQL pool',
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

    it('keeps levels equal to their ledger when feeds race reservations', async () => {
      const loc = await makeLocation(db);
      const products: { id: string; sku: string }[] = [];
      for (let i = 0; i < 6; i++) products.push(await makeProduct(db));
      for (const p of products) {
        await receiveStock(db, { productId: p.id, locationId: loc, qty: 10 }, testRef);
      }
      const sorted = [...products].sort((a, b) => a.id.localeCompare(b.id));
      const feed = (version: number, onHand: number) => (trx: Db) =>
        applyFeed(
          trx,
          {
            source: `pos-${version}`,
            locationId: loc,
            kind: 'levels',
            // Rows in reverse product order: the feed must still lock in product order.
            items: [...products].reverse().map((p) => ({ sku: p.sku, onHand, version })),
          },
          { now: testRef.now, actor: 'test' },
        );
      const reserve = (ids: string[]) => async (trx: Db) => {
        for (const productId of ids) {
          await reserveStock(trx, { productId, locationId: loc, qty: 1 }, testRef);
        }
      };
      const steps: ((trx: Db) => Promise<unknown>)[] = [
        feed(2, 7),
        reserve(sorted.slice(0, 3).map((p) => p.id)),
        feed(1, 9),
        reserve(sorted.slice(2).map((p) => p.id)),
        reserve(sorted.map((p) => p.id)),
        feed(3, 8),
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
      for (const p of products) {
        const level = await levelOf(db, p.id, loc);
        const ledger = await ledgerOf(db, p.id, loc);
        assert.deepEqual(ledgerChainErrors(ledger.movements), []);
        assert.deepEqual(level, { onHand: ledger.onHand, reserved: ledger.reserved });
        assert.equal(level?.onHand, 8, 'the newest feed wins whatever the commit order');
      }
    });
  },
);
