import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { pageSchema } from '../../shared/pagination.js';
import { access, actorLabel } from '../auth/index.js';
import {
  createPurchaseOrderBody,
  purchaseOrderParams,
  purchaseOrderSchema,
  purchaseOrdersQuery,
  receiptBody,
  receiptResponse,
  rescheduleBody,
} from './purchase-orders.schemas.js';
import {
  cancelPurchaseOrder,
  createPurchaseOrder,
  getPurchaseOrder,
  listPurchaseOrders,
  receivePurchaseOrder,
  reschedulePurchaseOrder,
} from './purchase-orders.service.js';

const tags = ['inventory'];
const base = '/api/inventory/purchase-orders';

export const purchaseOrderRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (
  app,
  { ctx },
) => {
  const { db, clock } = ctx;
  const read = { roles: access.inventoryRead };
  const write = { roles: access.inventoryWrite };
  const now = () => clock.now().toISOString();

  app.post(
    base,
    {
      config: write,
      schema: {
        operationId: 'createPurchaseOrder',
        tags,
        summary: 'Create an inbound purchase order (reference unique, each SKU once)',
        body: createPurchaseOrderBody,
        response: { 201: purchaseOrderSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createPurchaseOrder(db, req.body, { now: now() })),
  );

  app.get(
    base,
    {
      config: read,
      schema: {
        operationId: 'listPurchaseOrders',
        tags,
        summary: 'Purchase orders in creation order, by status, SKU or location',
        querystring: purchaseOrdersQuery,
        response: { 200: pageSchema(purchaseOrderSchema) },
      },
    },
    async (req) => listPurchaseOrders(db, req.query),
  );

  app.get(
    `${base}/:id`,
    {
      config: read,
      schema: {
        operationId: 'getPurchaseOrder',
        tags,
        summary: 'One purchase order with its lines',
        params: purchaseOrderParams,
        response: { 200: purchaseOrderSchema },
      },
    },
    async (req) => getPurchaseOrder(db, req.params.id),
  );

  app.patch(
    `${base}/:id`,
    {
      config: write,
      schema: {
        operationId: 'updatePurchaseOrder',
        tags,
        summary: 'Move the expected date of an open order (a delay moves the restock date)',
        params: purchaseOrderParams,
        body: rescheduleBody,
        response: { 200: purchaseOrderSchema },
      },
    },
    async (req) => reschedulePurchaseOrder(db, req.params.id, req.body, { now: now() }),
  );

  app.post(
    `${base}/:id/receipts`,
    {
      config: write,
      schema: {
        operationId: 'receivePurchaseOrder',
        tags,
        summary: 'Receive units into stock at the order location; over ordered only with allowOver',
        params: purchaseOrderParams,
        body: receiptBody,
        response: { 200: receiptResponse },
      },
    },
    async (req) =>
      receivePurchaseOrder(db, req.params.id, req.body, {
        now: now(),
        actor: actorLabel(req.actor),
        onReceived: ctx.hooks.stockReceived,
      }),
  );

  app.post(
    `${base}/:id/cancel`,
    {
      config: write,
      schema: {
        operationId: 'cancelPurchaseOrder',
        tags,
        summary:
          'Cancel what is still outstanding (open or partially received); received stock stays',
        params: purchaseOrderParams,
        response: { 200: purchaseOrderSchema },
      },
    },
    async (req) => cancelPurchaseOrder(db, req.params.id, { now: now() }),
  );
};
