import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access, actorLabel } from './auth.js';
import { authEnvOf } from './auth.env.js';
import {
  getUser,
  inviteUser,
  listUsers,
  reissueInvitation,
  updateUser,
  type Invitation,
} from './use-cases/people.js';
import {
  invitedSchema,
  inviteBody,
  updateUserBody,
  userParams,
  userSchema,
} from './users.schemas.js';

const tags = ['people'];

/** People and their roles (admin). */
export const usersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const env = authEnvOf(ctx);
  const config = { roles: access.admin };
  const withUrl = (i: Invitation) => ({ ...i, url: new URL(i.link, ctx.config.publicUrl).href });

  app.get(
    '/api/users',
    {
      config,
      schema: {
        operationId: 'listUsers',
        tags,
        summary: 'List people with their role, store and status',
        response: { 200: z.object({ data: z.array(userSchema) }) },
      },
    },
    async () => ({ data: await listUsers(ctx.db) }),
  );

  app.post(
    '/api/users',
    {
      config,
      schema: {
        operationId: 'inviteUser',
        tags,
        summary: 'Invite a person: creates the account and returns a one-time link',
        description:
          'The person opens the link and sets their password (POST ' +
          '/api/auth/invitations/:token/accept). The link is shown only here. A store user needs ' +
          'the `locationId` of a store. An email is one account however it is capitalised: 409 ' +
          'email_taken.',
        body: inviteBody,
        response: { 201: invitedSchema },
      },
    },
    async (req, reply) => {
      const { user, invitation } = await inviteUser(env, req.body, actorLabel(req.actor));
      return reply.code(201).send({ user, invitation: withUrl(invitation) });
    },
  );

  app.get(
    '/api/users/:id',
    {
      config,
      schema: {
        operationId: 'getUser',
        tags,
        summary: 'A person',
        params: userParams,
        response: { 200: userSchema },
      },
    },
    (req) => getUser(ctx.db, req.params.id),
  );

  app.patch(
    '/api/users/:id',
    {
      config,
      schema: {
        operationId: 'updateUser',
        tags,
        summary: 'Change a person’s name, role or store, or deactivate them',
        description:
          'Deactivating ends their sessions and open links at once. The last active admin can be ' +
          'neither demoted nor deactivated (409 last_admin).',
        params: userParams,
        body: updateUserBody,
        response: { 200: userSchema },
      },
    },
    (req) => updateUser(env, req.params.id, req.body),
  );

  app.post(
    '/api/users/:id/invitations',
    {
      config,
      schema: {
        operationId: 'reissueInvitation',
        tags,
        summary: 'A new one-time link to set a password (forgotten password, expired invitation)',
        description: 'Replaces the person’s earlier links; their sessions end when they use it.',
        params: userParams,
        response: { 201: invitedSchema },
      },
    },
    async (req, reply) => {
      const { user, invitation } = await reissueInvitation(
        env,
        req.params.id,
        actorLabel(req.actor),
      );
      return reply.code(201).send({ user, invitation: withUrl(invitation) });
    },
  );
};
