import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access, actorLabel } from '../auth/index.js';
import {
  closeBody,
  closeResultSchema,
  openSessionBody,
  scanBody,
  scanResultSchema,
  sessionDetailSchema,
  sessionParams,
  sessionViewSchema,
  statsQuery,
  statsSchema,
} from './packing.schemas.js';
import { getSession } from './use-cases/box.js';
import { closeSession } from './use-cases/close-session.js';
import { openSession } from './use-cases/open-session.js';
import { recordScan } from './use-cases/scan.js';
import { packStats } from './use-cases/stats.js';

export const packingRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, clock } = ctx;
  const tags = ['packing'];
  const read = { roles: access.read };
  const fulfil = { roles: access.packing };
  const refOf = (req: FastifyRequest) => ({
    now: clock.now().toISOString(),
    actor: actorLabel(req.actor),
    clock,
  });

  app.post(
    '/api/pack-sessions',
    {
      config: fulfil,
      schema: {
        operationId: 'openPackSession',
        tags,
        summary: 'Open a pack session on a pending shipment',
        description: '409 when the shipment is not pending or already has an open session.',
        body: openSessionBody,
        response: { 201: sessionViewSchema },
      },
    },
    async (req, reply) => {
      const packer = req.body.packer ?? req.actor?.name ?? 'unknown';
      const input = { ...req.body, packer };
      const session = await db.transaction().execute((trx) => openSession(trx, input, refOf(req)));
      return reply.code(201).send(session);
    },
  );

  app.get(
    '/api/pack-sessions/stats',
    {
      config: read,
      schema: {
        operationId: 'getPackStats',
        tags,
        summary: 'Sessions, mismatches and error rates per packer and station; mis-picks per SKU',
        querystring: statsQuery,
        response: { 200: statsSchema },
      },
    },
    (req) => packStats(db, req.query, clock.now().toISOString()),
  );

  app.get(
    '/api/pack-sessions/:id',
    {
      config: read,
      schema: {
        operationId: 'getPackSession',
        tags,
        summary: 'A pack session with its scans and the comparison with its shipment',
        params: sessionParams,
        response: { 200: sessionDetailSchema },
      },
    },
    (req) => getSession(db, req.params.id),
  );

  app.post(
    '/api/pack-sessions/:id/scans',
    {
      config: fulfil,
      schema: {
        operationId: 'scanItem',
        tags,
        summary: 'Record a scan; answers what it was and what is still expected or extra',
        params: sessionParams,
        body: scanBody,
        response: { 201: scanResultSchema },
      },
    },
    async (req, reply) => {
      const result = await db
        .transaction()
        .execute((trx) => recordScan(trx, req.params.id, req.body, refOf(req)));
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/api/pack-sessions/:id/close',
    {
      config: fulfil,
      schema: {
        operationId: 'closePackSession',
        tags,
        summary: 'Close a session: a match packs the shipment, a mismatch blocks it',
        description:
          'A mismatch opens an incident and blocks the shipment (no pack or ship step) until a ' +
          'later session matches. `acceptShort` packs a box that only lacks units the shelf ' +
          'does not have, also on a session just closed as a mismatch.',
        params: sessionParams,
        body: closeBody,
        response: { 200: closeResultSchema },
      },
    },
    (req) =>
      db
        .transaction()
        .execute((trx) => closeSession(trx, req.params.id, req.body ?? {}, refOf(req))),
  );
};
