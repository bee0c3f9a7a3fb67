import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { countEvents, incidentBody } from './incidents.factories.js';
import type { IncidentDetail } from './incidents.js';
import { updateIncidentIfState } from './incidents.repository.js';
import { incidentStates, type IncidentState } from './lifecycle.js';
import { transitionIncident } from './use-cases/transition.js';

interface ErrorBody {
  error: {
    code: string;
    details?: { current?: string; allowed?: string[]; fields?: { path: string }[] };
  };
}

describe(`incident transitions over HTTP (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function open(): Promise<string> {
    const res = await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody());
    assert.equal(res.status, 201);
    return res.body.id;
  }

  /** Moves the incident and checks it wrote exactly one timeline entry for the move. */
  async function move(id: string, to: IncidentState, extra: Record<string, unknown> = {}) {
    const before = await countEvents(t.ctx.db, id);
    const res = await t.call<IncidentDetail>('POST', `/api/incidents/${id}/transitions`, {
      to,
      ...extra,
    });
    assert.equal(res.status, 200, `→ ${to}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.state, to);
    assert.equal(await countEvents(t.ctx.db, id), before + 1, `one entry for → ${to}`);
    const last = res.body.timeline[res.body.timeline.length - 1];
    assert.equal(last?.kind, 'transition');
    assert.equal(last?.toState, to);
    return res.body;
  }

  /** Tries a move that must be refused, and checks that it wrote nothing. */
  async function refuse(id: string, to: IncidentState, extra: Record<string, unknown> = {}) {
    const before = await countEvents(t.ctx.db, id);
    const res = await t.call<ErrorBody>('POST', `/api/incidents/${id}/transitions`, {
      to,
      ...extra,
    });
    assert.equal(await countEvents(t.ctx.db, id), before, `no entry for refused → ${to}`);
    return res;
  }

  it('drives an incident through verify, customer, resolve, reopen, resolve again and close', async () => {
    const id = await open();
    const verified = await move(id, 'verified');
    assert.equal(verified.verifiedAt, t.clock.now().toISOString());
    await move(id, 'awaiting_customer');
    await move(id, 'resolving');
    t.clock.advance(60_000);
    const firstResolution = (await move(id, 'resolved')).resolvedAt;
    assert.equal(firstResolution, t.clock.now().toISOString());
    const reopened = await move(id, 'reopened', { reason: 'The replacement is wrong too' });
    assert.equal(reopened.resolvedAt, firstResolution, 'reopening clears nothing');
    await move(id, 'resolving');
    t.clock.advance(60_000);
    const second = await move(id, 'resolved');
    assert.equal(second.resolvedAt, t.clock.now().toISOString());
    assert.notEqual(second.resolvedAt, firstResolution);
    const resolutions = second.timeline.filter((e) => e.toState === 'resolved');
    assert.deepEqual(
      resolutions.map((e) => e.at),
      [firstResolution, second.resolvedAt],
      'the first resolution stays on the timeline',
    );

    const noCause = await refuse(id, 'closed');
    assert.equal(noCause.status, 400);
    assert.deepEqual(
      noCause.body.error.details?.fields?.map((f) => f.path),
      ['rootCause'],
    );
    const closed = await move(id, 'closed', { rootCause: 'picking_error' });
    assert.equal(closed.rootCause, 'picking_error');
    assert.equal(closed.closedAt, t.clock.now().toISOString());
    assert.deepEqual(closed.allowedTransitions, []);
    assert.deepEqual(
      closed.timeline
        .filter((e) => e.kind === 'transition')
        .map((e) => `${e.fromState}>${e.toState}`),
      [
        'detected>verified',
        'verified>awaiting_customer',
        'awaiting_customer>resolving',
        'resolving>resolved',
        'resolved>reopened',
        'reopened>resolving',
        'resolving>resolved',
        'resolved>closed',
      ],
    );
  });

  it('goes from verified straight to resolving, and closes with a root cause set beforehand', async () => {
    const id = await open();
    await move(id, 'verified');
    await move(id, 'resolving');
    await move(id, 'resolved');
    const patched = await t.call<IncidentDetail>('PATCH', `/api/incidents/${id}`, {
      rootCause: 'look_alike_sku',
    });
    assert.equal(patched.status, 200);
    const closed = await move(id, 'closed');
    assert.equal(closed.rootCause, 'look_alike_sku');
  });

  it('dismisses only with a reason, and keeps the reason', async () => {
    const id = await open();
    const noReason = await refuse(id, 'dismissed');
    assert.equal(noReason.status, 400);
    assert.deepEqual(
      noReason.body.error.details?.fields?.map((f) => f.path),
      ['reason'],
    );
    const dismissed = await move(id, 'dismissed', { reason: 'Scanner misread the barcode' });
    assert.equal(dismissed.dismissedReason, 'Scanner misread the barcode');
    assert.equal(dismissed.timeline.at(-1)?.message, 'Scanner misread the barcode');
  });

  it('marks a discrepancy corrected at the station as caught, with the visibility asked for', async () => {
    const id = await open();
    const caught = await move(id, 'caught', { note: 'Swapped at station 3', visibility: 'public' });
    assert.equal(caught.timeline.at(-1)?.visibility, 'public');
    assert.equal(caught.timeline.at(-1)?.message, 'Swapped at station 3');
  });

  it('refuses every transition out of closed with 409, the current state and no way out', async () => {
    const id = await open();
    await move(id, 'verified');
    await move(id, 'resolving');
    await move(id, 'resolved');
    await move(id, 'closed', { rootCause: 'other' });
    for (const to of incidentStates) {
      const res = await refuse(id, to, { reason: 'try', rootCause: 'other' });
      assert.equal(res.status, 409, `closed → ${to}`);
      assert.equal(res.body.error.code, 'invalid_transition');
      assert.equal(res.body.error.details?.current, 'closed');
      assert.deepEqual(res.body.error.details?.allowed, []);
    }
  });

  it('refuses transitions the table does not list, naming the current state and what is allowed', async () => {
    const detected = await open();
    const skip = await refuse(detected, 'resolved');
    assert.equal(skip.status, 409);
    assert.deepEqual(skip.body.error.details, {
      current: 'detected',
      to: 'resolved',
      allowed: ['verified', 'dismissed', 'caught'],
    });

    const dismissed = await open();
    await move(dismissed, 'dismissed', { reason: 'duplicate' });
    assert.equal((await refuse(dismissed, 'verified')).body.error.details?.current, 'dismissed');

    const caught = await open();
    await move(caught, 'caught');
    assert.equal((await refuse(caught, 'verified')).body.error.details?.current, 'caught');

    const verified = await open();
    await move(verified, 'verified');
    const back = await refuse(verified, 'detected');
    assert.equal(back.status, 409);
    assert.equal(back.body.error.details?.current, 'verified');
    assert.equal((await refuse(verified, 'verified')).status, 409);

    const reopened = await open();
    for (const to of ['verified', 'resolving', 'resolved', 'reopened'] as const) {
      await move(reopened, to);
    }
    const res = await refuse(reopened, 'closed', { rootCause: 'other' });
    assert.equal(res.status, 409);
    assert.deepEqual(res.body.error.details?.allowed, ['resolving']);
  });

  it('lets exactly one of two concurrent transitions from the same state win', async () => {
    const id = await open();
    const [a, b] = await Promise.all([
      t.call<ErrorBody>('POST', `/api/incidents/${id}/transitions`, { to: 'verified' }),
      t.call<ErrorBody>('POST', `/api/incidents/${id}/transitions`, {
        to: 'dismissed',
        reason: 'duplicate',
      }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const loser = a.status === 409 ? a : b;
    const detail = await t.call<IncidentDetail>('GET', `/api/incidents/${id}`);
    assert.equal(loser.body.error.details?.current, detail.body.state);
    assert.equal(detail.body.timeline.filter((e) => e.kind === 'transition').length, 1);
  });

  it('answers 404 for an unknown incident and 403 to a packer', async () => {
    const missing = await t.call<ErrorBody>('POST', '/api/incidents/inc_nope/transitions', {
      to: 'verified',
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'incident_not_found');
    const packer = await t.keyFor('packer');
    const id = await open();
    const res = await t.call(
      'POST',
      `/api/incidents/${id}/transitions`,
      { to: 'verified' },
      packer,
    );
    assert.equal(res.status, 403);
    assert.equal(await countEvents(t.ctx.db, id), 1);
  });

  it('names a state that does not exist', async () => {
    const id = await open();
    const res = await t.call<ErrorBody>('POST', `/api/incidents/${id}/transitions`, {
      to: 'escalated',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.error.details?.fields?.map((f) => f.path),
      ['to'],
    );
  });
});

describe(`transitionIncident in a caller's transaction (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('writes the state and its timeline entry in the same transaction: a rollback undoes both', async () => {
    const made = await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody());
    const id = made.body.id;
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        const moved = await transitionIncident(trx, id, 'verified', {
          actor: 'system',
          clock: t.clock,
        });
        assert.equal(moved.state, 'verified');
        throw new Error('later step fails');
      }),
      /later step fails/,
    );
    const detail = await t.call<IncidentDetail>('GET', `/api/incidents/${id}`);
    assert.equal(detail.body.state, 'detected');
    assert.equal(detail.body.verifiedAt, null);
    assert.equal(detail.body.timeline.length, 1);
    assert.equal(detail.body.clocks.find((c) => c.clock === 'verify')?.status, 'running');
  });

  it(
    'answers a transition that lost a race with invalid_transition and the winner’s state',
    { skip: dialect === 'sqlite' && 'sqlite: one writer at a time, transactions never interleave' },
    async () => {
      const made = await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody());
      const id = made.body.id;
      const ctx = { actor: 'system', clock: t.clock };
      let winnerMoved!: () => void;
      const moved = new Promise<void>((r) => (winnerMoved = r));
      let letWinnerCommit!: () => void;
      const commit = new Promise<void>((r) => (letWinnerCommit = r));
      const winner = t.ctx.db.transaction().execute(async (trx) => {
        await transitionIncident(trx, id, 'verified', ctx);
        winnerMoved();
        await commit;
      });
      await moved;
      // The loser reads `detected` (the winner has not committed), then waits on the row lock.
      const loser = t.testDb
        .reopen()
        .db.transaction()
        .execute((trx) => transitionIncident(trx, id, 'dismissed', { ...ctx, reason: 'dup' }));
      const outcome = loser.then(
        () => undefined,
        (err: unknown) => err,
      );
      for (let i = 0; i < 500; i++) {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(t.ctx.db);
        if ((rows[0]?.n ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      letWinnerCommit();
      await winner;
      const err = (await outcome) as { code?: string; message?: string; details?: object };
      assert.equal(err.code, 'invalid_transition');
      assert.match(err.message ?? '', /meanwhile/);
      assert.deepEqual(err.details, {
        current: 'verified',
        to: 'dismissed',
        allowed: ['awaiting_customer', 'resolving'],
      });
      assert.equal(await countEvents(t.ctx.db, id), 2);
    },
  );

  it('changes nothing when the state is no longer the one read (the race guard)', async () => {
    const made = await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody());
    const now = t.clock.now().toISOString();
    const stale = await updateIncidentIfState(t.ctx.db, made.body.id, 'verified', {
      state: 'resolving',
      updated_at: now,
    });
    assert.equal(stale, undefined);
    const fresh = await updateIncidentIfState(t.ctx.db, made.body.id, 'detected', {
      state: 'verified',
      updated_at: now,
    });
    assert.equal(fresh?.state, 'verified');
  });
});
