import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access, actorLabel } from '../auth/index.js';
import {
  actionPageSchema,
  actionSchema,
  actionSuggestionsSchema,
  createActionBody,
  effectQuery,
  effectSchema,
  foldResultSchema,
  idParams,
  kpiExportQuery,
  kpiQuery,
  kpiReportSchema,
  listActionsQuery,
  lookAlikeQuery,
  lookAlikeSchema,
  paretoSchema,
  patchActionBody,
  periodQuery,
  scorecardQuery,
  scorecardSchema,
  suggestionSchema,
  suggestionsQuery,
} from './analytics.schemas.js';
import { kpiExport, kpiReport, resolvePeriod } from './analytics.service.js';
import { dayOf } from './days.js';
import { definitionsMarkdown } from './kpi-definitions.js';
import { suggestActions } from './use-cases/action-suggestions.js';
import {
  actionEffect,
  createAction,
  getAction,
  listActions,
  updateAction,
} from './use-cases/corrective-actions.js';
import { foldChanges } from './use-cases/fold.js';
import {
  lookAlikes,
  rootCausePareto,
  rootCauseSuggestion,
  scorecards,
} from './use-cases/root-causes.js';

export const analyticsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(kpiRoutes, { ctx });
  await app.register(rootCauseRoutes, { ctx });
  await app.register(correctiveActionRoutes, { ctx });
};

const read = { roles: access.analyticsRead };
const write = { roles: access.preventionWrite };
const now = (ctx: AppContext) => ctx.clock.now().toISOString();

const kpiRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['kpis'];
  app.get(
    '/api/kpis',
    {
      config: read,
      schema: {
        operationId: 'getKpis',
        tags,
        summary: 'KPIs over a period: value, target, trend and breakdown',
        description:
          'Computed from daily aggregates kept up to date by the analytics.fold job (every ' +
          'minute; `refresh=true` folds first). A period counts an order when it closes, an ' +
          'incident when it is detected, a resolution when it resolves; a rate with no ' +
          `denominator is null. Definitions:\n\n${definitionsMarkdown()}`,
        querystring: kpiQuery,
        response: { 200: kpiReportSchema },
      },
    },
    (req) => kpiReport(ctx, req.query),
  );

  app.get(
    '/api/kpis/export',
    {
      config: read,
      schema: {
        operationId: 'exportKpis',
        tags,
        summary: 'The table behind a KPI chart as CSV (trend, or breakdown when asked)',
        produces: ['text/csv'],
        querystring: kpiExportQuery,
      },
    },
    async (req, reply) => {
      const file = await kpiExport(ctx, req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );

  app.post(
    '/api/kpis/fold',
    {
      config: { roles: access.admin },
      schema: {
        operationId: 'foldKpis',
        tags,
        summary: 'Fold the changes since the last fold into the aggregates now',
        response: { 200: foldResultSchema },
      },
    },
    () => foldChanges(ctx.db, now(ctx)),
  );
};

const rootCauseRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['root causes'];
  app.get(
    '/api/incidents/:id/root-cause/suggestion',
    {
      config: read,
      schema: {
        operationId: 'suggestRootCause',
        tags,
        summary: 'The root cause suggested from the detection data, with its reasons',
        params: idParams,
        response: { 200: suggestionSchema },
      },
    },
    (req) => rootCauseSuggestion(ctx.db, req.params.id),
  );

  app.get(
    '/api/root-causes/pareto',
    {
      config: read,
      schema: {
        operationId: 'getRootCausePareto',
        tags,
        summary: 'Root causes by incidents (customer-facing and caught) and by cost, largest first',
        querystring: periodQuery,
        response: { 200: paretoSchema },
      },
    },
    (req) => rootCausePareto(ctx.db, resolvePeriod(req.query, ctx.clock.now())),
  );

  app.get(
    '/api/root-causes/scorecards',
    {
      config: read,
      schema: {
        operationId: 'getScorecards',
        tags,
        summary: 'Incident and line error rates per packer, station, supplier, carrier or store',
        description: 'A key below minVolume shows its counts but no rate.',
        querystring: scorecardQuery,
        response: { 200: scorecardSchema },
      },
    },
    (req) => scorecards(ctx.db, { ...req.query, ...resolvePeriod(req.query, ctx.clock.now()) }),
  );

  app.get(
    '/api/root-causes/look-alikes',
    {
      config: read,
      schema: {
        operationId: 'listLookAlikes',
        tags,
        summary: 'SKU pairs confused for each other, most often first',
        querystring: lookAlikeQuery,
        response: { 200: lookAlikeSchema },
      },
    },
    (req) => lookAlikes(ctx.db, { ...req.query, ...resolvePeriod(req.query, ctx.clock.now()) }),
  );
};

const correctiveActionRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['corrective actions'];
  app.get(
    '/api/corrective-actions/suggestions',
    {
      config: read,
      schema: {
        operationId: 'suggestCorrectiveActions',
        tags,
        summary: 'Corrective actions worth opening: rates over their threshold in 30 days',
        querystring: suggestionsQuery,
        response: { 200: actionSuggestionsSchema },
      },
    },
    (req) => suggestActions(ctx.db, { today: dayOf(now(ctx)), minVolume: req.query.minVolume }),
  );

  app.post(
    '/api/corrective-actions',
    {
      config: write,
      schema: {
        operationId: 'createCorrectiveAction',
        tags,
        summary: 'Open a corrective action',
        body: createActionBody,
        response: { 201: actionSchema },
      },
    },
    async (req, reply) => {
      const ref = { now: now(ctx), actor: actorLabel(req.actor) };
      return reply.code(201).send(await createAction(ctx.db, req.body, ref));
    },
  );

  app.get(
    '/api/corrective-actions',
    {
      config: read,
      schema: {
        operationId: 'listCorrectiveActions',
        tags,
        summary: 'Corrective actions, newest first',
        querystring: listActionsQuery,
        response: { 200: actionPageSchema },
      },
    },
    (req) => listActions(ctx.db, req.query, now(ctx)),
  );

  app.get(
    '/api/corrective-actions/:id',
    {
      config: read,
      schema: {
        operationId: 'getCorrectiveAction',
        tags,
        summary: 'One corrective action',
        params: idParams,
        response: { 200: actionSchema },
      },
    },
    (req) => getAction(ctx.db, req.params.id, now(ctx)),
  );

  app.patch(
    '/api/corrective-actions/:id',
    {
      config: write,
      schema: {
        operationId: 'updateCorrectiveAction',
        tags,
        summary:
          'Edit a corrective action or move its status (open → in_progress → done; cancelled)',
        params: idParams,
        body: patchActionBody,
        response: { 200: actionSchema },
      },
    },
    (req) =>
      updateAction(ctx.db, req.params.id, req.body, {
        now: now(ctx),
        actor: actorLabel(req.actor),
      }),
  );

  app.get(
    '/api/corrective-actions/:id/effect',
    {
      config: read,
      schema: {
        operationId: 'getCorrectiveActionEffect',
        tags,
        summary: 'The target’s incident rate before the action started and after it was done',
        params: idParams,
        querystring: effectQuery,
        response: { 200: effectSchema },
      },
    },
    (req) => actionEffect(ctx.db, req.params.id, req.query.windowDays, now(ctx)),
  );
};
