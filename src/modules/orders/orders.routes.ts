import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { pageSchema } from '../../shared/pagination.js';
import { access, actorLabel, locationScope } from '../auth/index.js';
import type { OrderActionRef } from './orders.js';
import {
  allocateBody,
  cancelLineBody,
  cancelShipmentBody,
  createOrderBody,
  deliverBody,
  lineParams,
  listOrdersQuery,
  orderParams,
  orderSchema,
  orderSummarySchema,
  orderWithAllocationSchema,
  returnBody,
  shipBody,
  shipmentParams,
} from './orders.schemas.js';
import { checkShipmentLocation, getOrder, listOrders } from './orders.service.js';
import { allocateOrder } from './use-cases/allocate.js';
import { createOrder } from './use-cases/create-order.js';
import { cancelLine, recordReturn } from './use-cases/line-changes.js';
import {
  cancelShipment,
  deliverShipment,
  markShipmentPacked,
  shipShipment,
} from './use-cases/shipment-steps.js';

export const ordersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, clock } = ctx;
  const tags = ['orders'];
  const read = { roles: access.ordersRead };
  const write = { roles: access.ordersWrite };
  const shipping = { roles: access.shipping };
  const refOf = (req: FastifyRequest): OrderActionRef => ({
    now: clock.now().toISOString(),
    actor: actorLabel(req.actor),
  });

  app.get(
    '/api/orders',
    {
      config: read,
      schema: {
        operationId: 'listOrders',
        tags,
        summary: 'List orders, newest first',
        querystring: listOrdersQuery,
        response: { 200: pageSchema(orderSummarySchema) },
      },
    },
    (req) => listOrders(db, req.query),
  );

  app.get(
    '/api/orders/:id',
    {
      config: read,
      schema: {
        operationId: 'getOrder',
        tags,
        summary: 'An order with its lines, counters and shipments',
        params: orderParams,
        response: { 200: orderSchema },
      },
    },
    (req) => getOrder(db, req.params.id),
  );

  app.post(
    '/api/orders',
    {
      config: { roles: access.ordersIntake },
      schema: {
        operationId: 'createOrder',
        tags,
        summary: 'Create an order (idempotent on channel + externalId) and reserve its stock',
        description:
          '201 when created; 200 with the existing order when the same order is posted again; ' +
          '409 idempotency_conflict when the external id exists with other content.',
        body: createOrderBody,
        response: { 200: orderWithAllocationSchema, 201: orderWithAllocationSchema },
      },
    },
    async (req, reply) => {
      const result = await db
        .transaction()
        .execute((trx) => createOrder(trx, req.body, refOf(req)));
      return reply
        .code(result.created ? 201 : 200)
        .send({ ...result.order, allocation: result.allocation });
    },
  );

  app.post(
    '/api/orders/:id/allocations',
    {
      config: write,
      schema: {
        operationId: 'allocateOrder',
        tags,
        summary: 'Reserve stock for unallocated units on new pending shipments',
        params: orderParams,
        body: allocateBody,
        response: { 200: orderWithAllocationSchema },
      },
    },
    (req) =>
      db.transaction().execute(async (trx) => {
        const allocation = await allocateOrder(trx, req.params.id, req.body ?? {}, refOf(req));
        return { ...(await getOrder(trx, req.params.id)), allocation };
      }),
  );

  const stepSchema = (summary: string) => ({
    tags,
    summary,
    params: shipmentParams,
    response: { 200: orderSchema },
  });
  const target = (p: { id: string; shipmentId: string }) => ({
    orderId: p.id,
    shipmentId: p.shipmentId,
  });

  app.post(
    '/api/orders/:id/shipments/:shipmentId/pack',
    {
      config: { roles: access.packing },
      schema: { operationId: 'packShipment', ...stepSchema('Mark a pending shipment packed') },
    },
    (req) =>
      db.transaction().execute(async (trx) => {
        await markShipmentPacked(trx, target(req.params), refOf(req));
        return getOrder(trx, req.params.id);
      }),
  );

  app.post(
    '/api/orders/:id/shipments/:shipmentId/ship',
    {
      config: shipping,
      schema: {
        operationId: 'shipShipment',
        ...stepSchema('Hand a shipment to the carrier (or a pickup to the customer)'),
        body: shipBody,
      },
    },
    (req) =>
      db.transaction().execute(async (trx) => {
        await checkShipmentLocation(trx, req.params.shipmentId, locationScope(req.actor));
        await shipShipment(trx, target(req.params), req.body ?? {}, refOf(req));
        return getOrder(trx, req.params.id);
      }),
  );

  app.post(
    '/api/orders/:id/shipments/:shipmentId/deliver',
    {
      config: shipping,
      schema: {
        operationId: 'deliverShipment',
        ...stepSchema('Record a shipment delivered'),
        body: deliverBody,
      },
    },
    (req) =>
      db.transaction().execute(async (trx) => {
        await checkShipmentLocation(trx, req.params.shipmentId, locationScope(req.actor));
        await deliverShipment(trx, target(req.params), req.body ?? {}, refOf(req));
        return getOrder(trx, req.params.id);
      }),
  );

  app.post(
    '/api/orders/:id/shipments/:shipmentId/cancel',
    {
      config: write,
      schema: {
        operationId: 'cancelShipment',
        ...stepSchema('Cancel a shipment not yet shipped and release its stock'),
        body: cancelShipmentBody,
      },
    },
    (req) =>
      db.transaction().execute(async (trx) => {
        await cancelShipment(trx, target(req.params), req.body ?? {}, refOf(req));
        return getOrder(trx, req.params.id);
      }),
  );

  app.post(
    '/api/orders/:id/lines/:lineId/cancel',
    {
      config: write,
      schema: {
        operationId: 'cancelOrderLine',
        tags,
        summary: 'Cancel unallocated units of a line',
        params: lineParams,
        body: cancelLineBody,
        response: { 200: orderSchema },
      },
    },
    (req) =>
      db.transaction().execute(async (trx) => {
        const { id, lineId } = req.params;
        await cancelLine(trx, { orderId: id, lineId }, req.body.qty, refOf(req));
        return getOrder(trx, id);
      }),
  );

  app.post(
    '/api/orders/:id/returns',
    {
      config: write,
      schema: {
        operationId: 'recordReturn',
        tags,
        summary: 'Record delivered units returned, restocked or not',
        params: orderParams,
        body: returnBody,
        response: { 200: orderSchema },
      },
    },
    (req) =>
      db.transaction().execute(async (trx) => {
        await recordReturn(trx, req.params.id, req.body, refOf(req));
        return getOrder(trx, req.params.id);
      }),
  );
};
