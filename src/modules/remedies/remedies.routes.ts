import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

export const remediesRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = () => Promise.resolve();
