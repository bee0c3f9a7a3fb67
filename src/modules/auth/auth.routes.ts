import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from './auth.js';
import { apiKeySchema, createApiKeyBody, createdApiKeySchema } from './auth.schemas.js';
import { createApiKey, listApiKeys, revokeKey } from './auth.service.js';

export const authRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, clock } = ctx;
  const config = { roles: access.admin };
  const tags = ['access'];

  app.get(
    '/api/api-keys',
    {
      config,
      schema: {
        operationId: 'listApiKeys',
        tags,
        summary: 'API keys of integrations, without the keys themselves',
        response: { 200: z.object({ data: z.array(apiKeySchema) }) },
      },
    },
    async () => ({ data: await listApiKeys(db) }),
  );

  app.post(
    '/api/api-keys',
    {
      config,
      schema: {
        operationId: 'createApiKey',
        tags,
        summary: 'Make an API key for an integration: the key is shown only in this answer',
        body: createApiKeyBody,
        response: { 201: createdApiKeySchema },
      },
    },
    async (req, reply) => {
      const { apiKey, key } = await createApiKey(db, req.body, clock.now().toISOString());
      return reply.code(201).send({ ...apiKey, key });
    },
  );

  app.delete(
    '/api/api-keys/:id',
    {
      config,
      schema: {
        operationId: 'revokeApiKey',
        tags,
        summary: 'Revoke an API key: it stops working at once',
        params: z.object({ id: z.string() }),
      },
    },
    async (req, reply) => {
      await revokeKey(db, req.params.id, clock.now().toISOString());
      return reply.code(204).send();
    },
  );
};
