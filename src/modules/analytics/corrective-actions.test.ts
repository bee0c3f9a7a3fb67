import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addMs, DAY } from '../../shared/clock.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import {
  closeOrder,
  makeCustomer,
  makeWorld,
  openIncident,
  packSession,
  placeOrder,
  type World,
} from './analytics.factories.js';
import type { CorrectiveAction } from './corrective-actions.js';
import type { ActionEffect } from './use-cases/corrective-actions.js';
import type { ActionSuggestion } from './use-cases/action-suggestions.js';

interface ErrorBody {
  error: { code: string; details: { fields?: { path: string }[] } };
}

describe('corrective actions', () => {
  let t: TestApp;
  let w: World;

  /** `n` orders packed by `packer` and closed on `day`, the first `incidents` of them with one. */
  const packedDay = async (packer: string, day: string, n: number, incidents: number) => {
    const db = t.ctx.db;
    for (let i = 0; i < n; i++) {
      const o = await placeOrder(db, {
        customerId: await makeCustomer(db, `${day}T00:00:00.000Z`),
        placedAt: `${day}T06:00:00.000Z`,
        promisedAt: `${day}T20:00:00.000Z`,
        locationId: w.locations[0] ?? '',
        lines: [{ productId: w.products[0]?.id ?? '', qty: 1 }],
      });
      await packSession(db, {
        shipmentId: o.shipmentId,
        orderId: o.id,
        locationId: w.locations[0] ?? '',
        packer,
        at: `${day}T07:00:00.000Z`,
      });
      await closeOrder(db, o, `${day}T12:00:00.000Z`);
      if (i < incidents) {
        await openIncident(db, {
          type: 'wrong_item',
          detectedAt: `${day}T15:00:00.000Z`,
          orderId: o.id,
          shipmentId: o.shipmentId,
        });
      }
    }
  };

  before(async () => {
    t = await createTestApp({ start: new Date('2026-04-01T09:00:00.000Z') });
    w = await makeWorld(t.ctx.db, { locations: 1, suppliers: 1, products: 1 });
  });
  after(() => t.close());

  it('opens, edits and moves an action through its statuses, refusing what the table forbids', async () => {
    const created = await t.call<CorrectiveAction>('POST', '/api/corrective-actions', {
      kind: 'training',
      target: { kind: 'packer', id: 'mia' },
      title: 'Refresher on look-alike mugs',
      owner: 'staff:lead',
      dueAt: '2026-04-15T00:00:00Z',
    });
    assert.equal(created.status, 201);
    assert.deepEqual(
      [created.body.status, created.body.createdBy, created.body.overdue],
      ['open', 'test admin', false],
    );
    const id = created.body.id;
    const started = await t.call<CorrectiveAction>('PATCH', `/api/corrective-actions/${id}`, {
      status: 'in_progress',
    });
    assert.equal(started.body.startedAt, '2026-04-01T09:00:00.000Z');
    const done = await t.call<CorrectiveAction>('PATCH', `/api/corrective-actions/${id}`, {
      status: 'done',
      at: '2026-04-01T08:00:00Z',
    });
    assert.equal(done.status, 400, 'done before it started');
    t.clock.advance(2 * DAY);
    const finished = await t.call<CorrectiveAction>('PATCH', `/api/corrective-actions/${id}`, {
      status: 'done',
    });
    assert.equal(finished.body.doneAt, '2026-04-03T09:00:00.000Z');
    const reopen = await t.call<ErrorBody>('PATCH', `/api/corrective-actions/${id}`, {
      status: 'open',
    });
    assert.deepEqual([reopen.status, reopen.body.error.code], [409, 'invalid_transition']);
    const list = await t.call<{ data: CorrectiveAction[] }>(
      'GET',
      '/api/corrective-actions?status=done&targetKind=packer',
    );
    assert.deepEqual(
      list.body.data.map((a) => a.id),
      [id],
    );
    const viewer = await t.keyFor('viewer');
    const refused = await t.call('POST', '/api/corrective-actions', {}, viewer);
    assert.equal(refused.status, 403);
  });

  it('refuses bad input naming the field', async () => {
    const res = await t.call<ErrorBody>('POST', '/api/corrective-actions', {
      kind: 'prayer',
      target: { kind: 'packer', id: 'mia' },
      title: 'x',
      owner: 'o',
      dueAt: 'soon',
    });
    assert.equal(res.status, 400);
    const paths = res.body.error.details.fields?.map((f) => f.path).sort();
    assert.deepEqual(paths, ['dueAt', 'kind']);
    const missing = await t.call<ErrorBody>('GET', '/api/corrective-actions/cact_nope');
    assert.deepEqual(
      [missing.status, missing.body.error.code],
      [404, 'corrective_action_not_found'],
    );
  });

  it('measures the target’s incident rate before the start and after the end, with the volume behind it', async () => {
    // 30 days before: 40 orders by zoe, 4 with an incident. After: 20 orders, 1 incident.
    for (let d = 0; d < 4; d++) await packedDay('zoe', `2026-03-2${d}`, 10, 1);
    await packedDay('zoe', '2026-04-10', 20, 1);
    await packedDay('other', '2026-04-10', 10, 5);
    t.clock.set(new Date('2026-04-05T09:00:00.000Z'));
    const action = await t.call<CorrectiveAction>('POST', '/api/corrective-actions', {
      kind: 'training',
      target: { kind: 'packer', id: 'zoe' },
      title: 'Training for zoe',
      owner: 'staff:lead',
      dueAt: '2026-04-09T00:00:00Z',
    });
    const id = action.body.id;
    await t.call('PATCH', `/api/corrective-actions/${id}`, { status: 'in_progress' });
    const early = await t.call<ActionEffect>('GET', `/api/corrective-actions/${id}/effect`);
    assert.equal(early.body.after, null, 'nothing to compare before it is done');
    t.clock.set(new Date('2026-04-07T09:00:00.000Z'));
    await t.call('PATCH', `/api/corrective-actions/${id}`, { status: 'done' });
    t.clock.set(new Date(addMs('2026-04-08T00:00:00.000Z', 31 * DAY)));
    await t.call('POST', '/api/kpis/fold');
    const effect = await t.call<ActionEffect>('GET', `/api/corrective-actions/${id}/effect`);
    assert.equal(effect.status, 200);
    assert.deepEqual(effect.body.before, {
      from: '2026-03-06',
      to: '2026-04-04',
      volume: 40,
      volumeUnit: 'orders',
      incidents: 4,
      rate: 0.1,
    });
    assert.deepEqual(effect.body.after, {
      from: '2026-04-08',
      to: '2026-05-07',
      volume: 20,
      volumeUnit: 'orders',
      incidents: 1,
      rate: 0.05,
    });
    assert.equal(effect.body.change, 0.05 - 0.1);
    assert.equal(effect.body.complete, true);
  });

  it('suggests an action when a packer’s rate crosses the threshold, until one is open for them', async () => {
    t.clock.set(new Date('2026-04-12T09:00:00.000Z'));
    await t.call('POST', '/api/kpis/fold');
    const before = await t.call<{ suggestions: ActionSuggestion[] }>(
      'GET',
      '/api/corrective-actions/suggestions?minVolume=10',
    );
    const other = before.body.suggestions.find(
      (s) => s.target.kind === 'packer' && s.target.id === 'other',
    );
    assert.ok(other, JSON.stringify(before.body));
    assert.equal(other.kind, 'training');
    assert.deepEqual(other.metric, {
      name: 'incidentRate',
      value: 0.5,
      threshold: 0.02,
      volume: 10,
    });
    const lowVolume = await t.call<{ suggestions: ActionSuggestion[] }>(
      'GET',
      '/api/corrective-actions/suggestions?minVolume=11',
    );
    assert.equal(
      lowVolume.body.suggestions.some((s) => s.target.id === 'other'),
      false,
    );
    await t.call('POST', '/api/corrective-actions', {
      kind: 'training',
      target: { kind: 'packer', id: 'other' },
      title: 'Training',
      owner: 'staff:lead',
      dueAt: '2026-04-20T00:00:00Z',
    });
    const afterwards = await t.call<{ suggestions: ActionSuggestion[] }>(
      'GET',
      '/api/corrective-actions/suggestions?minVolume=10',
    );
    assert.equal(
      afterwards.body.suggestions.some((s) => s.target.id === 'other'),
      false,
    );
  });
});
