import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { pageSchema } from '../../shared/pagination.js';
import { access, actorLabel } from '../auth/index.js';
import {
  adjustmentsBody,
  adjustmentsResponse,
  ledgerEntrySchema,
  levelsQuery,
  movementsQuery,
  stockLevelSchema,
} from './inventory.schemas.js';
import { applyAdjustments, listLedger, listStockLevels } from './inventory.service.js';
import { purchaseOrderRoutes } from './purchase-orders.routes.js';
import { truthRoutes } from './truth.routes.js';

const tags = ['inventory'];

export const inventoryRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, clock } = ctx;

  app.get(
    '/api/inventory',
    {
      config: { roles: access.inventoryRead },
      schema: {
        operationId: 'listStockLevels',
        tags,
        summary: 'Stock levels per SKU and location, in SKU order',
        querystring: levelsQuery,
        response: { 200: pageSchema(stockLevelSchema) },
      },
    },
    async (req) => listStockLevels(db, req.query),
  );

  app.get(
    '/api/inventory/movements',
    {
      config: { roles: access.inventoryRead },
      schema: {
        operationId: 'listStockMovements',
        tags,
        summary: 'The stock ledger (append-only), newest first',
        querystring: movementsQuery,
        response: { 200: pageSchema(ledgerEntrySchema) },
      },
    },
    async (req) => listLedger(db, req.query),
  );

  app.post(
    '/api/inventory/adjustments',
    {
      config: { roles: access.inventoryWrite },
      schema: {
        operationId: 'adjustStock',
        tags,
        summary: 'Apply manual stock changes (adjust, count, write off, receive), all or nothing',
        description:
          'Up to 500 items in one transaction. An unknown SKU or location is a 400 naming ' +
          '`items.N.sku` / `items.N.locationId`; a change that would take on hand below 0 is a ' +
          '409 `insufficient_stock` naming the item. The movements share one `stock_adjustment` ' +
          'reference.',
        body: adjustmentsBody,
        response: { 201: adjustmentsResponse },
      },
    },
    async (req, reply) => {
      const now = clock.now().toISOString();
      const movements = await applyAdjustments(db, req.body.items, {
        now,
        actor: actorLabel(req.actor),
      });
      return reply.code(201).send({ movements });
    },
  );

  await app.register(purchaseOrderRoutes, { ctx });
  await app.register(truthRoutes, { ctx });
};
