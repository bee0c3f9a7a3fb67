import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../../shared/app-error.js';
import { access, type Actor, type Role } from './auth.js';
import { authenticate } from './auth.service.js';
import { resolveSession, sessionCookie, type LiveSession } from './sessions.service.js';
import type { AuthEnv } from './use-cases/sign-in.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Staff roles allowed on this route. */
    roles?: readonly Role[];
    /** Why anyone may call this route without a staff key (health, docs, a customer's token). */
    public?: string;
  }
  interface FastifyRequest {
    actor?: Actor;
    /** The sign-in session the request came with (not set for an API key). */
    session?: { id: string; csrfToken: string };
  }
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Access is decided by the route the router matched, never by the URL's text: the router matches
 * the decoded path, so a check on `request.url` is bypassed by `/%61pi/…`. Every route declares
 * its access (staff roles, or public with a reason); a route that declares neither, or both, makes
 * the app refuse to start, so a forgotten declaration can never mean "open".
 *
 * A request proves who it is with an API key (`Authorization: Bearer`, integrations) or a session
 * cookie (people). A cookie is sent by the browser on its own, so a write made with it must also
 * carry the session's CSRF token in `X-CSRF-Token`, which another site cannot read.
 */
export function installAuth(app: FastifyInstance, env: AuthEnv): readonly DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  // Cookies are read only here, for the routes that need a person (see sessionTokenOf).
  void app.register(cookie, { hook: false });
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
    const actor = request.headers.authorization
      ? await keyActor(env, request.headers.authorization)
      : await sessionActor(env, request);
    request.actor = actor;
    if (!allowed.includes(actor.role)) {
      throw new AppError('forbidden', `The role ${actor.role} may not do this`, {
        role: actor.role,
        allowed,
      });
    }
  });
  return declared;
}

async function keyActor(env: AuthEnv, header: string): Promise<Actor> {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw new AppError('unauthorized', 'Send a staff API key as "Authorization: Bearer <key>"');
  }
  const key = await authenticate(env.db, match[1]);
  if (!key) throw new AppError('unauthorized', 'The API key is unknown or revoked');
  return { kind: 'key', id: key.id, name: key.name, role: key.role, locationId: null };
}

/** The session cookie's token, or undefined. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const token = request.server.parseCookie(header)[sessionCookie];
  return token || undefined;
}

/** The request's live session, or null (no cookie, or one that has ended). */
export async function liveSessionOf(
  env: AuthEnv,
  request: FastifyRequest,
): Promise<LiveSession | null> {
  const token = sessionTokenOf(request);
  return token ? resolveSession(env.db, token, env.clock.now(), env.sessions) : null;
}

async function sessionActor(env: AuthEnv, request: FastifyRequest): Promise<Actor> {
  const live = await liveSessionOf(env, request);
  if (!live) {
    throw new AppError(
      'unauthorized',
      sessionTokenOf(request)
        ? 'Your session has ended: sign in again'
        : 'Sign in, or send an API key as "Authorization: Bearer <key>"',
    );
  }
  if (
    writeMethods.has(request.method) &&
    !sameToken(request.headers['x-csrf-token'], live.csrfToken)
  ) {
    throw new AppError('csrf_invalid', 'Send the session’s CSRF token in the X-CSRF-Token header');
  }
  request.session = { id: live.id, csrfToken: live.csrfToken };
  const { user } = live;
  // A person who must change their password may do nothing else first.
  if (user.must_change_password === 1 && request.routeOptions.config.roles !== access.self) {
    throw new AppError('password_change_required', 'Change your password first');
  }
  return {
    kind: 'user',
    id: user.id,
    name: user.name,
    role: user.role as Role,
    locationId: user.location_id,
  };
}

function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
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
