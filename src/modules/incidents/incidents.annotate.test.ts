import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { countEvents, incidentBody } from './incidents.factories.js';
import type { IncidentDetail, TimelineEntry } from './incidents.js';

interface ErrorBody {
  error: { code: string; details?: { fields?: { path: string }[]; current?: string } };
}

describe(`notes, escalation and edits (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const open = async () =>
    (await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody())).body.id;

  it('adds an internal note by default, and a public customer contact when asked', async () => {
    const id = await open();
    const note = await t.call<TimelineEntry>('POST', `/api/incidents/${id}/notes`, {
      message: 'Checked the bin: two mugs look alike',
    });
    assert.equal(note.status, 201);
    assert.equal(note.body.kind, 'note');
    assert.equal(note.body.visibility, 'internal');
    assert.equal(note.body.actor, 'test admin');
    const contact = await t.call<TimelineEntry>('POST', `/api/incidents/${id}/notes`, {
      kind: 'customer_contact',
      visibility: 'public',
      message: 'Customer called about the replacement',
    });
    assert.equal(contact.body.kind, 'customer_contact');
    assert.equal(contact.body.visibility, 'public');
    const d = (await t.call<IncidentDetail>('GET', `/api/incidents/${id}`)).body;
    assert.deepEqual(
      d.timeline.map((e) => e.kind),
      ['created', 'note', 'customer_contact'],
    );
    const bad = await t.call<ErrorBody>('POST', `/api/incidents/${id}/notes`, {
      message: '',
      kind: 'gossip',
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details?.fields?.map((f) => f.path).sort(), [
      'kind',
      'message',
    ]);
  });

  it('escalates by hand with a timeline entry, keeping the first escalation time', async () => {
    const id = await open();
    const first = await t.call<IncidentDetail>('POST', `/api/incidents/${id}/escalate`, {
      reason: 'VIP customer',
    });
    assert.equal(first.status, 200);
    assert.equal(first.body.escalated, true);
    const firstAt = first.body.escalatedAt;
    assert.equal(firstAt, t.clock.now().toISOString());
    t.clock.advance(60_000);
    const second = await t.call<IncidentDetail>('POST', `/api/incidents/${id}/escalate`, {
      reason: 'Customer called twice',
    });
    assert.equal(second.body.escalatedAt, firstAt);
    assert.deepEqual(
      second.body.timeline.filter((e) => e.kind === 'escalated').map((e) => e.message),
      ['VIP customer', 'Customer called twice'],
    );
  });

  it('refuses to escalate a final incident', async () => {
    const id = await open();
    await t.call('POST', `/api/incidents/${id}/transitions`, { to: 'caught' });
    const res = await t.call<ErrorBody>('POST', `/api/incidents/${id}/escalate`, { reason: 'x' });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'invalid_state');
    assert.equal(res.body.error.details?.current, 'caught');
  });

  it('writes one timeline entry per field an edit changes, and none for equal values', async () => {
    const id = await open();
    const res = await t.call<IncidentDetail>('PATCH', `/api/incidents/${id}`, {
      severity: 'critical',
      rootCause: 'look_alike_sku',
      summary: 'Customer got the wrong mug',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.severity, 'critical');
    assert.equal(res.body.rootCause, 'look_alike_sku');
    const updates = res.body.timeline.filter((e) => e.kind === 'updated');
    assert.deepEqual(
      updates.map((e) => e.data),
      [
        { field: 'severity', from: 'medium', to: 'critical' },
        { field: 'rootCause', from: null, to: 'look_alike_sku' },
      ],
    );
    const before = await countEvents(t.ctx.db, id);
    await t.call('PATCH', `/api/incidents/${id}`, { severity: 'critical' });
    assert.equal(await countEvents(t.ctx.db, id), before);
    const cleared = await t.call<IncidentDetail>('PATCH', `/api/incidents/${id}`, {
      description: 'Blue ordered, red shipped',
    });
    assert.equal(cleared.body.description, 'Blue ordered, red shipped');
    const nulled = await t.call<IncidentDetail>('PATCH', `/api/incidents/${id}`, {
      description: null,
    });
    assert.equal(nulled.body.description, null);
  });

  it('sets the root cause of a caught incident after the fact', async () => {
    const id = await open();
    await t.call('POST', `/api/incidents/${id}/transitions`, { to: 'caught' });
    const res = await t.call<IncidentDetail>('PATCH', `/api/incidents/${id}`, {
      rootCause: 'bin_location_error',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.rootCause, 'bin_location_error');
  });

  it('refuses an empty edit and an unknown root cause', async () => {
    const id = await open();
    const empty = await t.call<ErrorBody>('PATCH', `/api/incidents/${id}`, {});
    assert.equal(empty.status, 400);
    const bad = await t.call<ErrorBody>('PATCH', `/api/incidents/${id}`, { rootCause: 'gremlins' });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.details?.fields?.map((f) => f.path),
      ['rootCause'],
    );
  });

  it('lets a packer do none of notes, escalation and edits', async () => {
    const id = await open();
    const packer = await t.keyFor('packer');
    const calls = [
      t.call('POST', `/api/incidents/${id}/notes`, { message: 'hi' }, packer),
      t.call('POST', `/api/incidents/${id}/escalate`, { reason: 'hi' }, packer),
      t.call('PATCH', `/api/incidents/${id}`, { severity: 'low' }, packer),
    ];
    for (const res of await Promise.all(calls)) assert.equal(res.status, 403);
    assert.equal(await countEvents(t.ctx.db, id), 1);
  });

  it('answers 404 for notes, escalation and edits of an unknown incident', async () => {
    for (const [method, url, body] of [
      ['POST', '/api/incidents/inc_x/notes', { message: 'x' }],
      ['POST', '/api/incidents/inc_x/notes', { message: 'x', kind: 'customer_notified' }],
      ['POST', '/api/incidents/inc_x/escalate', { reason: 'x' }],
      ['PATCH', '/api/incidents/inc_x', { severity: 'low' }],
    ] as const) {
      const res = await t.call<ErrorBody>(method, url, body);
      assert.equal(res.status, 404, `${method} ${url}`);
      assert.equal(res.body.error.code, 'incident_not_found');
    }
  });
});
