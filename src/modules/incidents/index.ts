import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

export const incidentsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async () => {};
