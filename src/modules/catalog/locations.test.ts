import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import {
  fieldPaths,
  locationBody,
  uniq,
  type ErrorBody,
  type Location,
  type PageOf,
} from './catalog.testing.js';

describe(`locations (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const create = (over: Record<string, unknown> = {}) =>
    t.call<Location>('POST', '/api/locations', locationBody(over));

  it('gives a warehouse ship and returns, and a store pickup and returns, by default', async () => {
    const wh = await create({ kind: 'warehouse' });
    assert.equal(wh.status, 201);
    assert.match(wh.body.id, /^loc_/);
    assert.deepEqual(wh.body.capabilities, { ship: true, pickup: false, returns: true });
    assert.equal(wh.body.active, true);
    const store = await create({ kind: 'store', zone: 'city' });
    assert.deepEqual(store.body.capabilities, { ship: false, pickup: true, returns: true });
  });

  it('stores the address, coordinates and given capabilities over the defaults', async () => {
    const address = {
      line1: 'Rua Augusta 10',
      line2: '2º',
      city: 'Lisboa',
      postalCode: '1100-053',
      region: 'Lisboa',
      country: 'PT',
    };
    const made = await create({
      kind: 'store',
      address,
      latitude: 38.7104,
      longitude: -9.1366,
      capabilities: { ship: true },
    });
    assert.equal(made.status, 201);
    const got = await t.call<Location>('GET', `/api/locations/${made.body.id}`);
    assert.deepEqual(got.body.address, address);
    assert.equal(got.body.latitude, 38.7104);
    assert.equal(got.body.longitude, -9.1366);
    assert.deepEqual(got.body.capabilities, { ship: true, pickup: true, returns: true });
  });

  it('changes a location, merging capabilities over the current ones', async () => {
    const made = await create({ kind: 'warehouse' });
    t.clock.advance(1000);
    const changed = await t.call<Location>('PATCH', `/api/locations/${made.body.id}`, {
      name: 'Madrid north',
      zone: 'city',
      capabilities: { returns: false },
      active: false,
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.name, 'Madrid north');
    assert.equal(changed.body.zone, 'city');
    assert.equal(changed.body.active, false);
    assert.deepEqual(changed.body.capabilities, { ship: true, pickup: false, returns: false });
    assert.deepEqual(changed.body.address, made.body.address);
    assert.notEqual(changed.body.updatedAt, made.body.updatedAt);
  });

  it('filters by kind, zone and capability', async () => {
    const tag = uniq('F');
    const cityStore = await create({ code: `${tag}-1`, kind: 'store', zone: 'city' });
    const natWarehouse = await create({ code: `${tag}-2`, kind: 'warehouse', zone: 'national' });
    const ids = async (query: string) => {
      const res = await t.call<PageOf<Location>>('GET', `/api/locations?limit=500&${query}`);
      assert.equal(res.status, 200);
      return res.body.data.map((l) => l.id);
    };
    const stores = await ids('kind=store');
    assert.ok(stores.includes(cityStore.body.id) && !stores.includes(natWarehouse.body.id));
    const national = await ids('zone=national');
    assert.ok(national.includes(natWarehouse.body.id) && !national.includes(cityStore.body.id));
    const pickup = await ids('capability=pickup');
    assert.ok(pickup.includes(cityStore.body.id) && !pickup.includes(natWarehouse.body.id));
    const shipping = await ids('capability=ship&kind=warehouse');
    assert.ok(shipping.includes(natWarehouse.body.id));
    const bad = await t.call<ErrorBody>('GET', '/api/locations?capability=teleport');
    assert.deepEqual(fieldPaths(bad.body), ['querystring.capability']);
  });

  it('pages through locations with nextCursor', async () => {
    for (let i = 0; i < 3; i++) await create();
    const first = await t.call<PageOf<Location>>('GET', '/api/locations?limit=2');
    assert.equal(first.body.data.length, 2);
    assert.ok(first.body.nextCursor);
    const second = await t.call<PageOf<Location>>(
      'GET',
      `/api/locations?limit=2&cursor=${first.body.nextCursor}`,
    );
    assert.ok(second.body.data.length > 0);
    assert.ok(second.body.data.every((l) => l.id > (first.body.nextCursor ?? '')));
  });

  it('refuses a code another location has with 409 code_taken', async () => {
    const made = await create();
    const again = await t.call<ErrorBody>(
      'POST',
      '/api/locations',
      locationBody({ code: made.body.code }),
    );
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'code_taken');
    const other = await create();
    const renamed = await t.call<ErrorBody>('PATCH', `/api/locations/${other.body.id}`, {
      code: made.body.code,
    });
    assert.equal(renamed.status, 409);
  });

  it('names each bad field: country, kind, latitude out of range', async () => {
    const res = await t.call<ErrorBody>(
      'POST',
      '/api/locations',
      locationBody({
        kind: 'depot',
        latitude: 91,
        longitude: 0,
        address: { line1: 'x', city: 'Madrid', postalCode: '1', country: 'Spain' },
      }),
    );
    assert.equal(res.status, 400);
    assert.deepEqual(fieldPaths(res.body), ['address.country', 'kind', 'latitude']);
  });

  it('refuses a latitude without a longitude, also when a change drops one of them', async () => {
    const half = await t.call<ErrorBody>(
      'POST',
      '/api/locations',
      locationBody({ latitude: 40.4 }),
    );
    assert.equal(half.status, 400);
    assert.deepEqual(fieldPaths(half.body), ['longitude']);
    const made = await create({ latitude: 40.4, longitude: -3.7 });
    const dropped = await t.call<ErrorBody>('PATCH', `/api/locations/${made.body.id}`, {
      latitude: null,
    });
    assert.equal(dropped.status, 400);
    assert.deepEqual(fieldPaths(dropped.body), ['latitude']);
    const cleared = await t.call<Location>('PATCH', `/api/locations/${made.body.id}`, {
      latitude: null,
      longitude: null,
    });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.latitude, null);
  });

  it('answers 404 location_not_found for an unknown id', async () => {
    const res = await t.call<ErrorBody>('GET', '/api/locations/loc_nope');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'location_not_found');
  });

  it('lets a viewer and an agent read locations but not write them', async () => {
    const made = await create();
    for (const role of ['viewer', 'agent'] as const) {
      const key = await t.keyFor(role);
      assert.equal(
        (await t.call('GET', `/api/locations/${made.body.id}`, undefined, key)).status,
        200,
      );
      assert.equal((await t.call('POST', '/api/locations', locationBody(), key)).status, 403);
      const patch = await t.call('PATCH', `/api/locations/${made.body.id}`, { name: 'x' }, key);
      assert.equal(patch.status, 403);
    }
  });
});
