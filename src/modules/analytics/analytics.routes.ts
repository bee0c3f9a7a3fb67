import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

export const analyticsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = () => Promise.resolve();
