import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponse } from '../../http/openapi.js';
import { AppError } from '../../shared/app-error.js';
import { access, type User } from './auth.js';
import { authEnvOf } from './auth.env.js';
import { liveSessionOf } from './auth.hook.js';
import { endSession, sessionCookie, type StartedSession } from './sessions.service.js';
import { acceptInvitation, changePassword, readInvitation } from './use-cases/account.js';
import { signIn, type RequestMeta } from './use-cases/sign-in.js';
import { hasActiveDemoUser, rowToUser } from './users.repository.js';
import {
  acceptBody,
  invitationView,
  passwordBody,
  signedInSchema,
  signInBody,
  tokenParams,
} from './users.schemas.js';

const tags = ['people'];

/** Signing in and out, the session, one's own password, and invitation links. */
export const sessionRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const env = authEnvOf(ctx);
  const meta = (req: FastifyRequest): RequestMeta => ({
    ip: req.ip || null,
    userAgent: req.headers['user-agent'] ?? null,
  });
  const signedIn = async (reply: FastifyReply, user: User, session: StartedSession) => {
    reply.setCookie(sessionCookie, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: env.sessions.secureCookie,
      maxAge: Math.floor(env.sessions.maxMs / 1000),
    });
    return { user, csrfToken: session.csrfToken, demo: await hasActiveDemoUser(ctx.db) };
  };

  app.post(
    '/api/auth/sign-in',
    {
      config: { public: 'signing in is how a person gets a session' },
      schema: {
        operationId: 'signIn',
        tags,
        summary: 'Sign in with email and password; sets the session cookie',
        description:
          'Wrong email or password: 401 invalid_credentials, the same for both. After 5 failures ' +
          'for an account, or 20 from an address, within 15 minutes: 429 too_many_attempts with ' +
          'Retry-After, right password or not, until the window ends.',
        security: [],
        body: signInBody,
        response: { 200: signedInSchema, 429: errorResponse(429) },
      },
    },
    async (req, reply) => {
      const { user, session } = await signIn(env, req.body, meta(req));
      return signedIn(reply, user, session);
    },
  );

  app.get(
    '/api/auth/session',
    {
      config: { public: 'tells the caller whether its own cookie is a live session' },
      schema: {
        operationId: 'getSession',
        tags,
        summary: 'The signed-in person and the CSRF token of their session',
        security: [],
        response: { 200: signedInSchema },
      },
    },
    async (req) => {
      const live = await liveSessionOf(env, req);
      if (!live) throw new AppError('unauthorized', 'Not signed in, or the session has ended');
      const demo = await hasActiveDemoUser(ctx.db);
      return { user: rowToUser(live.user), csrfToken: live.csrfToken, demo };
    },
  );

  app.post(
    '/api/auth/sign-out',
    {
      config: { roles: access.self },
      schema: { operationId: 'signOut', tags, summary: 'End this session and clear its cookie' },
    },
    async (req, reply) => {
      if (req.session) await endSession(ctx.db, req.session.id, ctx.clock.now().toISOString());
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { roles: access.self },
      schema: {
        operationId: 'changePassword',
        tags,
        summary: 'Change one’s own password; every other session of the person ends',
        description:
          'A wrong current password counts towards the account’s sign-in limit (429 ' +
          'too_many_attempts with Retry-After past it).',
        body: passwordBody,
      },
    },
    async (req, reply) => {
      if (!req.session || req.actor?.kind !== 'user') {
        throw new AppError('unauthorized', 'Sign in to change your password');
      }
      const who = { userId: req.actor.id, sessionId: req.session.id };
      await changePassword(env, who, req.body, meta(req));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/invitations/:token',
    {
      config: { public: 'the one-time link is the credential' },
      schema: {
        operationId: 'getInvitation',
        tags,
        summary: 'Who an invitation link is for, before they set their password',
        security: [],
        params: tokenParams,
        response: { 200: invitationView },
      },
    },
    (req) => readInvitation(env, req.params.token),
  );

  app.post(
    '/api/auth/invitations/:token/accept',
    {
      config: { public: 'the one-time link is the credential' },
      schema: {
        operationId: 'acceptInvitation',
        tags,
        summary: 'Set a password from an invitation (or reset) link, and sign in',
        description: 'The link works once; any other session of the person ends.',
        security: [],
        params: tokenParams,
        body: acceptBody,
        response: { 200: signedInSchema },
      },
    },
    async (req, reply) => {
      const { user, session } = await acceptInvitation(env, req.params.token, req.body, meta(req));
      return signedIn(reply, user, session);
    },
  );
};
