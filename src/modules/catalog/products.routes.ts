import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { pageSchema } from '../../shared/pagination.js';
import { access } from '../auth/index.js';
import { idParams } from './catalog.schemas.js';
import {
  batchProductsBody,
  batchResultSchema,
  createProductBody,
  listProductsQuery,
  productSchema,
  updateProductBody,
} from './products.schemas.js';
import {
  createProduct,
  getProduct,
  listProducts,
  updateProduct,
  upsertProducts,
} from './products.service.js';

export const productsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, clock } = ctx;
  const tags = ['catalog'];
  const read = { roles: access.referenceRead };
  const write = { roles: access.catalogWrite };

  app.post(
    '/api/products',
    {
      config: write,
      schema: {
        operationId: 'createProduct',
        tags,
        summary: 'Create a product',
        body: createProductBody,
        response: { 201: productSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createProduct(db, req.body, clock.now().toISOString())),
  );

  app.post(
    '/api/products/batch',
    {
      config: write,
      schema: {
        operationId: 'upsertProducts',
        tags,
        summary: 'Create or update many products by SKU, all or nothing',
        body: batchProductsBody,
        response: { 200: batchResultSchema },
      },
    },
    async (req) => upsertProducts(db, req.body.products, clock.now().toISOString()),
  );

  app.get(
    '/api/products',
    {
      config: read,
      schema: {
        operationId: 'listProducts',
        tags,
        summary: 'Search and list products',
        querystring: listProductsQuery,
        response: { 200: pageSchema(productSchema) },
      },
    },
    async (req) => listProducts(db, req.query),
  );

  app.get(
    '/api/products/:id',
    {
      config: read,
      schema: {
        operationId: 'getProduct',
        tags,
        summary: 'Get a product',
        params: idParams,
        response: { 200: productSchema },
      },
    },
    async (req) => getProduct(db, req.params.id),
  );

  app.patch(
    '/api/products/:id',
    {
      config: write,
      schema: {
        operationId: 'updateProduct',
        tags,
        summary: 'Change a product; barcodes and substitutes, when given, replace the lists',
        params: idParams,
        body: updateProductBody,
        response: { 200: productSchema },
      },
    },
    async (req) => updateProduct(db, req.params.id, req.body, clock.now().toISOString()),
  );
};
