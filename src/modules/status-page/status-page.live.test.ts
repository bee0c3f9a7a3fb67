import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { customerIncident, readEvents } from './status-page.factories.js';

describe(`status page live events (${dialect})`, () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.close());

  it('pushes an update when our team writes to the incident, and only to its watchers', async () => {
    const c = await customerIncident(t);
    const other = await customerIncident(t);
    const url = `${base}/api/public/incidents/${c.token}/events`;
    let headers: Record<string, unknown> = {};
    const otherEvents = readEvents(
      `${base}/api/public/incidents/${other.token}/events`,
      (events) => events.some((e) => e.event === 'update'),
      () => undefined,
      3_000,
    ).catch(() => 'no update');
    const events = await readEvents(
      url,
      (list) => {
        if (list.length === 1 && list[0]?.event === 'ready') {
          void t.call('POST', `/api/incidents/${c.incidentId}/notes`, {
            message: 'The courier collects the mug tomorrow.',
            visibility: 'public',
          });
        }
        return list.some((e) => e.event === 'update');
      },
      (res) => {
        headers = res.headers;
      },
    );
    assert.match(String(headers['content-type']), /^text\/event-stream/);
    assert.equal(headers['cache-control'], 'no-store');
    assert.deepEqual(
      events.map((e) => e.event),
      ['ready', 'update'],
    );
    assert.deepEqual(JSON.parse(events[1]?.data ?? '{}'), { incidentId: c.incidentId });
    assert.equal(await otherEvents, 'no update', 'another customer’s page hears nothing');
  });

  it('pushes an update when the state changes', async () => {
    const c = await customerIncident(t);
    const events = await readEvents(`${base}/api/public/incidents/${c.token}/events`, (list) => {
      if (list.length === 1) {
        void t.call('POST', `/api/incidents/${c.incidentId}/transitions`, { to: 'verified' });
      }
      return list.some((e) => e.event === 'update');
    });
    assert.equal(events.at(-1)?.event, 'update');
  });

  it('answers a bad link with a 404 and opens no stream', async () => {
    const res = await fetch(`${base}/api/public/incidents/not-a-token/events`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'token_invalid');
  });
});

describe(`status page live events on close (${dialect})`, () => {
  it('ends open streams when the app closes', async () => {
    const t = await createTestApp();
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (t.app.server.address() as AddressInfo).port;
      const c = await customerIncident(t);
      let closing: Promise<void> | undefined;
      const events = await readEvents(
        `http://127.0.0.1:${port}/api/public/incidents/${c.token}/events`,
        (list) => {
          if (list.length === 1) closing = t.app.close();
          return false;
        },
      );
      await closing;
      assert.deepEqual(
        events.map((e) => e.event),
        ['ready'],
        'the stream ended (the read resolved) instead of timing out',
      );
    } finally {
      await t.close();
    }
  });
});
