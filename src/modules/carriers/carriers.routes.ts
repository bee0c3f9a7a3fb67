import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { pageSchema } from '../../shared/pagination.js';
import { access, actorLabel } from '../auth/index.js';
import {
  carrierEventBatch,
  carrierEventInput,
  carrierEventSchema,
  ingestBody,
  ingestResultSchema,
  listCarrierEventsQuery,
} from './carriers.schemas.js';
import { listCarrierEvents } from './carriers.service.js';
import { ingestCarrierEvents } from './use-cases/ingest.js';

/**
 * A union reports a bad field as "invalid input" at the root; the body's shape says which form
 * it is, so it is validated against that one and the 400 names `events.N.field` (or `field`).
 */
function validateByShape<T>(
  def: Parameters<FastifySchemaCompiler<T>>[0],
): ReturnType<FastifySchemaCompiler<T>> {
  const compile = (schema: z.ZodType) => validatorCompiler({ ...def, schema });
  if (def.httpPart !== 'body') return compile(def.schema as z.ZodType);
  const batch = compile(carrierEventBatch);
  const single = compile(carrierEventInput);
  return (data) =>
    typeof data === 'object' && data !== null && 'events' in data ? batch(data) : single(data);
}

export const carrierEventsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (
  app,
  { ctx },
) => {
  const tags = ['carrier events'];

  app.post(
    '/api/carrier-events',
    {
      config: { roles: access.carrierEvents },
      bodyLimit: 8 * 1024 * 1024,
      validatorCompiler: validateByShape,
      schema: {
        operationId: 'ingestCarrierEvents',
        tags,
        summary: 'Post normalised carrier tracking events: one, or { events: [...] } up to 500',
        description:
          'Each event is stored once per (carrier, eventId) and applied to its shipment in the ' +
          'same transaction as its effects; a repeat answers status duplicate and changes ' +
          'nothing. An event whose shipment is not known yet is kept (unmatched) and applied ' +
          'once a shipment carries its tracking number. A body with any invalid event is ' +
          'refused whole (400 naming events.N.field). 201 when something new was stored, 200 ' +
          'when every event was a duplicate.',
        body: ingestBody,
        response: { 200: ingestResultSchema, 201: ingestResultSchema },
      },
    },
    async (req, reply) => {
      const { created, results } = await ingestCarrierEvents(ctx, req.body, actorLabel(req.actor));
      return reply.code(created ? 201 : 200).send({ results });
    },
  );

  app.get(
    '/api/carrier-events',
    {
      config: { roles: access.read },
      schema: {
        operationId: 'listCarrierEvents',
        tags,
        summary: 'List carrier events, newest received first',
        querystring: listCarrierEventsQuery,
        response: { 200: pageSchema(carrierEventSchema) },
      },
    },
    (req) => listCarrierEvents(ctx.db, req.query),
  );
};
