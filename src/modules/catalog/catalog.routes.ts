import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { customersRoutes } from './customers.routes.js';
import { locationsRoutes } from './locations.routes.js';
import { productsRoutes } from './products.routes.js';
import { suppliersRoutes } from './suppliers.routes.js';

export const catalogRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, opts) => {
  await app.register(suppliersRoutes, opts);
  await app.register(locationsRoutes, opts);
  await app.register(productsRoutes, opts);
  await app.register(customersRoutes, opts);
};
