import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

export * from './inventory.js';
export { findLevels } from './inventory.repository.js';
export {
  adjustStock,
  countStock,
  pickStock,
  receiveStock,
  releaseStock,
  reserveStock,
  returnStock,
  writeOffStock,
} from './stock.service.js';

export const inventoryRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async () => {};
