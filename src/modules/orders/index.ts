import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

export { findOrderHeader, type OrderHeader } from './orders.repository.js';

export const ordersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async () => {};
