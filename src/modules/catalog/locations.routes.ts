import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { pageSchema } from '../../shared/pagination.js';
import { access } from '../auth/index.js';
import { idParams } from './catalog.schemas.js';
import {
  createLocationBody,
  listLocationsQuery,
  locationSchema,
  updateLocationBody,
} from './locations.schemas.js';
import { createLocation, getLocation, listLocations, updateLocation } from './locations.service.js';

export const locationsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, clock } = ctx;
  const tags = ['catalog'];
  const read = { roles: access.referenceRead };
  const write = { roles: access.catalogWrite };

  app.post(
    '/api/locations',
    {
      config: write,
      schema: {
        operationId: 'createLocation',
        tags,
        summary: 'Create a warehouse or store',
        body: createLocationBody,
        response: { 201: locationSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createLocation(db, req.body, clock.now().toISOString())),
  );

  app.get(
    '/api/locations',
    {
      config: read,
      schema: {
        operationId: 'listLocations',
        tags,
        summary: 'List locations by kind, zone and capability',
        querystring: listLocationsQuery,
        response: { 200: pageSchema(locationSchema) },
      },
    },
    async (req) => listLocations(db, req.query),
  );

  app.get(
    '/api/locations/:id',
    {
      config: read,
      schema: {
        operationId: 'getLocation',
        tags,
        summary: 'Get a location',
        params: idParams,
        response: { 200: locationSchema },
      },
    },
    async (req) => getLocation(db, req.params.id),
  );

  app.patch(
    '/api/locations/:id',
    {
      config: write,
      schema: {
        operationId: 'updateLocation',
        tags,
        summary: 'Change a location',
        params: idParams,
        body: updateLocationBody,
        response: { 200: locationSchema },
      },
    },
    async (req) => updateLocation(db, req.params.id, req.body, clock.now().toISOString()),
  );
};
