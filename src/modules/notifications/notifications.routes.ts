import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

export const notificationsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = () =>
  Promise.resolve();
