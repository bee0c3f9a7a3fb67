import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../shared/app-error.js';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { writeTransaction } from './catalog.transaction.js';
import { insertSupplier } from './suppliers.repository.js';

describe(`catalog (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('documents every catalog route under the catalog tag in /openapi.json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    const doc = res.json() as {
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    };
    const expected = {
      '/api/suppliers': ['get', 'post'],
      '/api/suppliers/{id}': ['get', 'patch'],
      '/api/locations': ['get', 'post'],
      '/api/locations/{id}': ['get', 'patch'],
      '/api/products': ['get', 'post'],
      '/api/products/batch': ['post'],
      '/api/products/{id}': ['get', 'patch'],
      '/api/customers': ['get', 'post'],
      '/api/customers/{id}': ['get', 'patch'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        const op = doc.paths[path]?.[method];
        assert.ok(op, `${method} ${path} is documented`);
        assert.deepEqual(op.tags, ['catalog']);
        assert.ok(op.summary, `${method} ${path} has a summary`);
      }
    }
  });

  it('turns a unique violation raised by the database into the conflict code', async () => {
    const row = {
      id: 'sup_race_1',
      code: 'RACE',
      name: 'Racer',
      email: null,
      created_at: '2026-03-02T09:00:00.000Z',
      updated_at: '2026-03-02T09:00:00.000Z',
    };
    const db = t.testDb.handle.db;
    await writeTransaction(db, (trx) => insertSupplier(trx, row));
    await assert.rejects(
      writeTransaction(db, (trx) => insertSupplier(trx, { ...row, id: 'sup_race_2' })),
      (err: unknown) => err instanceof AppError && err.code === 'code_taken',
    );
  });

  it('joins the caller’s transaction instead of opening a second one', async () => {
    const db = t.testDb.handle.db;
    const row = (id: string, code: string) => ({
      id,
      code,
      name: 'Nested',
      email: null,
      created_at: '2026-03-02T09:00:00.000Z',
      updated_at: '2026-03-02T09:00:00.000Z',
    });
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await writeTransaction(trx, (inner) => insertSupplier(inner, row('sup_nest_1', 'NEST-1')));
        throw new Error('caller fails after the catalog write');
      }),
      /caller fails/,
    );
    const left = await db
      .selectFrom('suppliers')
      .select('id')
      .where('id', '=', 'sup_nest_1')
      .execute();
    assert.deepEqual(left, [], 'the catalog write rolled back with the caller');
  });
});
