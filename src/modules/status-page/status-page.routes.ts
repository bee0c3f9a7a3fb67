import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { uploadParts } from '../incidents/index.js';
import { runOnce } from './idempotency.js';
import { LiveHub } from './live.js';
import { renderContent } from './page.html.js';
import { pageRoutes } from './page.routes.js';
import {
  actionResult,
  choiceBody,
  escalateBody,
  photosQuery,
  photosResult,
  pickupWindowBody,
  publicView,
  surveyBody,
  tokenParams,
} from './status-page.schemas.js';
import { fingerprintOf } from './use-cases/fingerprint.js';
import {
  answerSurvey,
  askForPerson,
  bookPickupWindow,
  chooseOption,
  sendPhotos,
} from './use-cases/customer-actions.js';
import { buildView, openPage, type PageAccess } from './use-cases/read-page.js';
import { loadTokenSecret } from './token.js';

const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_\-.:]{8,100}$/, 'must be 8–100 letters, digits, _ - . or :')
    .optional(),
});

/**
 * The customer's status page API under /api/public/incidents/<token>: no staff key, the signed
 * token is the only credential, and every failure of it is the same 404.
 */
export const statusPageRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (
  app,
  { ctx },
) => {
  await loadTokenSecret(ctx.db, ctx.config, ctx.clock.now().toISOString());
  const hub = new LiveHub({
    db: ctx.db,
    log: app.log,
    fingerprint: (id) => fingerprintOf(ctx, id),
  });
  app.addHook('preClose', (done) => {
    hub.stop();
    done();
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-robots-tag', 'noindex, nofollow');
  });
  await app.register(pageRoutes, { ctx });

  const base = '/api/public/incidents/:token';
  const tags = ['status page'];
  const open = { public: "the customer's link token is checked by every action" };
  const security: [] = [];

  /** An action on the page: runs once per Idempotency-Key, answers with the page's new view. */
  async function act(
    reply: FastifyReply,
    scope: { token: string; key: string | undefined; action: string; status?: number },
    run: (access: PageAccess) => Promise<Record<string, unknown> | void>,
  ) {
    const access = await openPage(ctx, scope.token);
    const { incidentIds } = access;
    const out = await runOnce(
      ctx,
      {
        incidentId: incidentIds[0] ?? '',
        key: scope.key,
        action: scope.action,
        status: scope.status ?? 200,
      },
      async () => {
        const extra = await run(access);
        const view = await buildView(ctx, access);
        return { ...(typeof extra === 'object' ? extra : {}), ok: true as const, view };
      },
    );
    return reply.code(out.status).send(out.body);
  }

  app.get(
    base,
    {
      config: open,
      schema: {
        operationId: 'getStatusPage',
        tags,
        security,
        summary:
          'The incident(s) of the link: state in plain words, plan, deadlines, refunds, public timeline',
        params: tokenParams,
        response: { 200: publicView },
      },
    },
    async (req) => buildView(ctx, await openPage(ctx, req.params.token)),
  );

  app.get(
    `${base}/content`,
    {
      config: open,
      schema: {
        operationId: 'getStatusPageContent',
        tags,
        security,
        summary: 'The page’s incident blocks as HTML (what a live update swaps in)',
        params: tokenParams,
        querystring: z.object({ score: z.coerce.number().int().min(1).max(5).optional() }),
        produces: ['text/html'],
      },
    },
    async (req, reply) => {
      const view = await buildView(ctx, await openPage(ctx, req.params.token));
      return reply.type('text/html; charset=utf-8').send(renderContent(view, req.query.score));
    },
  );

  app.get(
    `${base}/events`,
    {
      config: open,
      schema: {
        operationId: 'streamStatusPageEvents',
        tags,
        security,
        summary: 'Server-sent events: `update` with the incident id whenever the page would change',
        params: tokenParams,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const access = await openPage(ctx, req.params.token);
      reply.hijack();
      await hub.stream(reply.raw, access.incidentIds);
    },
  );

  const action = {
    config: open,
    schema: { tags, security, params: tokenParams, headers: idempotencyHeaders },
  };

  app.post(
    `${base}/choice`,
    {
      ...action,
      schema: {
        operationId: 'chooseOnStatusPage',
        ...action.schema,
        summary: 'Choose a remedy option',
        body: choiceBody,
        response: { 200: actionResult },
      },
    },
    (req, reply) =>
      act(
        reply,
        { token: req.params.token, key: req.headers['idempotency-key'], action: 'choice' },
        (a) => chooseOption(ctx, a, req.body),
      ),
  );

  app.post(
    `${base}/pickup-window`,
    {
      ...action,
      schema: {
        operationId: 'bookPickupWindow',
        ...action.schema,
        summary: 'Book a window for collecting the item',
        body: pickupWindowBody,
        response: { 200: actionResult },
      },
    },
    (req, reply) =>
      act(
        reply,
        { token: req.params.token, key: req.headers['idempotency-key'], action: 'pickup-window' },
        (a) => bookPickupWindow(ctx, a, req.body),
      ),
  );

  app.post(
    `${base}/escalate`,
    {
      ...action,
      schema: {
        operationId: 'askForPerson',
        ...action.schema,
        summary: 'Ask to talk to a person (escalates the incident)',
        body: escalateBody,
        response: { 200: actionResult },
      },
    },
    (req, reply) =>
      act(
        reply,
        { token: req.params.token, key: req.headers['idempotency-key'], action: 'escalate' },
        (a) => askForPerson(ctx, a, req.body),
      ),
  );

  app.post(
    `${base}/survey`,
    {
      ...action,
      schema: {
        operationId: 'answerSurvey',
        ...action.schema,
        summary: 'Answer the satisfaction survey (after resolution)',
        body: surveyBody,
        response: { 200: actionResult },
      },
    },
    (req, reply) =>
      act(
        reply,
        { token: req.params.token, key: req.headers['idempotency-key'], action: 'survey' },
        (a) => answerSurvey(ctx, a, req.body),
      ),
  );

  app.post(
    `${base}/photos`,
    {
      ...action,
      schema: {
        operationId: 'sendPhotos',
        ...action.schema,
        summary: 'Send photos (multipart/form-data, field photo)',
        consumes: ['multipart/form-data'],
        querystring: photosQuery,
        response: { 201: photosResult },
      },
    },
    (req, reply) =>
      act(
        reply,
        {
          token: req.params.token,
          key: req.headers['idempotency-key'],
          action: 'photos',
          status: 201,
        },
        async (a) => ({
          received: await sendPhotos(
            ctx,
            a,
            req.query.incidentId,
            uploadParts(req, ctx.config.uploadMaxBytes),
          ),
        }),
      ),
  );
};
