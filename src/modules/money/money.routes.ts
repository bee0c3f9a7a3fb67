import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { documentsRoutes } from './documents.routes.js';
import { ledgerRoutes } from './ledger.routes.js';
import { refundsRoutes } from './refunds.routes.js';

export const moneyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(refundsRoutes, { ctx });
  await app.register(documentsRoutes, { ctx });
  await app.register(ledgerRoutes, { ctx });
};
