import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access, actorLabel } from '../auth/index.js';
import {
  createIncidentBody,
  escalateBody,
  idParams,
  incidentDetailSchema,
  incidentPageSchema,
  listIncidentsQuery,
  noteBody,
  patchIncidentBody,
  timelineEntrySchema,
  transitionBody,
} from './incidents.schemas.js';
import {
  changeIncidentState,
  editIncidentFields,
  escalate,
  postNote,
  reportIncident,
} from './incidents.service.js';
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
        tags,
        summary: 'Report an incident (agent, or staff on behalf of a customer)',
        body: createIncidentBody,
        response: { 201: incidentDetailSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await reportIncident(ctx, req.body, actorLabel(req.actor))),
  );

  app.get(
    '/api/incidents/:id',
    {
      config: read,
      schema: {
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
        tags,
        summary: 'Change severity, root cause, summary or description',
        params: idParams,
        body: patchIncidentBody,
        response: { 200: incidentDetailSchema },
      },
    },
    (req) => editIncidentFields(ctx, req.params.id, req.body, actorLabel(req.actor)),
  );
};
