import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { countEvents, incidentBody } from './incidents.factories.js';
import type { IncidentDetail, SlaClock } from './incidents.js';
import type { SlaClockName } from './sla-policy.js';
import { incidentJobHandlers } from './incidents.jobs.js';
import { checkSlaClock } from './use-cases/sla.js';

const HOUR = 3_600_000;

describe(`SLA clocks (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const open = async () => {
    const res = await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody());
    assert.equal(res.status, 201);
    return res.body.id;
  };
  const detail = async (id: string) =>
    (await t.call<IncidentDetail>('GET', `/api/incidents/${id}`)).body;
  const clockOf = (d: IncidentDetail, name: SlaClockName): SlaClock => {
    const c = d.clocks.find((x) => x.clock === name);
    assert.ok(c, name);
    return c;
  };
  const advance = async (by: string) => {
    const res = await t.call<{ jobsRun: number }>('POST', '/api/test/clock', { advance: by });
    assert.equal(res.status, 200);
    return res.body.jobsRun;
  };

  it('breaches notify after 2 h, escalates, verifies in time, then breaches resolve after 72 h', async () => {
    const id = await open();
    const detectedAt = t.clock.now().getTime();
    await advance('PT3H');

    let d = await detail(id);
    const notify = clockOf(d, 'notify');
    assert.equal(notify.status, 'breached');
    assert.equal(notify.breachedAt, new Date(detectedAt + 2 * HOUR).toISOString());
    assert.equal(d.escalated, true);
    assert.equal(d.escalatedAt, t.clock.now().toISOString());
    const breaches = d.timeline.filter((e) => e.kind === 'sla_breached');
    assert.equal(breaches.length, 1);
    assert.equal(breaches[0]?.visibility, 'internal');
    assert.equal(breaches[0]?.actor, 'system');
    assert.deepEqual(breaches[0]?.data, { clock: 'notify', dueAt: notify.dueAt, escalated: true });
    assert.equal(clockOf(d, 'verify').status, 'running');
    assert.equal(clockOf(d, 'verify').dueInMs, HOUR);

    const verified = await t.call<IncidentDetail>('POST', `/api/incidents/${id}/transitions`, {
      to: 'verified',
    });
    assert.equal(verified.status, 200);
    assert.equal(clockOf(verified.body, 'verify').status, 'met');
    assert.equal(clockOf(verified.body, 'verify').metAt, t.clock.now().toISOString());
    assert.deepEqual(verified.body.timeline.at(-1)?.data, { clocksMet: ['verify'] });

    await advance('PT70H');
    d = await detail(id);
    assert.equal(clockOf(d, 'verify').status, 'met', 'the verify check found it met');
    assert.equal(clockOf(d, 'resolve').status, 'breached');
    assert.deepEqual(
      d.timeline.filter((e) => e.kind === 'sla_breached').map((e) => e.data?.clock),
      ['notify', 'resolve'],
    );

    // Every check job is done; running the runner and the check again changes nothing.
    const entries = await countEvents(t.ctx.db, id);
    assert.equal(await t.runner.runDue(), 0);
    for (const clock of ['notify', 'verify', 'resolve'] as const) {
      const again = await t.ctx.db
        .transaction()
        .execute((trx) => checkSlaClock(trx, { incidentId: id, clock }, t.clock));
      assert.equal(again, false, clock);
    }
    await t.runner.runDue();
    assert.equal(await countEvents(t.ctx.db, id), entries);
    const after = await detail(id);
    assert.equal(after.escalatedAt, d.escalatedAt);
    assert.equal(clockOf(after, 'resolve').breachedAt, clockOf(d, 'resolve').breachedAt);
  });

  it('runs the sla.check handler twice with one breach and one timeline entry', async () => {
    const id = await open();
    t.clock.advance(2 * HOUR);
    const handler = incidentJobHandlers(t.ctx)['sla.check'];
    assert.ok(handler);
    const job = { id: 'job_x', type: 'sla.check', attempts: 1, maxAttempts: 8 };
    await handler({ ...job, payload: { incidentId: id, clock: 'notify' } });
    const once = await countEvents(t.ctx.db, id);
    await handler({ ...job, payload: { incidentId: id, clock: 'notify' } });
    assert.equal(await countEvents(t.ctx.db, id), once);
    assert.equal(once, 2);
  });

  it('meets notify when a customer_notified entry is posted before 2 h', async () => {
    const id = await open();
    await advance('PT1H');
    const note = await t.call<{ kind: string; data: unknown }>(
      'POST',
      `/api/incidents/${id}/notes`,
      {
        kind: 'customer_notified',
        message: 'Emailed the customer: a replacement ships today',
      },
    );
    assert.equal(note.status, 201);
    assert.equal(note.body.kind, 'customer_notified');
    assert.deepEqual(note.body.data, { clocksMet: ['notify'] });
    await advance('PT2H');
    const d = await detail(id);
    assert.equal(clockOf(d, 'notify').status, 'met');
    assert.equal(clockOf(d, 'verify').status, 'running');
    assert.equal(d.escalated, false);
    assert.equal(d.timeline.filter((e) => e.kind === 'sla_breached').length, 0);
  });

  it('does not meet a clock late: a verification after 4 h leaves verify breached', async () => {
    const id = await open();
    t.clock.advance(5 * HOUR); // the check job has not run yet
    const verified = await t.call<IncidentDetail>('POST', `/api/incidents/${id}/transitions`, {
      to: 'verified',
    });
    assert.equal(clockOf(verified.body, 'verify').status, 'running');
    assert.equal(clockOf(verified.body, 'verify').dueInMs, -HOUR);
    await advance('PT0S');
    const d = await detail(id);
    assert.equal(clockOf(d, 'verify').status, 'breached');
    assert.equal(clockOf(d, 'verify').metAt, null);
  });

  it('stops the clocks of an incident dismissed before its due times: no breach, ever', async () => {
    const id = await open();
    await advance('PT1H');
    const res = await t.call<IncidentDetail>('POST', `/api/incidents/${id}/transitions`, {
      to: 'dismissed',
      reason: 'Duplicate of another report',
    });
    assert.equal(res.status, 200);
    await advance('PT80H');
    const d = await detail(id);
    assert.deepEqual(
      d.clocks.map((c) => [c.clock, c.status, c.metAt, c.breachedAt, c.dueInMs]),
      [
        ['notify', 'stopped', null, null, null],
        ['verify', 'stopped', null, null, null],
        ['resolve', 'stopped', null, null, null],
      ],
    );
    assert.equal(d.escalated, false);
    assert.equal(d.timeline.filter((e) => e.kind === 'sla_breached').length, 0);
  });

  it('stops the clocks of a caught incident, and a later customer note does not meet them', async () => {
    const id = await open();
    await t.call('POST', `/api/incidents/${id}/transitions`, { to: 'caught' });
    await t.call('POST', `/api/incidents/${id}/notes`, {
      kind: 'customer_notified',
      message: 'Told the customer anyway',
    });
    await advance('PT73H');
    const d = await detail(id);
    assert.deepEqual(
      d.clocks.map((c) => c.status),
      ['stopped', 'stopped', 'stopped'],
    );
    assert.equal(d.escalated, false);
  });

  it('keeps resolve met through a reopen: it measures the first resolution', async () => {
    const id = await open();
    for (const to of ['verified', 'resolving', 'resolved', 'reopened', 'resolving'] as const) {
      const res = await t.call('POST', `/api/incidents/${id}/transitions`, { to });
      assert.equal(res.status, 200, to);
    }
    const metAt = clockOf(await detail(id), 'resolve').metAt;
    assert.ok(metAt);
    await advance('PT73H');
    const d = await detail(id);
    assert.equal(clockOf(d, 'resolve').status, 'met');
    assert.equal(clockOf(d, 'resolve').metAt, metAt);
  });

  it('records a breach found after the incident was closed without escalating it', async () => {
    const id = await open();
    for (const body of [
      { to: 'verified' },
      { to: 'resolving' },
      { to: 'resolved' },
      { to: 'closed', rootCause: 'picking_error' },
    ]) {
      assert.equal((await t.call('POST', `/api/incidents/${id}/transitions`, body)).status, 200);
    }
    await advance('PT3H');
    const d = await detail(id);
    assert.equal(clockOf(d, 'notify').status, 'breached', 'the customer was never told');
    assert.equal(d.escalated, false);
    const breach = d.timeline.find((e) => e.kind === 'sla_breached');
    assert.equal(breach?.data?.escalated, false);
  });
});
