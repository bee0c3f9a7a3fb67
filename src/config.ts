import { z } from 'zod';
import { reviewThreshold } from './modules/triage/index.js';

/**
 * Environment → validated, frozen config. Every variable the service reads is here; an invalid
 * value stops start-up with one message naming every bad variable.
 */
const flag = z
  .enum(['0', '1', 'true', 'false', 'on', 'off'])
  .transform((v) => v === '1' || v === 'true' || v === 'on');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  REDRESS_DATA_DIR: z.string().min(1).default('./data'),
  REDRESS_DB_FILE: z.string().min(1).optional(),
  REDRESS_ADMIN_KEY: z
    .string()
    .min(24, 'must be at least 24 characters')
    .regex(/^[A-Za-z0-9_\-.]+$/, 'may hold only letters, digits, _ - and .')
    .optional(),
  REDRESS_DEMO: flag.default(true),
  REDRESS_TEST_CLOCK: flag.default(false),
  REDRESS_JOBS: flag.default(true),
  REDRESS_JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  REDRESS_PUBLIC_URL: z.url().optional(),
  REDRESS_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int('must be a whole number of bytes')
    .min(1024)
    .max(1024 ** 3)
    .default(10 * 1024 ** 2),
  REDRESS_REPORT_DEDUPE_HOURS: z.coerce.number().min(0).max(720).default(24),
  REDRESS_TRIAGE_THRESHOLD: z.coerce.number().min(0).max(1).default(reviewThreshold),
  PG_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database:
    | { readonly kind: 'sqlite'; readonly file: string }
    | { readonly kind: 'postgres'; readonly url: string; readonly poolMax: number };
  readonly dataDir: string;
  readonly adminKey: string | undefined;
  readonly demo: boolean;
  readonly testClock: boolean;
  readonly runJobs: boolean;
  readonly jobPollMs: number;
  readonly publicUrl: string;
  /** Largest file accepted per upload (photos of a report). */
  readonly uploadMaxBytes: number;
  /** A report of the same order and type within this window joins the open incident; 0: never. */
  readonly reportDedupeHours: number;
  /** Below this triage confidence a free-text report waits for an agent to confirm its type. */
  readonly triageThreshold: number;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        return `${name}=${JSON.stringify(env[name])}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  const dataDir = e.REDRESS_DATA_DIR;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: Object.freeze(
      e.DATABASE_URL
        ? { kind: 'postgres' as const, url: e.DATABASE_URL, poolMax: e.PG_POOL_MAX }
        : { kind: 'sqlite' as const, file: e.REDRESS_DB_FILE ?? `${dataDir}/redress.db` },
    ),
    dataDir,
    adminKey: e.REDRESS_ADMIN_KEY,
    demo: e.REDRESS_DEMO,
    testClock: e.REDRESS_TEST_CLOCK,
    runJobs: e.REDRESS_JOBS,
    jobPollMs: e.REDRESS_JOB_POLL_MS,
    publicUrl: e.REDRESS_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    uploadMaxBytes: e.REDRESS_UPLOAD_MAX_BYTES,
    reportDedupeHours: e.REDRESS_REPORT_DEDUPE_HOURS,
    triageThreshold: e.REDRESS_TRIAGE_THRESHOLD,
    logLevel: e.LOG_LEVEL,
  });
}
