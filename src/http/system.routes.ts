import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { JobRunner } from '../jobs/index.js';
import { access, hasActiveDemoUser } from '../modules/auth/index.js';
import { AppError } from '../shared/app-error.js';
import { TestClock, parseDuration } from '../shared/clock.js';
import type { Startup } from './startup.js';

export const healthRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; startup: Startup }> = async (
  app,
  { ctx, startup },
) => {
  app.get(
    '/health',
    {
      config: { public: 'load balancers probe liveness without a key' },
      schema: {
        operationId: 'getHealth',
        tags: ['system'],
        summary: 'Liveness, database reachability, and whether the store is still loading',
        response: {
          200: z.object({
            status: z.enum(['ok', 'loading']).describe('loading: the API answers 503 meanwhile'),
            database: z.enum(['sqlite', 'postgres']),
            demo: z.boolean().describe('A demo store: accounts with published passwords'),
            progress: z.number().min(0).max(1).optional().describe('How far loading is'),
          }),
        },
      },
    },
    async () => {
      await sql`select 1`.execute(ctx.db);
      const base = { database: ctx.dialect, demo: await hasActiveDemoUser(ctx.db) };
      return startup.loading
        ? { status: 'loading' as const, ...base, demo: true, progress: startup.progress }
        : { status: 'ok' as const, ...base };
    },
  );
};

/** Exists only when the service runs with REDRESS_TEST_CLOCK=1 and a TestClock. */
export const testClockRoutes: FastifyPluginAsyncZod<{
  clock: TestClock;
  runner: JobRunner;
}> = async (app, { clock, runner }) => {
  app.post(
    '/api/test/clock',
    {
      config: { roles: access.admin },
      schema: {
        operationId: 'moveTestClock',
        tags: ['system'],
        summary: 'Move the test clock and run the jobs that fall due',
        body: z
          .object({
            advance: z.string().describe('ISO-8601 duration, e.g. PT26H').optional(),
            set: z.iso.datetime().optional(),
          })
          .refine((b) => (b.advance === undefined) !== (b.set === undefined), {
            message: 'give exactly one of advance or set',
          }),
        response: { 200: z.object({ now: z.string(), jobsRun: z.number().int() }) },
      },
    },
    async (req) => {
      if (req.body.set) clock.set(new Date(req.body.set));
      if (req.body.advance !== undefined) {
        const ms = parseDuration(req.body.advance);
        if (ms === null) {
          throw new AppError('validation_error', 'advance must be an ISO-8601 duration', {
            fields: [{ path: 'advance', message: 'must be an ISO-8601 duration such as PT26H' }],
          });
        }
        clock.advance(ms);
      }
      const jobsRun = await runner.runDue();
      return { now: clock.now().toISOString(), jobsRun };
    },
  );
};
