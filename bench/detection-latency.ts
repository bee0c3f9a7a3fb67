// Detection → queued customer notification. On a temporary SQLite file with one shipped shipment
// per event, posts carrier `delayed` events (new ETA past the promise) through `app.inject` at a
// steady pace and measures, for each, the time from the request's start until its
// `incident.notify_customer` job row is committed: the response is sent after the commit, so the
// request latency is an upper bound; the job row's `created_at` (written in the same transaction,
// just before the commit) against the request's start is the lower bound. Beside it, GET /health
// at the same pace in the same run. Printed as Markdown and written into BENCHMARKS.md under its
// own heading; the rest of that file is left as it is.
// Usage: npx tsx bench/detection-latency.ts [--rate 100] [--seconds 10]
import { mkdtempSync, rmSync } from 'node:fs';
import { formatSection, writeSection } from './benchmarks-file.js';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openSqlite } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createApiKey } from '../src/modules/auth/index.js';
import { addStock, makeStore, orderBody } from '../src/modules/orders/orders.factories.js';
import type { Order } from '../src/modules/orders/index.js';
import { DAY, systemClock } from '../src/shared/clock.js';

const heading = '## Detection to queued notification';

interface Sample {
  startWall: number;
  ms: number;
  incidentId: string | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) };
}

/** Starts `fn(i)` for i < n at `rate` per second, without waiting for earlier calls (open loop). */
async function paced<T>(n: number, rate: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const interval = 1000 / rate;
  const t0 = performance.now();
  const pending: Promise<T>[] = [];
  for (let i = 0; i < n; i++) {
    const wait = t0 + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(fn(i));
  }
  return Promise.all(pending);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '10' },
    },
  });
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const n = Math.round(rate * seconds);

  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-'));
  const handle = openSqlite(join(dir, 'bench.db'));
  try {
    await migrateToLatest(handle.db);
    const config = loadConfig({ REDRESS_DEMO: '0', LOG_LEVEL: 'silent', REDRESS_JOBS: '0' });
    const { app } = await buildApp({ handle, clock: systemClock, config });
    const now = () => new Date().toISOString();
    const { key } = await createApiKey(handle.db, { name: 'bench', role: 'admin' }, now());
    const headers = { authorization: `Bearer ${key}` };
    const call = async <T>(method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json<T>();
    };

    // One shipped shipment per event, so that every event opens an incident.
    const setupStart = performance.now();
    const warm = 20;
    const store = await makeStore(handle.db);
    await addStock(handle.db, store.mug.id, store.w1.id, n + warm);
    const parcels: { tracking: string; promisedAt: string }[] = [];
    for (let i = 0; i < n + warm; i++) {
      const order = await call<Order>(
        'POST',
        '/api/orders',
        orderBody(store, { lines: [{ sku: store.mug.sku, qty: 1 }] }),
      );
      const shipment = order.shipments[0];
      if (!shipment) throw new Error('order without shipment');
      const base = `/api/orders/${order.id}/shipments/${shipment.id}`;
      const tracking = `BENCH${String(i).padStart(6, '0')}`;
      await call('POST', `${base}/pack`);
      await call('POST', `${base}/ship`, { carrier: 'DHL', trackingNumber: tracking });
      parcels.push({ tracking, promisedAt: order.promisedAt });
    }
    const setupS = (performance.now() - setupStart) / 1000;

    const delayed = (i: number, at: number) => {
      const parcel = parcels[i];
      if (!parcel) throw new Error(`no parcel ${i}`);
      return {
        carrier: 'dhl',
        eventId: `bench-${i}`,
        type: 'delayed',
        trackingNumber: parcel.tracking,
        occurredAt: new Date(at).toISOString(),
        newEta: new Date(Date.parse(parcel.promisedAt) + 2 * DAY).toISOString(),
      };
    };

    // Warm-up: a few of each request, the events on parcels outside the measured set.
    for (let i = 0; i < warm; i++) {
      await call('GET', '/health');
      await call('POST', '/api/carrier-events', delayed(n + i, Date.now()));
    }

    const load = loadavg()[0] ?? 0;
    const health = await paced(n, rate, async () => {
      const start = performance.now();
      await call('GET', '/health');
      return performance.now() - start;
    });

    const events = await paced(n, rate, async (i): Promise<Sample> => {
      const startWall = Date.now();
      const start = performance.now();
      const body = await call<{ results: { incidentId: string | null }[] }>(
        'POST',
        '/api/carrier-events',
        delayed(i, startWall),
      );
      return {
        startWall,
        ms: performance.now() - start,
        incidentId: body.results[0]?.incidentId ?? null,
      };
    });

    const jobs = await handle.db
      .selectFrom('jobs')
      .select(['payload', 'created_at'])
      .where('type', '=', 'incident.notify_customer')
      .execute();
    const jobAt = new Map(
      jobs.map((j) => [(JSON.parse(j.payload) as { incidentId: string }).incidentId, j.created_at]),
    );
    const rowDelays = events.map((e) => {
      const at = e.incidentId ? jobAt.get(e.incidentId) : undefined;
      if (!at) throw new Error(`no notification job for event ${e.startWall}`);
      return Date.parse(at) - e.startWall;
    });
    await app.close();

    const ev = stats(events.map((e) => e.ms));
    const row = stats(rowDelays);
    const base = stats(health);
    const f = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(1));
    const section = [
      heading,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:detection\` ` +
        `(\`tsx bench/detection-latency.ts --rate ${rate} --seconds ${seconds}\`), Node ` +
        `${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'} (1-minute load ` +
        `${load.toFixed(1)} when measuring started), a temporary SQLite file (WAL).`,
      '',
      `${n} shipped shipments (set up in ${setupS.toFixed(1)} s through the API), then ${n} ` +
        `carrier \`delayed\` events, ETA two days past the promise, one per shipment, posted ` +
        `through \`app.inject\` at ${rate}/s for ${seconds} s without waiting for earlier answers. ` +
        `Each opened a \`late_delivery\` incident and queued its \`incident.notify_customer\` job ` +
        `(${events.filter((e) => e.incidentId && jobAt.has(e.incidentId)).length} of ${n} found). Baseline: GET /health, ${n} requests at the ` +
        'same pace in the same run. Times in ms.',
      '',
      '| measure | p50 | p95 | p99 | max |',
      '| --- | --: | --: | --: | --: |',
      `| event request: start → response (after commit; upper bound) | ${f(ev.p50)} | ${f(ev.p95)} | ${f(ev.p99)} | ${f(ev.max)} |`,
      `| start → job row \`created_at\` (in the transaction; lower bound, ms resolution) | ${f(row.p50)} | ${f(row.p95)} | ${f(row.p99)} | ${f(row.max)} |`,
      `| baseline GET /health | ${f(base.p50)} | ${f(base.p95)} | ${f(base.p99)} | ${f(base.max)} |`,
      '',
      `Ratio event ÷ baseline: p50 ${(ev.p50 / base.p50).toFixed(1)}×, p99 ` +
        `${(ev.p99 / base.p99).toFixed(1)}×. Goal p99 under 1 s: ` +
        `${ev.p99 < 1000 ? 'met' : 'NOT met'} (${f(ev.p99)} ms).`,
      '',
    ].join('\n');
    const formatted = await formatSection(section);
    console.log(formatted);

    writeSection(heading, formatted);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
