import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access, actorLabel } from '../auth/index.js';
import {
  getMessage,
  getPreferences,
  getSurvey,
  incidentMessages,
  pageMessages,
  putPreferences,
  resendMessage,
} from './notifications.service.js';
import {
  idParams,
  listMessagesQuery,
  messageListSchema,
  messagePageSchema,
  messageSchema,
  outboxQuery,
  phoneScriptQuery,
  phoneScriptSchema,
  preferencesBody,
  preferencesSchema,
  previewBody,
  previewQuery,
  previewSchema,
  resendBody,
  surveyAnswerBody,
  surveySchema,
} from './notifications.schemas.js';
import { closeProviders } from './providers/index.js';
import { statusCallbackRoutes } from './status-callback.routes.js';
import { phoneScript, previewForIncident, previewSample } from './use-cases/preview.js';
import { recordSurveyAnswer } from './use-cases/surveys.js';

export const notificationsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (
  app,
  { ctx },
) => {
  const tags = ['messages'];

  app.get(
    '/api/incidents/:id/messages',
    {
      config: { roles: access.messagesRead },
      schema: {
        operationId: 'listIncidentMessages',
        tags,
        summary: 'Messages sent to the customer about an incident, oldest first, with status',
        params: idParams,
        response: { 200: messageListSchema },
      },
    },
    (req) => incidentMessages(ctx, req.params.id),
  );

  app.get(
    '/api/incidents/:id/phone-script',
    {
      config: { roles: access.messagesRead },
      schema: {
        operationId: 'getPhoneScript',
        tags,
        summary: 'What an agent reads to the customer on the phone (same story as the messages)',
        description: 'By default about the last event the customer was told of, in their locale.',
        params: idParams,
        querystring: phoneScriptQuery,
        response: { 200: phoneScriptSchema },
      },
    },
    (req) => phoneScript(ctx, req.params.id, req.query),
  );

  app.get(
    '/api/incidents/:id/survey',
    {
      config: { roles: access.messagesRead },
      schema: {
        operationId: 'getSurvey',
        tags,
        summary: 'The satisfaction survey of a resolved incident',
        params: idParams,
        response: { 200: surveySchema },
      },
    },
    (req) => getSurvey(ctx, req.params.id),
  );

  app.post(
    '/api/incidents/:id/survey',
    {
      config: { roles: access.incidentsWrite },
      schema: {
        operationId: 'recordSurveyAnswer',
        tags,
        summary: 'Record the customer’s survey answer given to an agent (first answer wins: 409)',
        params: idParams,
        body: surveyAnswerBody,
        response: { 201: surveySchema },
      },
    },
    async (req, reply) => {
      const ref = { now: ctx.clock.now().toISOString(), actor: actorLabel(req.actor) };
      const answer = { incidentId: req.params.id, ...req.body };
      const survey = await ctx.db
        .transaction()
        .execute((trx) => recordSurveyAnswer(trx, answer, ref));
      return reply.code(201).send(survey);
    },
  );

  app.get(
    '/api/messages',
    {
      config: { roles: access.messagesRead },
      schema: {
        operationId: 'listMessages',
        tags,
        summary: 'Messages, newest first, by incident, channel, status or provider',
        querystring: listMessagesQuery,
        response: { 200: messagePageSchema },
      },
    },
    (req) => pageMessages(ctx, req.query),
  );

  app.get(
    '/api/outbox',
    {
      config: { roles: access.messagesRead },
      schema: {
        operationId: 'listOutbox',
        tags,
        summary: 'The local outbox: messages kept here because no provider is configured',
        querystring: outboxQuery,
        response: { 200: messagePageSchema },
      },
    },
    (req) => pageMessages(ctx, { ...req.query, provider: 'outbox' }),
  );

  app.get(
    '/api/messages/preview',
    {
      config: { roles: access.messagesRead },
      schema: {
        operationId: 'previewMessageTemplates',
        tags,
        summary: 'Render the message an incident event would send on a channel, without sending',
        querystring: previewQuery,
        response: { 200: previewSchema },
      },
    },
    (req) => previewForIncident(ctx, req.query),
  );

  app.post(
    '/api/messages/preview',
    {
      config: { roles: access.messagesRead },
      schema: {
        operationId: 'previewMessage',
        tags,
        summary: 'Render a template from sample facts (no incident needed), without sending',
        body: previewBody,
        response: { 200: previewSchema },
      },
    },
    (req) => previewSample(req.body),
  );

  app.get(
    '/api/messages/:id',
    {
      config: { roles: access.messagesRead },
      schema: {
        operationId: 'getMessage',
        tags,
        summary: 'One message as sent',
        params: idParams,
        response: { 200: messageSchema },
      },
    },
    (req) => getMessage(ctx, req.params.id),
  );

  app.post(
    '/api/messages/:id/resend',
    {
      config: { roles: access.incidentsWrite },
      schema: {
        operationId: 'resendMessage',
        tags,
        summary: 'Send a message again, on its channel or another (202: queued)',
        description: 'The same idempotencyKey returns the first resend instead of sending again.',
        params: idParams,
        body: resendBody,
        response: { 202: messageSchema },
      },
    },
    async (req, reply) => {
      const m = await resendMessage(ctx, req.params.id, req.body, actorLabel(req.actor));
      return reply.code(202).send(m);
    },
  );

  app.get(
    '/api/customers/:id/contact-preferences',
    {
      config: { roles: access.customersRead },
      schema: {
        operationId: 'getContactPreferences',
        tags,
        summary: 'How a customer wants to be reached (the defaults until set)',
        params: idParams,
        response: { 200: preferencesSchema },
      },
    },
    (req) => getPreferences(ctx, req.params.id),
  );

  app.put(
    '/api/customers/:id/contact-preferences',
    {
      config: { roles: access.customersWrite },
      schema: {
        operationId: 'setContactPreferences',
        tags,
        summary: 'Set channels in order, SMS consent, quiet hours and time zone',
        params: idParams,
        body: preferencesBody,
        response: { 200: preferencesSchema },
      },
    },
    (req) => putPreferences(ctx, req.params.id, req.body, actorLabel(req.actor)),
  );

  await app.register(statusCallbackRoutes, { ctx });
  app.addHook('onClose', async () => {
    closeProviders(ctx.config);
    await Promise.resolve();
  });
};
