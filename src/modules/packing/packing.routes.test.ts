import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { addStock } from '../orders/orders.factories.js';
import { makePackStore, orderAt, type PackStore } from './packing.factories.js';
import type { PackStats } from './packing.js';
import type { CloseResult, ScanResult, SessionDetail, SessionView } from './index.js';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details: Record<string, unknown> & { fields?: { path: string }[] };
  };
}

describe(`pack sessions over HTTP: bad input and roles (${dialect})`, () => {
  let t: TestApp;
  let packerKey: string;
  let viewerKey: string;
  let s: PackStore;
  before(async () => {
    t = await createTestApp();
    packerKey = await t.keyFor('packer');
    viewerKey = await t.keyFor('viewer');
    s = await makePackStore(t.ctx.db);
    await addStock(t.ctx.db, s.mug.id, s.w1.id, 1000);
  });
  after(() => t.close());

  async function pendingShipment() {
    return (await orderAt(t, s, s.w1.id, [{ sku: s.mug.sku, qty: 1 }])).shipment;
  }
  const open = (shipmentId: string, as = packerKey, extra: object = {}) =>
    t.call<SessionView>(
      'POST',
      '/api/pack-sessions',
      { shipmentId, station: 'W1-P2', ...extra },
      as,
    );
  const scan = <T = ScanResult>(sessionId: string, body: unknown, as = packerKey) =>
    t.call<T>('POST', `/api/pack-sessions/${sessionId}/scans`, body, as);

  it('names the packer after the API key unless told, and lets a packer scan', async () => {
    const opened = await open((await pendingShipment()).id);
    assert.equal(opened.status, 201);
    assert.equal(opened.body.packer, 'test packer');
    assert.equal(opened.body.station, 'W1-P2');
    const res = await scan(opened.body.id, { code: s.mug.sku });
    assert.equal(res.status, 201);
    assert.equal(res.body.scan.qty, 1, 'one unit per scan by default');
    assert.equal(res.body.comparison.matched, true);
  });

  it('records a code that matches nothing as unknown_code and shows it at once', async () => {
    const opened = await open((await pendingShipment()).id);
    const res = await scan(opened.body.id, { code: '0000000000000' });
    assert.equal(res.status, 201);
    assert.equal(res.body.scan.classification, 'unknown_code');
    assert.equal(res.body.scan.productId, null);
    assert.match(res.body.scan.message, /matches no product/);
    assert.deepEqual(
      res.body.comparison.extra.map((x) => [x.kind, x.code, x.qty]),
      [['unknown_code', '0000000000000', 1]],
    );
    const detail = await t.call<SessionDetail>('GET', `/api/pack-sessions/${opened.body.id}`);
    assert.deepEqual(
      detail.body.scans.map((x) => [x.code, x.classification]),
      [['0000000000000', 'unknown_code']],
    );
    await scan(opened.body.id, { code: s.mug.sku });
    const closed = await t.call<CloseResult>(
      'POST',
      `/api/pack-sessions/${opened.body.id}/close`,
      {},
      packerKey,
    );
    assert.equal(closed.body.result, 'mismatch', 'an unidentified item is in the box');
    assert.deepEqual(
      closed.body.comparison.discrepancies.map((d) => d.kind),
      ['unknown_code'],
    );
    assert.equal(closed.body.incident?.type, 'other');
  });

  it('refuses a scan on a closed session with 409 and the session’s state', async () => {
    const opened = await open((await pendingShipment()).id);
    await scan(opened.body.id, { code: s.mug.sku });
    const closed = await t.call<CloseResult>(
      'POST',
      `/api/pack-sessions/${opened.body.id}/close`,
      {},
      packerKey,
    );
    assert.equal(closed.body.result, 'match');
    const res = await scan<ErrorBody>(opened.body.id, { code: s.mug.sku });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'invalid_state');
    assert.deepEqual(
      [res.body.error.details.status, res.body.error.details.result],
      ['closed', 'match'],
    );
    const detail = await t.call<SessionDetail>('GET', `/api/pack-sessions/${opened.body.id}`);
    assert.equal(detail.body.scans.length, 1, 'the refused scan is not recorded');
    const reclose = await t.call<ErrorBody>(
      'POST',
      `/api/pack-sessions/${opened.body.id}/close`,
      {},
      packerKey,
    );
    assert.equal(reclose.status, 409);
  });

  it('allows one open session per shipment, naming the open one', async () => {
    const shipment = await pendingShipment();
    const [a, b] = await Promise.all([open(shipment.id), open(shipment.id)]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [201, 409]);
    const won = a.status === 201 ? a : b;
    const lost = (a.status === 201 ? b : a) as unknown as { body: ErrorBody };
    assert.equal(lost.body.error.code, 'conflict');
    assert.equal(lost.body.error.details.sessionId, won.body.id);
  });

  it('opens no session on a shipment that is not pending, saying its status', async () => {
    const { order, shipment } = await orderAt(t, s, s.w1.id, [{ sku: s.mug.sku, qty: 1 }]);
    const packed = await t.call(
      'POST',
      `/api/orders/${order.id}/shipments/${shipment.id}/pack`,
      undefined,
      packerKey,
    );
    assert.equal(packed.status, 200);
    const res = await open(shipment.id);
    const body = res.body as unknown as ErrorBody;
    assert.equal(res.status, 409);
    assert.equal(body.error.code, 'invalid_state');
    assert.equal(body.error.details.status, 'packed');
    const missing = await open('shp_nope');
    assert.equal(missing.status, 404);
  });

  it('takes quantities of 1 to 1000 whole units, naming the field otherwise', async () => {
    const opened = await open((await pendingShipment()).id);
    for (const qty of [0, 1001, 1.5, '2']) {
      const res = await scan<ErrorBody>(opened.body.id, { code: s.mug.sku, qty });
      assert.equal(res.status, 400, `qty ${qty}`);
      assert.deepEqual(
        res.body.error.details.fields?.map((f) => f.path),
        ['qty'],
      );
    }
    const empty = await scan<ErrorBody>(opened.body.id, { code: '  ' });
    assert.equal(empty.status, 400);
    assert.equal((await scan(opened.body.id, { code: s.mug.sku, qty: 1000 })).status, 201);
    const unknown = await scan<ErrorBody>('pks_nope', { code: s.mug.sku });
    assert.equal(unknown.status, 404);
  });

  it('lets a viewer read but not scan, open or close', async () => {
    const opened = await open((await pendingShipment()).id);
    assert.equal(
      (await scan<ErrorBody>(opened.body.id, { code: s.mug.sku }, viewerKey)).status,
      403,
    );
    assert.equal((await open(opened.body.shipmentId, viewerKey)).status, 403);
    const close = await t.call('POST', `/api/pack-sessions/${opened.body.id}/close`, {}, viewerKey);
    assert.equal(close.status, 403);
    const read = await t.call('GET', `/api/pack-sessions/${opened.body.id}`, undefined, viewerKey);
    assert.equal(read.status, 200);
    const stats = await t.call<PackStats>(
      'GET',
      '/api/pack-sessions/stats?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z',
      undefined,
      viewerKey,
    );
    assert.equal(stats.status, 200);
    assert.equal(stats.body.from, '2026-01-01T00:00:00.000Z');
    const backwards = await t.call<ErrorBody>(
      'GET',
      '/api/pack-sessions/stats?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    assert.equal(backwards.status, 400);
  });
});
