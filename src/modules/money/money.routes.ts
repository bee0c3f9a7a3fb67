import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

export const moneyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = () => Promise.resolve();
