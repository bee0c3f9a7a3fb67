import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import type { DbHandle } from '../db/connect.js';
import { createApiKey, revokeKey } from '../modules/auth/index.js';
import { loadTokenSecret, trackingLink } from '../modules/status-page/index.js';
import { DAY, HOUR, TestClock } from '../shared/clock.js';
import { Agenda } from './agenda.js';
import { seedDemoPeople, type DemoPerson } from './people.js';
import { ApiClient } from './api-client.js';
import { Random } from './random.js';
import { seedPurchaseOrders, seedReference } from './seed-reference.js';
import { fulfilRemedyShipment, scheduleDay, scriptToday, type Sim } from './simulate.js';

const WEEKS = 6;

/** What the loading tells as it goes: the people to sign in with, and how far it is. */
export interface DemoEvents {
  people?(people: DemoPerson[]): void;
  /** A share of the simulated weeks lived through, 0 … 1. */
  progress?(done: number): void;
}

export async function isEmpty(handle: DbHandle): Promise<boolean> {
  const row = await handle.db
    .selectFrom('locations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/**
 * Loads the demo store into an empty database by living through its last six weeks: the service
 * runs on a simulated clock from six weeks ago up to `now`, and every order, shipment and
 * incident goes through the public API (or, for detections that have no API yet, the same
 * services). Deterministic for a given seed. Returns a one-line summary, or null when the
 * database already holds data.
 */
export async function seedDemoStoreIfEmpty(
  handle: DbHandle,
  config: Config,
  now: Date,
  seed = 20261126,
  weeks = WEEKS,
  events: DemoEvents = {},
): Promise<string | null> {
  if (!(await isEmpty(handle))) return null;
  const start = new Date(Math.floor((now.getTime() - weeks * 7 * DAY) / DAY) * DAY);
  const clock = new TestClock(start);
  const built = await buildApp({
    handle,
    clock,
    config: { ...config, testClock: false, logLevel: 'silent' },
  });
  const { apiKey, key } = await createApiKey(
    handle.db,
    { name: 'demo loader', role: 'admin' },
    clock.now().toISOString(),
  );
  try {
    const api = new ApiClient(built.app, key);
    const rnd = new Random(seed);
    const ref = await seedReference(api, rnd);
    events.people?.(await seedDemoPeople({ db: handle.db, clock, config }, ref.locationId));
    await tunePolicy(api);
    const agenda = new Agenda();
    const sim: Sim = {
      api,
      db: handle.db,
      clock,
      rnd,
      ref,
      agenda,
      handled: new Set(),
      fulfil: (orderId, shipmentId) => fulfilRemedyShipment(sim, orderId, shipmentId),
      runDue: () => built.runner.runDue(),
    };
    for (let day = start.getTime(); day < now.getTime(); day += DAY) scheduleDay(sim, day);
    const todayScript = now.getTime() - 3 * HOUR;
    // Due jobs (SLA checks) run every simulated quarter of an hour, as the poller would.
    let lastRun = 0;
    let told = 0;
    await agenda.runUntil(todayScript, clock, async () => {
      const t = clock.now().getTime();
      const done = (t - start.getTime()) / (todayScript - start.getTime());
      if (done - told >= 0.05) events.progress?.((told = done));
      if (t - lastRun < 15 * 60_000) return;
      lastRun = t;
      await built.runner.runDue();
    });
    await scriptToday(sim, now.getTime());
    await built.runner.runDue();
    await seedPurchaseOrders(api, ref, rnd, now);
    return await summary(handle);
  } finally {
    await revokeKey(handle.db, apiKey.id, now.toISOString());
    await built.app.close();
  }
}

/**
 * The demo store's own policy: remedies look at deliveries and pickups hourly instead of every
 * quarter of an hour — the first change in its policy history, and a lighter load to simulate.
 */
async function tunePolicy(api: ApiClient): Promise<void> {
  const current = await api.get<{ policy: { settings: Record<string, unknown> } }>('/api/policy');
  const policy = { ...current.policy, settings: { ...current.policy.settings, watchMinutes: 60 } };
  await api.put('/api/policy', policy);
}

async function summary(handle: DbHandle): Promise<string> {
  const count = async (table: 'locations' | 'products' | 'customers' | 'orders' | 'incidents') =>
    Number(
      (
        await handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const states = await handle.db
    .selectFrom('incidents')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .orderBy('state')
    .execute();
  const byState = states.map((s) => `${s.state} ${Number(s.n)}`).join(', ');
  return (
    `${await count('locations')} locations, ${await count('products')} products, ` +
    `${await count('customers')} customers, ${await count('orders')} orders, ` +
    `${await count('incidents')} incidents (${byState})`
  );
}

/**
 * Status-page links of a few demo incidents (one waiting for the customer's choice, one
 * resolved), so the customer's side can be opened right after the first start.
 */
export async function demoTrackingLinks(
  handle: DbHandle,
  config: Config,
  now: Date,
): Promise<{ state: string; summary: string; url: string }[]> {
  await loadTokenSecret(handle.db, config, now.toISOString());
  const expiresAt = new Date(now.getTime() + 30 * DAY).toISOString();
  const links = [];
  for (const state of ['awaiting_customer', 'resolved']) {
    const i = await handle.db
      .selectFrom('incidents')
      .select(['id', 'customer_id', 'summary'])
      .where('state', '=', state)
      .where('customer_id', 'is not', null)
      .orderBy('detected_at', 'desc')
      .executeTakeFirst();
    if (!i?.customer_id) continue;
    const url = trackingLink(config, { incidentId: i.id, customerId: i.customer_id, expiresAt });
    links.push({ state, summary: i.summary, url });
  }
  return links;
}
