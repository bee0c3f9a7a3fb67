import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../db/database.js';
import { AppError } from '../../shared/app-error.js';
import type { Actor, Role } from './auth.js';
import { authenticate } from './auth.service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed on this route; a route under /api without it is admin-only. */
    roles?: readonly Role[];
    /** No staff key needed (health, docs, customer pages with their own token). */
    public?: boolean;
  }
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** Checks `Authorization: Bearer <key>` and the route's roles on every /api route. */
export function installAuth(app: FastifyInstance, db: Executor): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public || !request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new AppError('unauthorized', 'Send a staff API key as "Authorization: Bearer <key>"');
    }
    const key = await authenticate(db, match[1]);
    if (!key) throw new AppError('unauthorized', 'The API key is unknown or revoked');
    request.actor = { keyId: key.id, name: key.name, role: key.role };
    const allowed = config.roles ?? ['admin'];
    if (!allowed.includes(key.role)) {
      throw new AppError('forbidden', `The role ${key.role} may not do this`, {
        role: key.role,
        allowed,
      });
    }
  });
}
