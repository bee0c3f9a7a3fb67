// Detection → first customer message delivered to an SMTP server. On a temporary SQLite file, with
// a real SMTP server (smtp-server) on loopback and the job runner running as in `serve`, opens
// incidents through `POST /api/incidents` at a steady pace and measures, for each, the time from
// the request's start until the SMTP server has received the whole `detected` email of that
// incident (matched by its X-Redress-Incident-Id header). Baseline, in the same run and at the same
// pace: a bare nodemailer send (pooled connections, as the service uses) of a message of the same
// size to the same server. Printed as
// Markdown and written into BENCHMARKS.md under its own heading.
// Usage: npx tsx bench/notify-latency.ts [--count 200] [--rate 10] [--poll 500]
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openSqlite } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createApiKey } from '../src/modules/auth/index.js';
import { makeOrder } from '../src/modules/incidents/incidents.factories.js';
import { systemClock } from '../src/shared/clock.js';
import { formatSection, writeSection } from './benchmarks-file.js';

const heading = '## Detection to customer email delivered';

function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) };
}

async function paced<T>(n: number, rate: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const t0 = performance.now();
  const pending: Promise<T>[] = [];
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(fn(i));
  }
  return Promise.all(pending);
}

/** An SMTP server that notes when each message has fully arrived, by a header's value. */
async function smtpSink(header: string) {
  const arrived = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  const pattern = new RegExp(`^${header}: *(\\S+)`, 'im');
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const at = performance.now();
        const key = pattern.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
        if (key) {
          arrived.set(key, at);
          waiters.get(key)?.(at);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** Resolves with the arrival time of the message carrying `key`. */
    arrival(key: string, timeoutMs = 60_000): Promise<number> {
      const known = arrived.get(key);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message ${key}`)), timeoutMs);
        waiters.set(key, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '200' },
      rate: { type: 'string', default: '10' },
      poll: { type: 'string', default: '500' },
    },
  });
  const n = Number(values.count);
  const rate = Number(values.rate);
  const poll = Number(values.poll);
  const warm = 10;

  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-'));
  const handle = openSqlite(join(dir, 'bench.db'));
  const sink = await smtpSink('X-Redress-Incident-Id');
  try {
    await migrateToLatest(handle.db);
    const config = loadConfig({
      REDRESS_DEMO: '0',
      LOG_LEVEL: 'silent',
      REDRESS_DATA_DIR: dir,
      REDRESS_SMTP_URL: sink.url,
      REDRESS_JOB_POLL_MS: String(poll),
      REDRESS_REPORT_DEDUPE_HOURS: '0',
    });
    const { app, runner } = await buildApp({ handle, clock: systemClock, config });
    const { key } = await createApiKey(
      handle.db,
      { name: 'bench', role: 'admin' },
      new Date().toISOString(),
    );
    const order = await makeOrder(handle.db, { lines: 1 });
    runner.start();

    const detect = async (): Promise<number> => {
      const start = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/incidents',
        headers: { authorization: `Bearer ${key}` },
        payload: {
          type: 'damaged',
          source: 'agent',
          orderId: order.id,
          summary: 'Mug arrived broken',
        },
      });
      if (res.statusCode !== 201) throw new Error(`report: ${res.statusCode} ${res.body}`);
      const arrivedAt = await sink.arrival(res.json<{ id: string }>().id);
      return arrivedAt - start;
    };

    // Baseline: the same server and connection pool settings, a bare send of the same size.
    const sample = await handle.db.selectFrom('messages').selectAll().limit(1).executeTakeFirst();
    const transport = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: 3 });
    const bare = async (i: number): Promise<number> => {
      const start = performance.now();
      const id = `baseline-${i}`;
      await transport.sendMail({
        from: config.notifications.mailFrom,
        to: 'customer@example.test',
        subject: sample?.subject ?? 'Your order',
        text: sample?.body_text ?? 'x'.repeat(800),
        html: sample?.body_html ?? 'x'.repeat(2500),
        headers: { 'X-Redress-Incident-Id': id },
      });
      return (await sink.arrival(id)) - start;
    };

    for (let i = 0; i < warm; i++) await detect();
    for (let i = 0; i < warm; i++) await bare(n + i);
    const load = loadavg()[0] ?? 0;
    const measured = await paced(n, rate, () => detect());
    const baseline = await paced(n, rate, (i) => bare(i));
    await runner.stop();
    await app.close();

    const m = stats(measured);
    const b = stats(baseline);
    const f = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(1));
    const section = [
      heading,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:notify\` ` +
        `(\`tsx bench/notify-latency.ts --count ${n} --rate ${rate} --poll ${poll}\`), Node ` +
        `${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'} (1-minute load ` +
        `${load.toFixed(1)} when measuring started), a temporary SQLite file (WAL), an SMTP server ` +
        '(smtp-server) on loopback in the same process.',
      '',
      `${n} incidents reported through \`POST /api/incidents\` at ${rate}/s without waiting for ` +
        'earlier answers; the job runner (polling every ' +
        `${poll} ms, \`REDRESS_JOB_POLL_MS\`) renders, stores and sends each \`detected\` email ` +
        'over SMTP (a pool of up to 3 open connections). Measured from the request’s start until ' +
        'the SMTP server has the whole message. Baseline: a bare nodemailer send (same pool ' +
        'settings) of a message of the same size to the same server, same count and pace. Times ' +
        'in ms.',
      '',
      '| measure | p50 | p95 | p99 | max |',
      '| --- | --: | --: | --: | --: |',
      `| detection → email received by the SMTP server | ${f(m.p50)} | ${f(m.p95)} | ${f(m.p99)} | ${f(m.max)} |`,
      `| baseline: bare nodemailer send → received | ${f(b.p50)} | ${f(b.p95)} | ${f(b.p99)} | ${f(b.max)} |`,
      '',
      `The difference is mostly the wait for the runner's next poll (on average half of ` +
        `${poll} ms) plus the request, the render and the database writes. Goal: the first ` +
        `message within seconds (the notify SLA of 2 h is the ceiling): p99 ${f(m.p99)} ms, ` +
        `${m.p99 < 5000 ? 'met' : 'NOT met'}.`,
      '',
    ].join('\n');
    const formatted = await formatSection(section);
    console.log(formatted);
    writeSection(heading, formatted);
  } finally {
    await sink.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
