import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access, actorLabel } from '../auth/index.js';
import { attachmentDownload, uploadParts } from './attachments.http.js';
import {
  attachmentParams,
  attachmentsAddedSchema,
  escalateBody,
  idParams,
  incidentDetailSchema,
  incidentPageSchema,
  listIncidentsQuery,
  noteBody,
  patchIncidentBody,
  reportIncidentBody,
  reportResultSchema,
  timelineEntrySchema,
  transitionBody,
} from './incidents.schemas.js';
import {
  changeIncidentState,
  editIncidentFields,
  escalate,
  postNote,
  receiveReport,
} from './incidents.service.js';
import { attachFiles, openAttachment } from './use-cases/attach-files.js';
import { getIncident, listIncidents } from './use-cases/read.js';

export const incidentsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['incidents'];
  const read = { roles: access.read };
  const write = { roles: access.incidentsWrite };

  app.get(
    '/api/incidents',
    {
      config: read,
      schema: {
        operationId: 'listIncidents',
        tags,
        summary: 'List incidents: newest first, or the agent queue by SLA risk',
        querystring: listIncidentsQuery,
        response: { 200: incidentPageSchema },
      },
    },
    (req) => listIncidents(ctx.db, req.query, ctx.clock),
  );

  app.post(
    '/api/incidents',
    {
      config: { roles: access.incidentsReport },
      schema: {
        operationId: 'reportIncident',
        tags,
        summary: 'Report an incident (agent, or staff on behalf of a customer)',
        description:
          'Without a type, triage classifies the description in the customer’s language; an ' +
          'unsure guess is flagged needsTriage. A report of the same order and type as an open ' +
          'incident detected within the dedupe window joins it: 200 with joined true.',
        body: reportIncidentBody,
        response: { 200: reportResultSchema, 201: reportResultSchema },
      },
    },
    async (req, reply) => {
      const result = await receiveReport(ctx, req.body, actorLabel(req.actor));
      return reply.code(result.joined ? 200 : 201).send(result);
    },
  );

  app.post(
    '/api/incidents/:id/attachments',
    {
      config: { roles: access.incidentsReport },
      schema: {
        operationId: 'addIncidentPhotos',
        tags,
        summary: 'Attach photos or documents (multipart/form-data, field photo, one or more files)',
        description:
          'JPEG, PNG, WebP, HEIC/HEIF or PDF, recognised from the content; each file at most ' +
          'REDRESS_UPLOAD_MAX_BYTES (413 payload_too_large).',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: attachmentsAddedSchema },
      },
    },
    async (req, reply) => {
      const parts = uploadParts(req, ctx.config.uploadMaxBytes);
      const data = await attachFiles(ctx, req.params.id, parts, actorLabel(req.actor));
      return reply.code(201).send({ data });
    },
  );

  app.get(
    '/api/incidents/:id/attachments/:attachmentId',
    {
      config: read,
      schema: {
        operationId: 'getIncidentPhoto',
        tags,
        summary: 'Download an attachment, with its content type',
        produces: [
          'image/jpeg',
          'image/png',
          'image/webp',
          'image/heic',
          'image/heif',
          'application/pdf',
        ],
        params: attachmentParams,
      },
    },
    async (req, reply) => {
      const file = await openAttachment(ctx, req.params.id, req.params.attachmentId);
      return attachmentDownload(reply, file);
    },
  );

  app.get(
    '/api/incidents/:id',
    {
      config: read,
      schema: {
        operationId: 'getIncident',
        tags,
        summary: 'An incident with its lines, timeline (oldest first) and SLA clocks',
        params: idParams,
        response: { 200: incidentDetailSchema },
      },
    },
    (req) => getIncident(ctx.db, req.params.id, ctx.clock),
  );

  app.post(
    '/api/incidents/:id/transitions',
    {
      config: write,
      schema: {
        operationId: 'transitionIncident',
        tags,
        summary: 'Move an incident along its lifecycle',
        params: idParams,
        body: transitionBody,
        response: { 200: incidentDetailSchema },
      },
    },
    (req) => {
      const { to, ...opts } = req.body;
      return changeIncidentState(ctx, req.params.id, to, { ...opts, actor: actorLabel(req.actor) });
    },
  );

  app.post(
    '/api/incidents/:id/notes',
    {
      config: write,
      schema: {
        operationId: 'addIncidentNote',
        tags,
        summary: 'Add a note, a customer contact, or record that the customer was notified',
        params: idParams,
        body: noteBody,
        response: { 201: timelineEntrySchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await postNote(ctx, req.params.id, req.body, actorLabel(req.actor))),
  );

  app.post(
    '/api/incidents/:id/escalate',
    {
      config: write,
      schema: {
        operationId: 'escalateIncident',
        tags,
        summary: 'Escalate an incident by hand',
        params: idParams,
        body: escalateBody,
        response: { 200: incidentDetailSchema },
      },
    },
    (req) => escalate(ctx, req.params.id, req.body.reason, actorLabel(req.actor)),
  );

  app.patch(
    '/api/incidents/:id',
    {
      config: write,
      schema: {
        operationId: 'updateIncident',
        tags,
        summary: 'Confirm or change the type; change severity, root cause, summary or description',
        params: idParams,
        body: patchIncidentBody,
        response: { 200: incidentDetailSchema },
      },
    },
    (req) => editIncidentFields(ctx, req.params.id, req.body, actorLabel(req.actor)),
  );
};
