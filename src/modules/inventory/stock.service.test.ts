import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../db/database.js';
import { AppError } from '../../shared/app-error.js';
import { createTestDb, dialect, type TestDb } from '../../test/harness.js';
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
  adjustStock,
  countStock,
  pickStock,
  receiveStock,
  releaseStock,
  reserveStock,
  returnStock,
  writeOffStock,
} from './stock.service.js';

function isCode(code: string) {
  return (err: unknown) => err instanceof AppError && err.code === code;
}

describe(`stock changes (${dialect})`, () => {
  let t: TestDb;
  let db: Db;
  before(async () => {
    t = await createTestDb();
    db = t.handle.db;
  });
  after(() => t.drop());

  it('reserves available units and writes one reservation movement with the level after', async () => {
    const s = await makeStock(db, 5);
    const m = await reserveStock(
      db,
      { ...s, qty: 3 },
      { ...testRef, refType: 'shipment', refId: 'shp_1' },
    );
    assert.equal(m.kind, 'reservation');
    assert.deepEqual(
      [m.onHandDelta, m.reservedDelta, m.onHandAfter, m.reservedAfter],
      [0, 3, 5, 3],
    );
    assert.deepEqual([m.refType, m.refId, m.actor], ['shipment', 'shp_1', 'test']);
    assert.deepEqual(await levelOf(db, s.productId, s.locationId), { onHand: 5, reserved: 3 });
  });

  it('refuses a reservation beyond available with details, changing nothing', async () => {
    const s = await makeStock(db, 2);
    await reserveStock(db, { ...s, qty: 1 }, testRef);
    await assert.rejects(reserveStock(db, { ...s, qty: 2 }, testRef), (err) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, 'insufficient_stock');
      assert.deepEqual(err.details, {
        productId: s.productId,
        locationId: s.locationId,
        requested: 2,
        onHand: 2,
        reserved: 1,
        available: 1,
      });
      return true;
    });
    assert.deepEqual(await levelOf(db, s.productId, s.locationId), { onHand: 2, reserved: 1 });
    assert.deepEqual((await ledgerOf(db, s.productId, s.locationId)).kinds, {
      receipt: 1,
      reservation: 1,
    });
  });

  it('refuses to reserve where no level exists and creates none', async () => {
    const product = await makeProduct(db);
    const locationId = await makeLocation(db);
    await assert.rejects(
      reserveStock(db, { productId: product.id, locationId, qty: 1 }, testRef),
      isCode('insufficient_stock'),
    );
    assert.equal(await levelOf(db, product.id, locationId), undefined);
  });

  it('releases and picks only what is reserved', async () => {
    const s = await makeStock(db, 4);
    await reserveStock(db, { ...s, qty: 3 }, testRef);
    await assert.rejects(releaseStock(db, { ...s, qty: 4 }, testRef), isCode('insufficient_stock'));
    await assert.rejects(pickStock(db, { ...s, qty: 4 }, testRef), isCode('insufficient_stock'));
    const release = await releaseStock(db, { ...s, qty: 1 }, testRef);
    assert.deepEqual([release.reservedDelta, release.reservedAfter], [-1, 2]);
    const pick = await pickStock(db, { ...s, qty: 2 }, testRef);
    assert.deepEqual(
      [pick.onHandDelta, pick.reservedDelta, pick.onHandAfter, pick.reservedAfter],
      [-2, -2, 2, 0],
    );
  });

  it('receives and takes back returns into a level that did not exist', async () => {
    const product = await makeProduct(db);
    const locationId = await makeLocation(db);
    const c = { productId: product.id, locationId };
    await receiveStock(db, { ...c, qty: 4 }, testRef);
    const back = await returnStock(db, { ...c, qty: 1 }, testRef);
    assert.deepEqual([back.kind, back.onHandAfter], ['return', 5]);
  });

  it('writes off on-hand units even when promised, leaving available negative, but never below zero on hand', async () => {
    const s = await makeStock(db, 3);
    await reserveStock(db, { ...s, qty: 2 }, testRef);
    await assert.rejects(
      writeOffStock(db, { ...s, qty: 4 }, testRef),
      isCode('insufficient_stock'),
    );
    const m = await writeOffStock(db, { ...s, qty: 2 }, { ...testRef, reason: 'damaged' });
    assert.deepEqual([m.onHandAfter, m.reservedAfter, m.reason], [1, 2, 'damaged']);
  });

  it('adjusts on hand up or down but not below zero, and refuses a zero or fractional delta', async () => {
    const s = await makeStock(db, 2);
    assert.equal((await adjustStock(db, { ...s, delta: 3 }, testRef)).onHandAfter, 5);
    assert.equal((await adjustStock(db, { ...s, delta: -5 }, testRef)).onHandAfter, 0);
    await assert.rejects(
      adjustStock(db, { ...s, delta: -1 }, testRef),
      isCode('insufficient_stock'),
    );
    await assert.rejects(adjustStock(db, { ...s, delta: 0 }, testRef), isCode('validation_error'));
    await assert.rejects(
      adjustStock(db, { ...s, delta: 1.5 }, testRef),
      isCode('validation_error'),
    );
  });

  it('refuses zero, negative and fractional quantities before writing anything', async () => {
    const s = await makeStock(db, 5);
    for (const qty of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(reserveStock(db, { ...s, qty }, testRef), isCode('validation_error'));
      await assert.rejects(receiveStock(db, { ...s, qty }, testRef), isCode('validation_error'));
    }
    assert.deepEqual((await ledgerOf(db, s.productId, s.locationId)).kinds, { receipt: 1 });
  });

  it('sets on hand to a count, recording the exact difference, and keeps reservations', async () => {
    const s = await makeStock(db, 7);
    await reserveStock(db, { ...s, qty: 2 }, testRef);
    const down = await countStock(db, { ...s, counted: 4 }, testRef);
    assert.deepEqual(
      [down.kind, down.onHandDelta, down.onHandAfter, down.reservedAfter],
      ['count', -3, 4, 2],
    );
    const same = await countStock(db, { ...s, counted: 4 }, testRef);
    assert.equal(same.onHandDelta, 0);
    await assert.rejects(
      countStock(db, { ...s, counted: -1 }, testRef),
      isCode('validation_error'),
    );
    const ledger = await ledgerOf(db, s.productId, s.locationId);
    assert.deepEqual(ledgerChainErrors(ledger.movements), []);
    assert.deepEqual([ledger.onHand, ledger.reserved], [4, 2]);
  });

  it('counts a level that did not exist yet', async () => {
    const product = await makeProduct(db);
    const locationId = await makeLocation(db);
    const m = await countStock(db, { productId: product.id, locationId, counted: 6 }, testRef);
    assert.deepEqual([m.onHandDelta, m.onHandAfter], [6, 6]);
  });

  it('rolls back with the caller: a failed later step undoes earlier changes and their movements', async () => {
    const s = await makeStock(db, 5);
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await reserveStock(trx, { ...s, qty: 2 }, testRef);
        await writeOffStock(trx, { ...s, qty: 9 }, testRef);
      }),
      isCode('insufficient_stock'),
    );
    assert.deepEqual(await levelOf(db, s.productId, s.locationId), { onHand: 5, reserved: 0 });
    assert.deepEqual((await ledgerOf(db, s.productId, s.locationId)).kinds, { receipt: 1 });
  });
});
