import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { pageSchema } from '../../shared/pagination.js';
import { access } from '../auth/index.js';
import { idParams } from './catalog.schemas.js';
import {
  createSupplierBody,
  listSuppliersQuery,
  supplierSchema,
  updateSupplierBody,
} from './suppliers.schemas.js';
import { createSupplier, getSupplier, listSuppliers, updateSupplier } from './suppliers.service.js';

export const suppliersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, clock } = ctx;
  const tags = ['catalog'];
  const read = { roles: access.referenceRead };
  const write = { roles: access.catalogWrite };

  app.post(
    '/api/suppliers',
    {
      config: write,
      schema: {
        operationId: 'createSupplier',
        tags,
        summary: 'Create a supplier',
        body: createSupplierBody,
        response: { 201: supplierSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createSupplier(db, req.body, clock.now().toISOString())),
  );

  app.get(
    '/api/suppliers',
    {
      config: read,
      schema: {
        operationId: 'listSuppliers',
        tags,
        summary: 'List suppliers',
        querystring: listSuppliersQuery,
        response: { 200: pageSchema(supplierSchema) },
      },
    },
    async (req) => listSuppliers(db, req.query),
  );

  app.get(
    '/api/suppliers/:id',
    {
      config: read,
      schema: {
        operationId: 'getSupplier',
        tags,
        summary: 'Get a supplier',
        params: idParams,
        response: { 200: supplierSchema },
      },
    },
    async (req) => getSupplier(db, req.params.id),
  );

  app.patch(
    '/api/suppliers/:id',
    {
      config: write,
      schema: {
        operationId: 'updateSupplier',
        tags,
        summary: 'Change a supplier',
        params: idParams,
        body: updateSupplierBody,
        response: { 200: supplierSchema },
      },
    },
    async (req) => updateSupplier(db, req.params.id, req.body, clock.now().toISOString()),
  );
};
