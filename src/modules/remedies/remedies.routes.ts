import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access, actorLabel, locationScope } from '../auth/index.js';
import { planNotFound } from './remedies.errors.js';
import {
  approveBody,
  chooseBody,
  incidentParams,
  planQuery,
  planSchema,
  policyBody,
  policySchema,
  policyVersionsSchema,
  receiveBody,
  replanBody,
  stepParams,
  versionParams,
} from './remedies.schemas.js';
import { currentPolicy, listPolicies, policyVersion, savePolicy } from './policy.service.js';
import { approvePlan, chooseRemedy } from './use-cases/choose.js';
import { createPlan, getCurrentPlan } from './use-cases/plan.js';
import { receiveStep } from './use-cases/watch.js';

const yamlTypes = ['text/yaml', 'application/yaml', 'application/x-yaml'];

export const remediesRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['remedies'];
  const now = () => ctx.clock.now().toISOString();
  // The policy is written as YAML: its text reaches the handler as it is.
  app.addContentTypeParser(yamlTypes, { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/policy',
    {
      config: { roles: access.read },
      schema: {
        operationId: 'getPolicy',
        tags,
        summary: 'The remedy policy in force',
        response: { 200: policySchema },
      },
    },
    () => currentPolicy(ctx.db, now()),
  );

  app.get(
    '/api/policy/versions',
    {
      config: { roles: access.read },
      schema: {
        operationId: 'listPolicyVersions',
        tags,
        summary: 'Every policy version, newest first',
        response: { 200: policyVersionsSchema },
      },
    },
    async () => ({ data: await listPolicies(ctx.db, now()) }),
  );

  app.get(
    '/api/policy/versions/:version',
    {
      config: { roles: access.read },
      schema: {
        operationId: 'getPolicyVersion',
        tags,
        summary: 'One policy version',
        params: versionParams,
        response: { 200: policySchema },
      },
    },
    (req) => policyVersion(ctx.db, req.params.version),
  );

  app.put(
    '/api/policy',
    {
      config: { roles: access.policyWrite },
      schema: {
        operationId: 'savePolicy',
        tags,
        summary: 'Save a new policy version (validated; the previous versions are kept)',
        description:
          'YAML (text/yaml) or JSON. An invalid document is a 400 policy_invalid naming each line and field.',
        consumes: ['application/json', ...yamlTypes, 'text/plain'],
        body: policyBody,
        response: { 201: policySchema },
      },
    },
    async (req, reply) => {
      const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body, null, 2);
      return reply
        .code(201)
        .send(await savePolicy(ctx.db, text, { now: now(), actor: actorLabel(req.actor) }));
    },
  );

  app.get(
    '/api/incidents/:id/plan',
    {
      config: { roles: access.read },
      schema: {
        operationId: 'getPlan',
        tags,
        summary: 'The incident’s current remedy plan',
        params: incidentParams,
        querystring: planQuery,
        response: { 200: planSchema },
      },
    },
    async (req) => {
      const plan = await getCurrentPlan(ctx, req.params.id, { explain: req.query.explain });
      if (!plan) throw planNotFound(req.params.id);
      return plan;
    },
  );

  app.post(
    '/api/incidents/:id/plan',
    {
      config: { roles: access.remediesWrite },
      schema: {
        operationId: 'replan',
        tags,
        summary: 'Plan (or plan again) the incident’s remedies under the policy in force',
        description:
          'Replaces a current plan nothing of which has run (proposed, awaiting approval or failed).',
        params: incidentParams,
        body: replanBody,
        response: { 201: planSchema },
      },
    },
    async (req, reply) => {
      const plan = await createPlan(ctx, req.params.id, {
        actor: actorLabel(req.actor),
        replan: true,
      });
      return reply.code(201).send(plan);
    },
  );

  app.post(
    '/api/incidents/:id/plan/choose',
    {
      config: { roles: access.remediesWrite },
      schema: {
        operationId: 'chooseRemedy',
        tags,
        summary: 'Record the customer’s choice, or an agent’s override (with a reason)',
        params: incidentParams,
        body: chooseBody,
        response: { 200: planSchema },
      },
    },
    (req) => chooseRemedy(ctx, req.params.id, { ...req.body, actor: actorLabel(req.actor) }),
  );

  app.post(
    '/api/incidents/:id/plan/approve',
    {
      config: { roles: access.approve },
      schema: {
        operationId: 'approvePlan',
        tags,
        summary: 'Approve compensation above the auto-approve limit',
        params: incidentParams,
        body: approveBody,
        response: { 200: planSchema },
      },
    },
    (req) =>
      approvePlan(ctx, req.params.id, { actor: actorLabel(req.actor), note: req.body?.note }),
  );

  app.post(
    '/api/incidents/:id/plan/steps/:stepId/received',
    {
      config: { roles: access.receiving },
      schema: {
        operationId: 'receiveStep',
        tags,
        summary: 'A pickup came back (into stock or damaged), or a store handed over a reservation',
        params: stepParams,
        body: receiveBody,
        response: { 200: planSchema },
      },
    },
    (req) =>
      receiveStep(ctx, req.params.id, req.params.stepId, {
        disposition: req.body?.disposition,
        code: req.body?.code,
        actor: actorLabel(req.actor),
        onlyAt: locationScope(req.actor),
      }),
  );
};
