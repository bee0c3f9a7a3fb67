import { buildApp } from './app.js';
import { Startup } from './http/startup.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type DbHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { demoTrackingLinks, isEmpty, seedDemoStoreIfEmpty } from './demo/index.js';
import { JobRunner } from './jobs/index.js';
import {
  rebuildAggregates,
  scheduleAnalyticsFold,
  verifyAggregates,
} from './modules/analytics/index.js';
import { authEnvOf, ensureFirstAdmin, ensureFirstAdminKey } from './modules/auth/index.js';
import { TestClock, systemClock, type Clock } from './shared/clock.js';

const usage = `Usage: redress <command>

Commands:
  serve     run the HTTP service (and the job runner unless REDRESS_JOBS=0)
  worker    run only the job runner (scale-out: several may run at once on PostgreSQL)
  migrate   apply pending database migrations and exit
  kpis --verify    fold pending changes, then compare the KPI aggregates with a full
                   recomputation: prints every difference, exits 1 if there is any
  kpis --rebuild   recompute every KPI aggregate from the source tables
`;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

async function prepare(config: Config): Promise<{ handle: DbHandle; clock: Clock }> {
  const handle = openDatabase(config.database);
  const applied = await migrateToLatest(handle.db);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  const clock = config.testClock ? new TestClock() : systemClock;
  return { handle, clock };
}

async function serve(config: Config): Promise<void> {
  const { handle, clock } = await prepare(config);
  const now = clock.now().toISOString();
  const firstKey = await ensureFirstAdminKey(handle.db, config.adminKey, now);
  const loadDemo = config.demo && (await isEmpty(handle));
  // With the demo store its people sign in; without it, the first admin.
  const firstAdmin = loadDemo
    ? null
    : await ensureFirstAdmin(authEnvOf({ db: handle.db, clock, config }), config.auth.adminEmail);
  const startup = new Startup();
  if (loadDemo) startup.begin();
  const { app, runner } = await buildApp({ handle, clock, config, startup });
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(`Redress is listening on ${url} (API docs: ${url}/docs)`);
  if (firstKey?.generated) {
    console.log(
      `\nFirst admin API key, for integrations and scripts (shown once, store it now):\n  ` +
        `${firstKey.key}\nUse it as: curl -H "Authorization: Bearer ${firstKey.key}" ${url}/api/incidents\n`,
    );
  }
  if (firstAdmin) {
    console.log(
      `Sign in as the first admin (shown once; you will be asked to change the password):\n` +
        `  email:    ${firstAdmin.email}\n  password: ${firstAdmin.password}\n`,
    );
  }
  const ready = async () => {
    await scheduleAnalyticsFold(handle.db, clock);
    if (config.runJobs) runner.start();
  };
  onShutdown(async () => {
    await app.close();
    await runner.stop();
    await handle.close();
  });
  if (!loadDemo) return ready();
  // The demo store loads while the service answers: /health says how far it is.
  void loadDemoStore(handle, config, clock, startup, url).then(ready, (err: unknown) => {
    console.error('Loading the demo store failed:', err);
    process.exit(1);
  });
}

async function loadDemoStore(
  handle: DbHandle,
  config: Config,
  clock: Clock,
  startup: Startup,
  url: string,
): Promise<void> {
  console.log('Loading the demo store (first start of an empty database, about a minute)…');
  const seeded = await seedDemoStoreIfEmpty(handle, config, clock.now(), undefined, undefined, {
    people: (people) => {
      console.log(`\nThis is a demo store. Sign in at ${url} as (email / password):`);
      for (const p of people) {
        const where = p.store ? ` at ${p.store}` : '';
        console.log(`  ${p.role.padEnd(8)} ${p.name}${where}: ${p.email} / ${p.password}`);
      }
      console.log('');
    },
    progress: (done) => {
      startup.report(done);
      console.log(`Loading the demo store: ${Math.floor(done * 100)}%`);
    },
  });
  startup.finish();
  if (!seeded) return;
  console.log(`Loaded the demo store: ${seeded}`);
  for (const l of await demoTrackingLinks(handle, config, clock.now())) {
    console.log(`Customer status page (${l.state}): ${l.url}\n  ${l.summary}`);
  }
}

async function worker(config: Config): Promise<void> {
  const { handle, clock } = await prepare(config);
  const { runner } = await buildApp({ handle, clock, config });
  const standalone: JobRunner = runner;
  await scheduleAnalyticsFold(handle.db, clock);
  standalone.start();
  console.log(`Redress worker ${standalone.worker} is running jobs`);
  onShutdown(async () => {
    await standalone.stop();
    await handle.close();
  });
}

/** `kpis --verify` exits 1 when the aggregates differ from a full recomputation. */
async function kpis(config: Config, flags: string[]): Promise<void> {
  const verify = flags.includes('--verify');
  const rebuild = flags.includes('--rebuild');
  if (verify === rebuild) {
    console.error('Usage: redress kpis --verify | --rebuild');
    process.exit(2);
  }
  const { handle, clock } = await prepare(config);
  const now = clock.now().toISOString();
  try {
    if (rebuild) {
      const result = await rebuildAggregates(handle.db, now);
      console.log(
        `Rebuilt the KPI aggregates of ${result.days} days from ${result.entities} orders and incidents`,
      );
      return;
    }
    const { days, differences } = await verifyAggregates(handle.db, now);
    for (const d of differences) {
      console.log(`${d.table} ${d.key}\n  stored:   ${JSON.stringify(d.stored)}`);
      console.log(`  expected: ${JSON.stringify(d.expected)}`);
    }
    console.log(
      differences.length === 0
        ? `KPI aggregates of ${days} days equal a full recomputation`
        : `${differences.length} aggregate row(s) differ from a full recomputation`,
    );
    if (differences.length > 0) process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

function onShutdown(close: () => Promise<void>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<void> {
  const [command] = argv;
  switch (command) {
    case 'serve':
      return serve(readConfig());
    case 'worker':
      return worker(readConfig());
    case 'migrate': {
      const config = readConfig();
      const { handle } = await prepare(config);
      await handle.close();
      console.log('Database is up to date');
      return;
    }
    case 'kpis':
      return kpis(readConfig(), argv.slice(1));
    case undefined:
    default:
      console.log(usage);
      if (command && command !== 'help' && command !== '--help') process.exit(2);
  }
}
