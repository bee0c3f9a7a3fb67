import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';

/**
 * The one error shape, as the OpenAPI document shows it (`#/components/schemas/Error`); every
 * error the service sends has it (see error-handler.ts).
 */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable: validation_error, unauthorized, forbidden, …'),
      message: z.string().describe('What went wrong, for a person'),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('fields: every bad field of a 400; the current state of a 409; …'),
    }),
  })
  .meta({ id: 'Error' });

const meaning: Record<number, string> = {
  400: 'Invalid input: `details.fields` names every bad field',
  401: 'Not signed in, no API key, or a session or key that has ended',
  403:
    'The role may not do this (`details.allowed`), a store person outside their store, a write ' +
    'made with the session cookie without its X-CSRF-Token, or a password to change first',
  404: 'Not found',
  409: 'Conflicts with the current state (`details` says which)',
  429: 'Too many attempts: wait for Retry-After seconds',
  500: 'Unexpected: logged with its cause',
  503: 'The service is still loading (the demo store): wait for Retry-After seconds',
};

export function errorResponse(status: keyof typeof meaning) {
  return { description: meaning[status], content: { 'application/json': { schema: errorSchema } } };
}

/** The error statuses a route can answer, from what it declares. */
export function errorStatusesOf(route: Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>) {
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const config = (route.config ?? {}) as { roles?: unknown };
  const methods = [route.method].flat();
  const statuses: number[] = [];
  if (schema.body || schema.querystring || schema.params || schema.headers) statuses.push(400);
  if (config.roles) statuses.push(401, 403);
  if (route.url.includes(':')) statuses.push(404);
  if (methods.some((m) => m !== 'GET' && m !== 'HEAD')) statuses.push(409);
  if (route.url.startsWith('/api/')) statuses.push(503);
  statuses.push(500);
  return statuses;
}

/**
 * Documents every route registered after this: its error responses with the one error schema
 * (unless the route names its own for a status), and no credentials on a public route. Hidden
 * routes (HTML pages, the docs) are left alone.
 */
export function documentRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined;
    if (!schema || schema.hide) return;
    const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
    for (const status of errorStatusesOf(route)) response[status] ??= errorResponse(status);
    const isPublic = typeof (route.config as { public?: unknown } | undefined)?.public === 'string';
    route.schema = { ...schema, response, ...(isPublic ? { security: [] } : {}) };
  });
}
