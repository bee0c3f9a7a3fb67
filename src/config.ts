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
  REDRESS_ADMIN_EMAIL: z.email('must be an email address').default('admin@redress.localhost'),
  REDRESS_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(10_080).default(120),
  REDRESS_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  REDRESS_INVITATION_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  REDRESS_TRUST_PROXY: z
    .string()
    .regex(
      /^(0|1|true|false|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
      'must be 0, 1, or proxy addresses (CIDR allowed) separated by commas',
    )
    .optional(),
  REDRESS_DEMO: flag.default(true),
  REDRESS_TEST_CLOCK: flag.default(false),
  REDRESS_JOBS: flag.default(true),
  REDRESS_JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  REDRESS_PUBLIC_URL: z.url().optional(),
  REDRESS_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  REDRESS_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int('must be a whole number of bytes')
    .min(1024)
    .max(1024 ** 3)
    .default(10 * 1024 ** 2),
  REDRESS_REPORT_DEDUPE_HOURS: z.coerce.number().min(0).max(720).default(24),
  REDRESS_TRIAGE_THRESHOLD: z.coerce.number().min(0).max(1).default(reviewThreshold),
  // notifications: all optional; without SMTP or SMS settings messages go to the local outbox
  REDRESS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  REDRESS_SMTP_HOST: z.string().min(1).optional(),
  REDRESS_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  REDRESS_SMTP_SECURE: flag.optional(),
  REDRESS_SMTP_USER: z.string().min(1).optional(),
  REDRESS_SMTP_PASS: z.string().min(1).optional(),
  REDRESS_MAIL_FROM: z.string().min(3).default('Redress <care@redress.localhost>'),
  REDRESS_EMAIL_FALLBACK_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
  REDRESS_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  REDRESS_CHAT_WEBHOOK_URL: z.url().optional(),
  REDRESS_SMS_WEBHOOK_URL: z.url().optional(),
  REDRESS_TWILIO_BASE_URL: z.url().default('https://api.twilio.com'),
  REDRESS_TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
  REDRESS_TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  REDRESS_TWILIO_FROM: z.string().min(1).optional(),
  REDRESS_SURVEY_DELAY_HOURS: z.coerce.number().min(0).max(2160).default(24),
  REDRESS_SURVEY_REMINDER_HOURS: z.coerce.number().min(1).max(2160).default(72),
  // money: refunds above the limit wait for approval; without STRIPE_API_KEY refunds are manual
  REDRESS_AUTO_APPROVE_LIMIT: z.coerce
    .number()
    .int('must be whole minor units')
    .min(0)
    .default(5000),
  STRIPE_API_KEY: z.string().min(1).optional(),
  STRIPE_API_BASE: z.url().optional(),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  REDRESS_SELLER_NAME: z.string().min(1).default('Redress Demo Store S.L.'),
  REDRESS_SELLER_ADDRESS: z.string().min(1).default('Calle Mayor 1, 28013 Madrid, ES'),
  REDRESS_SELLER_TAX_ID: z.string().min(1).default('ESB00000000'),
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
  /** Signs status-page links; unset: a random secret kept in the database (status-page). */
  readonly tokenSecret: string | undefined;
  /** Largest file accepted per upload (photos of a report). */
  readonly uploadMaxBytes: number;
  /** A report of the same order and type within this window joins the open incident; 0: never. */
  readonly reportDedupeHours: number;
  /** Below this triage confidence a free-text report waits for an agent to confirm its type. */
  readonly triageThreshold: number;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Customer messages: providers (null = the local outbox), fallback and survey timing. */
  readonly notifications: NotificationsConfig;
  /** Refund approval limit, the Stripe connection (null: refunds are confirmed by hand), seller. */
  readonly money: MoneyConfig;
  readonly auth: AuthConfig;
}

export interface AuthConfig {
  /** The first admin's email on an empty database. */
  readonly adminEmail: string;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  readonly invitationHours: number;
  /** Fastify's `trustProxy`: whose X-Forwarded-For to believe for the client's address. */
  readonly trustProxy: boolean | string[];
}

function trustProxyOf(value: string | undefined): AuthConfig['trustProxy'] {
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  return value.split(',');
}

export interface MoneyConfig {
  readonly autoApproveLimit: number;
  readonly stripe: {
    readonly apiKey: string;
    readonly host: string | undefined;
    readonly port: number | undefined;
    readonly protocol: 'http' | 'https' | undefined;
    readonly timeoutMs: number;
  } | null;
  readonly seller: { readonly name: string; readonly address: string; readonly taxId: string };
}

