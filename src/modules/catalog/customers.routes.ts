import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { pageSchema } from '../../shared/pagination.js';
import { access } from '../auth/index.js';
import { idParams } from './catalog.schemas.js';
import {
  createCustomerBody,
  customerSchema,
  listCustomersQuery,
  updateCustomerBody,
} from './customers.schemas.js';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from './customers.service.js';

export const customersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, clock } = ctx;
  const tags = ['catalog'];
  const read = { roles: access.customersRead };
  const write = { roles: access.customersWrite };

  app.post(
    '/api/customers',
    {
      config: write,
      schema: {
        operationId: 'createCustomer',
        tags,
        summary: 'Create a customer',
        body: createCustomerBody,
        response: { 201: customerSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createCustomer(db, req.body, clock.now().toISOString())),
  );

  app.get(
    '/api/customers',
    {
      config: read,
      schema: {
        operationId: 'listCustomers',
        tags,
        summary: 'Search and list customers',
        querystring: listCustomersQuery,
        response: { 200: pageSchema(customerSchema) },
      },
    },
    async (req) => listCustomers(db, req.query),
  );

  app.get(
    '/api/customers/:id',
    {
      config: read,
      schema: {
        operationId: 'getCustomer',
        tags,
        summary: 'Get a customer',
        params: idParams,
        response: { 200: customerSchema },
      },
    },
    async (req) => getCustomer(db, req.params.id),
  );

  app.patch(
    '/api/customers/:id',
    {
      config: write,
      schema: {
        operationId: 'updateCustomer',
        tags,
        summary: 'Change a customer',
        params: idParams,
        body: updateCustomerBody,
        response: { 200: customerSchema },
      },
    },
    async (req) => updateCustomer(db, req.params.id, req.body, clock.now().toISOString()),
  );
};
