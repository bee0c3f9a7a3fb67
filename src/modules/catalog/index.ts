import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

export * from './catalog.js';
export {
  findAllLocations,
  findCustomerById,
  findLocationById,
  findLocationsByIds,
  findProductByCode,
  findProductsByIds,
  findProductsBySku,
} from './catalog.repository.js';

export const catalogRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async () => {};
