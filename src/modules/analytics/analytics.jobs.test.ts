import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { closeOrder, makeCustomer, makeWorld, placeOrder } from './analytics.factories.js';
import { FOLD_JOB, scheduleAnalyticsFold } from './analytics.jobs.js';
import { readDaily } from './aggregates.repository.js';

describe('the analytics.fold job', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ start: new Date('2026-05-04T09:00:30.000Z') });
  });
  after(() => t.close());

  const pendingFolds = () =>
    t.ctx.db
      .selectFrom('jobs')
      .select(['run_at'])
      .where('type', '=', FOLD_JOB)
      .where('status', '=', 'pending')
      .execute();

  it('folds every minute, keeps one pending run, and picks up what changed in between', async () => {
    const db = t.ctx.db;
    await scheduleAnalyticsFold(db, t.clock);
    await scheduleAnalyticsFold(db, t.clock);
    assert.deepEqual(await pendingFolds(), [{ run_at: '2026-05-04T09:01:00.000Z' }]);

    const w = await makeWorld(db, { at: '2026-05-01T00:00:00.000Z' });
    const order = await placeOrder(db, {
      customerId: await makeCustomer(db, '2026-05-01T00:00:00.000Z'),
      placedAt: '2026-05-03T10:00:00.000Z',
      promisedAt: '2026-05-06T10:00:00.000Z',
      locationId: w.locations[0] ?? '',
      lines: [{ productId: w.products[0]?.id ?? '', qty: 1 }],
    });
    await closeOrder(db, order, '2026-05-04T09:00:40.000Z');
    const first = await t.call<{ jobsRun: number }>('POST', '/api/test/clock', { advance: 'PT1M' });
    assert.equal(first.body.jobsRun, 1);
    assert.deepEqual(await pendingFolds(), [{ run_at: '2026-05-04T09:02:00.000Z' }]);
    const rows = await readDaily(db, { dims: ['all'], from: '2026-05-04', to: '2026-05-04' });
    assert.equal(rows[0]?.counts.orders_closed, 1);

    const second = await placeOrder(db, {
      customerId: await makeCustomer(db, '2026-05-01T00:00:00.000Z'),
      placedAt: '2026-05-03T11:00:00.000Z',
      promisedAt: '2026-05-06T10:00:00.000Z',
      locationId: w.locations[0] ?? '',
      lines: [{ productId: w.products[0]?.id ?? '', qty: 1 }],
    });
    await closeOrder(db, second, '2026-05-04T09:01:10.000Z');
    await t.call('POST', '/api/test/clock', { advance: 'PT1M' });
    const after = await readDaily(db, { dims: ['all'], from: '2026-05-04', to: '2026-05-04' });
    assert.equal(after[0]?.counts.orders_closed, 2);
  });
});
