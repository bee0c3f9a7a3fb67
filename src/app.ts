import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import type { DbHandle } from './db/connect.js';
import { installErrorHandler } from './http/error-handler.js';
import { documentRoutes } from './http/openapi.js';
import { gateWhileLoading, Startup } from './http/startup.js';
import { healthRoutes, testClockRoutes } from './http/system.routes.js';
import { JobRunner, type JobHandler } from './jobs/index.js';
import {
  authEnvOf,
  authRoutes,
  declarePublic,
  installAuth,
  sessionRoutes,
  usersRoutes,
  type DeclaredRoute,
} from './modules/auth/index.js';
import { carrierEventsRoutes, carrierJobHandlers } from './modules/carriers/index.js';
import { catalogRoutes } from './modules/catalog/index.js';
import { incidentJobHandlers, incidentsRoutes } from './modules/incidents/index.js';
import { inventoryRoutes } from './modules/inventory/index.js';
import { ordersRoutes } from './modules/orders/index.js';
import { packingRoutes } from './modules/packing/index.js';
import { moneyJobHandlers, moneyRoutes } from './modules/money/index.js';
import { remediesJobHandlers, remediesRoutes, serveBackorders } from './modules/remedies/index.js';
import { notificationsJobHandlers, notificationsRoutes } from './modules/notifications/index.js';
import { statusPageJobHandlers, statusPageRoutes } from './modules/status-page/index.js';
import { analyticsJobHandlers, analyticsRoutes } from './modules/analytics/index.js';
import { TestClock, type Clock } from './shared/clock.js';

export interface AppDeps {
  handle: DbHandle;
  clock: Clock;
  config: Config;
  /** A pino-compatible logger; Fastify makes one from `config.logLevel` when absent. */
  logger?: FastifyBaseLogger;
  /** Loading state on a first start (the demo store); absent: ready. */
  startup?: Startup;
}

export interface BuiltApp {
  app: FastifyInstance;
  runner: JobRunner;
  ctx: AppContext;
  /** Every registered route with its declared access. */
  routes: readonly DeclaredRoute[];
}

/** Wires every module. Opens no port and starts no timer: `main.ts` does that. */
export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const { handle, clock, config } = deps;
  const ctx: AppContext = {
    db: handle.db,
    dialect: handle.dialect,
    clock,
    config,
    hooks: {
      stockReceived: (trx, received) => serveBackorders(ctx, trx, received),
    },
  };

  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: { level: config.logLevel } }),
    // Behind a load balancer, the client's address (per-address sign-in limits) is forwarded.
    trustProxy: config.auth.trustProxy,
    // A log line per request halves throughput; it is there at debug level.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const startup = deps.startup ?? new Startup();
  // Before the access check: while loading, the API refuses with 503 whoever asks.
  gateWhileLoading(app, startup);
  // Before any route, so that every route's access is checked (see auth.hook.ts).
  const routes = installAuth(app, authEnvOf(ctx));
  documentRoutes(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Redress API',
        version: '1',
        description:
          'Incidents of omnichannel retail orders, from detection to root cause. People sign in ' +
          '(`POST /api/auth/sign-in`: the `redress_session` cookie, and `X-CSRF-Token` on every ' +
          'write); integrations send `Authorization: Bearer <API key>`. Every error is ' +
          '`{ error: { code, message, details? } }`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'redress_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(async (docs) => {
    declarePublic(docs, 'the API documentation describes the contract, no data');
    await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });
  });
  app.get(
    '/openapi.json',
    { config: { public: 'the API contract, no data' }, schema: { hide: true } },
    () => app.swagger(),
  );

  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes } });

  const handlers: Record<string, JobHandler> = {
    ...incidentJobHandlers(ctx),
    ...carrierJobHandlers(ctx),
    ...moneyJobHandlers(ctx),
    ...remediesJobHandlers(ctx),
    ...notificationsJobHandlers(ctx),
    ...statusPageJobHandlers(ctx),
    ...analyticsJobHandlers(ctx),
  };
  const runner = new JobRunner({
    db: handle.db,
    dialect: handle.dialect,
    clock,
    handlers,
    log: app.log,
    pollMs: config.jobPollMs,
  });

  await app.register(healthRoutes, { ctx, startup });
  await app.register(authRoutes, { ctx });
  await app.register(sessionRoutes, { ctx });
  await app.register(usersRoutes, { ctx });
  await app.register(catalogRoutes, { ctx });
  await app.register(inventoryRoutes, { ctx });
  await app.register(ordersRoutes, { ctx });
  await app.register(packingRoutes, { ctx });
  await app.register(incidentsRoutes, { ctx });
  await app.register(carrierEventsRoutes, { ctx });
  await app.register(moneyRoutes, { ctx });
  await app.register(remediesRoutes, { ctx });
  await app.register(notificationsRoutes, { ctx });
  await app.register(statusPageRoutes, { ctx });
  await app.register(analyticsRoutes, { ctx });
  if (config.testClock && clock instanceof TestClock) {
    await app.register(testClockRoutes, { clock, runner });
  }

  await app.ready();
  return { app, runner, ctx, routes };
}
