import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../auth/index.js';
import { pageSchema } from '../../shared/pagination.js';
import { idempotencyHeaders, keyOf, refOf } from './money.http.js';
import {
  alertSchema,
  alertsQuery,
  confirmBody,
  idParams,
  listRefundsQuery,
  paymentBody,
  paymentSchema,
  paymentsQuery,
  reasonBody,
  refundBody,
  refundSchema,
} from './money.schemas.js';
import { moneySettings } from './money.settings.js';
import { listPayments, recordPayment } from './use-cases/payments.js';
import { getRefund } from './use-cases/refund-outcomes.js';
import { requestRefundOnce } from './use-cases/request-refund.js';
import {
  approveRefund,
  cancelRefund,
  confirmRefund,
  listRefundAlerts,
  listRefundPage,
} from './use-cases/refund-steps.js';

export const refundsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['refunds'];
  const settings = moneySettings(ctx.config);
  const one = { 200: refundSchema };

  app.post(
    '/api/refunds',
    {
      config: { roles: access.compensate },
      schema: {
        operationId: 'requestRefund',
        tags,
        summary: 'Request a refund of an order: an amount, lines, or both',
        description:
          'Never more than paid minus what other refunds hold (409 amount_exceeds_refundable with ' +
          'details.remaining). Within the auto-approve limit per incident it is approved at once; ' +
          'above it waits for POST /approve. Store credit instead of the original payment method ' +
          'needs the customer’s consent (409 consent_required). Idempotency-Key (header or body): ' +
          'a retry returns the first refund (200); another body with the same key is a 409.',
        headers: idempotencyHeaders,
        body: refundBody,
        response: { 200: refundSchema, 201: refundSchema },
      },
    },
    async (req, reply) => {
      const idempotencyKey = keyOf(req.headers['idempotency-key'], req.body.idempotencyKey);
      const input = { ...req.body, idempotencyKey };
      const { refund, replayed } = await requestRefundOnce(
        ctx.db,
        input,
        refOf(req, ctx.clock),
        settings,
      );
      return reply.code(replayed ? 200 : 201).send(refund);
    },
  );

  app.get(
    '/api/refunds',
    {
      config: { roles: access.moneyRead },
      schema: {
        operationId: 'listRefunds',
        tags,
        summary: 'List refunds, oldest first',
        querystring: listRefundsQuery,
        response: { 200: pageSchema(refundSchema) },
      },
    },
    (req) => listRefundPage(ctx.db, req.query),
  );

  app.get(
    '/api/refunds/alerts',
    {
      config: { roles: access.moneyRead },
      schema: {
        operationId: 'listRefundAlerts',
        tags,
        summary: 'Refund alerts, newest first: SLA breaches and failed payouts',
        querystring: alertsQuery,
        response: { 200: z.object({ data: z.array(alertSchema) }) },
      },
    },
    async (req) => ({ data: await listRefundAlerts(ctx.db, req.query) }),
  );

  app.get(
    '/api/refunds/:id',
    {
      config: { roles: access.moneyRead },
      schema: {
        operationId: 'getRefund',
        tags,
        summary: 'A refund',
        params: idParams,
        response: one,
      },
    },
    (req) => getRefund(ctx.db, req.params.id),
  );

  app.post(
    '/api/refunds/:id/approve',
    {
      config: { roles: access.approve },
      schema: {
        operationId: 'approveRefund',
        tags,
        summary: 'Approve a refund above the auto-approve limit (finance, admin)',
        params: idParams,
        response: one,
      },
    },
    (req) => approveRefund(ctx.db, req.params.id, refOf(req, ctx.clock), settings),
  );

  app.post(
    '/api/refunds/:id/confirm',
    {
      config: { roles: access.moneyWrite },
      schema: {
        operationId: 'confirmRefund',
        tags,
        summary: 'Confirm the transfer of an approved manual refund: it is issued',
        params: idParams,
        body: confirmBody,
        response: one,
      },
    },
    (req) =>
      confirmRefund(ctx.db, req.params.id, req.body.reference, refOf(req, ctx.clock), settings),
  );

  app.post(
    '/api/refunds/:id/cancel',
    {
      config: { roles: access.compensate },
      schema: {
        operationId: 'cancelRefund',
        tags,
        summary: 'Cancel a refund before any money moved (requested, or approved and not paid out)',
        params: idParams,
        body: reasonBody,
        response: one,
      },
    },
    (req) => cancelRefund(ctx.db, req.params.id, req.body.reason, refOf(req, ctx.clock)),
  );

  app.post(
    '/api/payments',
    {
      config: { roles: access.payments },
      schema: {
        operationId: 'recordPayment',
        tags: ['payments'],
        summary: 'Record how an order was paid (its Stripe payment), so refunds go back that way',
        description:
          'The same provider reference posted again for the same order answers 200 with the first record.',
        body: paymentBody,
        response: { 200: paymentSchema, 201: paymentSchema },
      },
    },
    async (req, reply) => {
      const { payment, created } = await recordPayment(ctx.db, req.body, refOf(req, ctx.clock));
      return reply.code(created ? 201 : 200).send(payment);
    },
  );

  app.get(
    '/api/payments',
    {
      config: { roles: access.moneyRead },
      schema: {
        operationId: 'listPayments',
        tags: ['payments'],
        summary: 'Payments of an order',
        querystring: paymentsQuery,
        response: { 200: z.object({ data: z.array(paymentSchema) }) },
      },
    },
    async (req) => ({ data: await listPayments(ctx.db, req.query.orderId) }),
  );
};
