import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access, actorLabel, locationScope } from '../auth/index.js';
import {
  driftQuery,
  driftResponse,
  feedBody,
  feedResponse,
  freshnessBody,
  freshnessParams,
  freshnessSchema,
  rejectionBody,
  rejectionResponse,
} from './truth.schemas.js';
import { driftReport } from './use-cases/drift.js';
import { applyFeed } from './use-cases/feeds.js';
import { listFreshness, setFreshness } from './use-cases/freshness.js';
import { rejectAllocatedItem } from './use-cases/rejection.js';

const tags = ['inventory'];

/** Inventory truth: feeds, freshness, store rejections and count drift. */
export const truthRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, clock } = ctx;
  const read = { roles: access.inventoryRead };
  const now = () => clock.now().toISOString();

  app.post(
    '/api/inventory/feeds',
    {
      config: { roles: access.inventoryFeeds },
      schema: {
        operationId: 'applyStockFeed',
        tags,
        summary: 'Apply a batch of stock levels, deltas or cycle counts from a source system',
        description:
          'Up to 1,000 rows for one location. Valid rows are applied together in one ' +
          'transaction, each change a ledger movement (`count` for levels and counts, ' +
          '`adjustment` for deltas; refType `feed`, refId the batch); every other row is ' +
          'reported with its reason. The batch is recorded for the freshness view.',
        body: feedBody,
        response: { 200: feedResponse },
      },
    },
    (req) => applyFeed(db, req.body, { now: now(), actor: actorLabel(req.actor) }),
  );

  app.get(
    '/api/inventory/freshness',
    {
      config: read,
      schema: {
        operationId: 'listStockFreshness',
        tags,
        summary: 'Every location’s feed age, tolerance, safety buffer and whether it is stale',
        description:
          'A location that never sent a feed is managed in Redress and is never stale. Defaults: ' +
          'stores 60 minutes and 1 unit, warehouses 24 hours and 0.',
        response: { 200: z.object({ data: z.array(freshnessSchema) }) },
      },
    },
    async () => ({ data: await listFreshness(db, now()) }),
  );

  app.put(
    '/api/inventory/freshness/:locationId',
    {
      config: { roles: access.admin },
      schema: {
        operationId: 'setStockFreshness',
        tags,
        summary: 'Set a location’s feed tolerance and safety buffer',
        params: freshnessParams,
        body: freshnessBody,
        response: { 200: freshnessSchema },
      },
    },
    (req) => setFreshness(db, req.params.locationId, req.body, now()),
  );

  app.post(
    '/api/inventory/rejections',
    {
      config: { roles: access.stockRejections },
      schema: {
        operationId: 'rejectAllocatedItem',
        tags,
        summary: 'A store cannot hand over an allocated item: fix its stock and reroute the units',
        description:
          'not_found / mismatch: the store’s on hand drops to what stays reserved (a count ' +
          'movement); damaged: the units are written off. The units are allocated elsewhere, ' +
          'same zone first; a `stockout` incident opens only when no location can promise them.',
        body: rejectionBody,
        response: { 200: rejectionResponse },
      },
    },
    (req) =>
      rejectAllocatedItem(db, req.body, {
        now: now(),
        actor: actorLabel(req.actor),
        onlyAt: locationScope(req.actor),
      }),
  );

  app.get(
    '/api/inventory/drift',
    {
      config: read,
      schema: {
        operationId: 'getStockDrift',
        tags,
        summary: 'SKUs and locations whose counts keep differing from the record',
        description:
          'From count movements (manual counts, feeds, store rejections) in [from, to), ranked ' +
          'by the number of counts that differed, then by the units they moved.',
        querystring: driftQuery,
        response: { 200: driftResponse },
      },
    },
    (req) => driftReport(db, req.query, now()),
  );
};
