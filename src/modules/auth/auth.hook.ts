import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Executor } from '../../db/database.js';
import { AppError } from '../../shared/app-error.js';
import type { Actor, Role } from './auth.js';
import { authenticate } from './auth.service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Staff roles allowed on this route. */
    roles?: readonly Role[];
    /** Why anyone may call this route without a staff key (health, docs, a customer's token). */
    public?: string;
  }
  interface FastifyRequest {
    actor?: Actor;
  }
}

/**
 * Access is decided by the route the router matched, never by the URL's text: the router matches
 * the decoded path, so a check on `request.url` is bypassed by `/%61pi/…`. Every route declares
 * its access (staff roles, or public with a reason); a route that declares neither, or both, makes
 * the app refuse to start, so a forgotten declaration can never mean "open".
 */
export function installAuth(app: FastifyInstance, db: Executor): readonly DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  // Every route registered after this, in this instance or any plugin inside it. The options are
  // kept by reference: a plugin's own onRoute hook (the docs) may still fill in its config.
  app.addHook('onRoute', (route) => {
    declared.push(route);
  });
  app.addHook('onReady', async () => {
    const problems = declared.flatMap((route) => accessProblem(route) ?? []);
    if (problems.length) {
      throw new Error(`Routes without a valid access declaration:\n  ${problems.join('\n  ')}`);
    }
  });

  app.addHook('onRequest', async (request) => {
    // No route matched: the not-found handler answers 404 and nothing else runs.
    if (request.is404) return;
    const config = request.routeOptions.config;
    if (typeof config.public === 'string') return;
    const allowed = config.roles;
    // Unreachable after the start-up check; refuse rather than open if it ever is reached.
    if (!allowed) throw new AppError('forbidden', 'This route declares no access');
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new AppError('unauthorized', 'Send a staff API key as "Authorization: Bearer <key>"');
    }
    const key = await authenticate(db, match[1]);
    if (!key) throw new AppError('unauthorized', 'The API key is unknown or revoked');
    request.actor = { keyId: key.id, name: key.name, role: key.role };
    if (!allowed.includes(key.role)) {
      throw new AppError('forbidden', `The role ${key.role} may not do this`, {
        role: key.role,
        allowed,
      });
    }
  });
  return declared;
}

/** A registered route as the access check sees it. */
export type DeclaredRoute = Pick<RouteOptions, 'method' | 'url' | 'config'>;

/** What is wrong with a route's access declaration, or undefined when it is sound. */
export function accessProblem(route: DeclaredRoute): string | undefined {
  const config = (route.config ?? {}) as { roles?: unknown; public?: unknown };
  const name = `${[route.method].flat().join(',')} ${route.url}`;
  const hasRoles = Array.isArray(config.roles);
  const hasReason = typeof config.public === 'string' && config.public.trim() !== '';
  if (hasRoles && config.public !== undefined) return `${name}: both roles and public`;
  if (hasRoles && (config.roles as unknown[]).length === 0) return `${name}: an empty role list`;
  if (!hasRoles && !hasReason) {
    return config.public === undefined
      ? `${name}: neither roles nor public`
      : `${name}: public needs its reason as text`;
  }
  return undefined;
}

/** Marks every route registered inside `app` public, for a plugin that declares no access. */
export function declarePublic(app: FastifyInstance, reason: string): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, public: reason };
  });
}