export interface NotificationsConfig {
  readonly smtp:
    | { readonly url: string }
    | {
        readonly host: string;
        readonly port: number;
        readonly secure: boolean;
        readonly user: string | undefined;
        readonly pass: string | undefined;
      }
    | null;
  readonly mailFrom: string;
  readonly emailFallbackMinutes: number;
  readonly webhookSecret: string | undefined;
  readonly chatWebhookUrl: string | undefined;
  readonly smsWebhookUrl: string | undefined;
  readonly twilio: {
    readonly baseUrl: string;
    readonly accountSid: string;
    readonly authToken: string;
    readonly from: string;
  } | null;
  readonly surveyDelayHours: number;
  readonly surveyReminderHours: number;
}

type Env = z.infer<typeof envSchema>;

/** Settings that are valid one by one but not together. */
function notificationProblems(e: Env): string[] {
  const problems: string[] = [];
  const twilio = [e.REDRESS_TWILIO_ACCOUNT_SID, e.REDRESS_TWILIO_AUTH_TOKEN, e.REDRESS_TWILIO_FROM];
  if (twilio.some(Boolean) && !twilio.every(Boolean)) {
    problems.push(
      'REDRESS_TWILIO_ACCOUNT_SID, REDRESS_TWILIO_AUTH_TOKEN and REDRESS_TWILIO_FROM: give all three or none',
    );
  }
  if ((e.REDRESS_CHAT_WEBHOOK_URL || e.REDRESS_SMS_WEBHOOK_URL) && !e.REDRESS_WEBHOOK_SECRET) {
    problems.push('REDRESS_WEBHOOK_SECRET: is required when a chat or SMS webhook URL is set');
  }
  return problems;
}

function notificationsConfig(e: Env): NotificationsConfig {
  const host = e.REDRESS_SMTP_HOST;
  const smtp = e.REDRESS_SMTP_URL
    ? { url: e.REDRESS_SMTP_URL }
    : host
      ? {
          host,
          port: e.REDRESS_SMTP_PORT ?? (e.REDRESS_SMTP_SECURE ? 465 : 587),
          secure: e.REDRESS_SMTP_SECURE ?? false,
          user: e.REDRESS_SMTP_USER,
          pass: e.REDRESS_SMTP_PASS,
        }
      : null;
  const sid = e.REDRESS_TWILIO_ACCOUNT_SID;
  const token = e.REDRESS_TWILIO_AUTH_TOKEN;
  const from = e.REDRESS_TWILIO_FROM;
  return Object.freeze({
    smtp: smtp && Object.freeze(smtp),
    mailFrom: e.REDRESS_MAIL_FROM,
    emailFallbackMinutes: e.REDRESS_EMAIL_FALLBACK_MINUTES,
    webhookSecret: e.REDRESS_WEBHOOK_SECRET,
    chatWebhookUrl: e.REDRESS_CHAT_WEBHOOK_URL,
    smsWebhookUrl: e.REDRESS_SMS_WEBHOOK_URL,
    twilio:
      sid && token && from
        ? Object.freeze({
            baseUrl: e.REDRESS_TWILIO_BASE_URL,
            accountSid: sid,
            authToken: token,
            from,
          })
        : null,
    surveyDelayHours: e.REDRESS_SURVEY_DELAY_HOURS,
    surveyReminderHours: e.REDRESS_SURVEY_REMINDER_HOURS,
  });
}

function moneyConfig(e: Env): MoneyConfig {
  const base = e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined;
  const protocol = base?.protocol === 'http:' ? 'http' : base ? 'https' : undefined;
  return Object.freeze({
    autoApproveLimit: e.REDRESS_AUTO_APPROVE_LIMIT,
    stripe: e.STRIPE_API_KEY
      ? Object.freeze({
          apiKey: e.STRIPE_API_KEY,
          host: base?.hostname,
          port: base?.port ? Number(base.port) : undefined,
          protocol,
          timeoutMs: e.STRIPE_TIMEOUT_MS,
        })
      : null,
    seller: Object.freeze({
      name: e.REDRESS_SELLER_NAME,
      address: e.REDRESS_SELLER_ADDRESS,
      taxId: e.REDRESS_SELLER_TAX_ID,
    }),
  });
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
  const combined = notificationProblems(e);
  if (combined.length > 0) throw new ConfigError(combined);
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
    tokenSecret: e.REDRESS_TOKEN_SECRET,
    uploadMaxBytes: e.REDRESS_UPLOAD_MAX_BYTES,
    reportDedupeHours: e.REDRESS_REPORT_DEDUPE_HOURS,
    triageThreshold: e.REDRESS_TRIAGE_THRESHOLD,
    logLevel: e.LOG_LEVEL,
    notifications: notificationsConfig(e),
    money: moneyConfig(e),
    auth: Object.freeze({
      adminEmail: e.REDRESS_ADMIN_EMAIL,
      sessionIdleMinutes: e.REDRESS_SESSION_IDLE_MINUTES,
      sessionMaxHours: e.REDRESS_SESSION_MAX_HOURS,
      invitationHours: e.REDRESS_INVITATION_HOURS,
      trustProxy: trustProxyOf(e.REDRESS_TRUST_PROXY),
    }),
  });
}
