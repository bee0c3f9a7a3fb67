import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSeverityOf, incidentTypes } from './incidents.js';
import {
  clockStatus,
  clocksMetOn,
  defaultSlaPolicy,
  planClocks,
  slaPolicySchema,
  stopsClocks,
} from './sla-policy.js';

describe('default SLA policy', () => {
  it('starts notify, verify and resolve at detection, due after 2 h, 4 h and 72 h', () => {
    const clocks = planClocks('2026-03-02T09:00:00.000Z');
    assert.deepEqual(clocks, [
      {
        clock: 'notify',
        startedAt: '2026-03-02T09:00:00.000Z',
        dueAt: '2026-03-02T11:00:00.000Z',
        targetAt: null,
      },
      {
        clock: 'verify',
        startedAt: '2026-03-02T09:00:00.000Z',
        dueAt: '2026-03-02T13:00:00.000Z',
        targetAt: null,
      },
      {
        clock: 'resolve',
        startedAt: '2026-03-02T09:00:00.000Z',
        dueAt: '2026-03-05T09:00:00.000Z',
        targetAt: '2026-03-03T09:00:00.000Z',
      },
    ]);
  });

  it('meets verify on verified and resolve on resolved, and nothing on other states', () => {
    assert.deepEqual(clocksMetOn('verified'), ['verify']);
    assert.deepEqual(clocksMetOn('resolved'), ['resolve']);
    for (const s of ['detected', 'awaiting_customer', 'resolving', 'closed', 'reopened'] as const) {
      assert.deepEqual(clocksMetOn(s), [], s);
    }
  });

  it('stops clocks only for incidents that end dismissed or caught', () => {
    assert.equal(stopsClocks('dismissed'), true);
    assert.equal(stopsClocks('caught'), true);
    assert.equal(stopsClocks('closed'), false);
    assert.equal(stopsClocks('resolving'), false);
  });

  it('reports a clock as met, breached, stopped or running from its facts', () => {
    const open = { metAt: null, breachedAt: null };
    assert.equal(clockStatus({ metAt: 'x', breachedAt: null }, 'dismissed'), 'met');
    assert.equal(clockStatus({ metAt: null, breachedAt: 'x' }, 'caught'), 'breached');
    assert.equal(clockStatus(open, 'caught'), 'stopped');
    assert.equal(clockStatus(open, 'resolving'), 'running');
  });

  it('refuses a policy whose duration is not an ISO-8601 duration', () => {
    const bad = slaPolicySchema.safeParse({
      clocks: {
        notify: { due: '2 hours', target: null, metOnState: null },
        verify: { due: 'PT4H', target: null, metOnState: 'verified' },
        resolve: { due: 'PT72H', target: 'PT24H', metOnState: 'resolved' },
      },
      stopsIn: [],
    });
    assert.equal(bad.success, false);
    assert.equal(defaultSlaPolicy.clocks.resolve.target, 24 * 3_600_000);
  });
});

describe('default severity by type', () => {
  it('is high for stockout and lost, medium for wrong, missing and damaged, else low', () => {
    const expected = {
      stockout: 'high',
      lost: 'high',
      wrong_item: 'medium',
      missing_item: 'medium',
      wrong_quantity: 'medium',
      damaged: 'medium',
      extra_item: 'low',
      late_delivery: 'low',
      return_request: 'low',
      other: 'low',
    };
    for (const type of incidentTypes) assert.equal(defaultSeverityOf[type], expected[type], type);
  });
});
