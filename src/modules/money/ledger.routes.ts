import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../auth/index.js';
import {
  contractOutcomeBody,
  costBody,
  ledgerExportQuery,
  ledgerPageSchema,
  ledgerQuery,
  penaltySchema,
} from './documents.schemas.js';
import { refOf } from './money.http.js';
import { costSchema } from './money.schemas.js';
import { listContractPenalties, recordContractOutcome } from './use-cases/contracts.js';
import { addIncidentCost, ledgerCsv, listLedger } from './use-cases/ledger.js';
import { fieldError } from './money.errors.js';

/** The incident cost ledger and B2B contract outcomes. */
export const ledgerRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['ledger'];

  app.get(
    '/api/ledger',
    {
      config: { roles: access.moneyRead },
      schema: {
        operationId: 'listLedger',
        tags,
        summary:
          'What incidents cost and who caused it, in time order, with totals per currency and party',
        querystring: ledgerQuery,
        response: { 200: ledgerPageSchema },
      },
    },
    (req) => listLedger(ctx.db, req.query),
  );

  app.get(
    '/api/ledger/export',
    {
      config: { roles: access.moneyRead },
      schema: {
        operationId: 'exportLedger',
        tags,
        summary: 'The ledger as CSV (RFC 4180) for an accountant',
        description:
          'Columns: date (ISO-8601 UTC), id, incident_id, kind, party, currency, amount (major ' +
          'units, 2 decimals), amount_minor, ref_type, ref_id, note, actor.',
        querystring: ledgerExportQuery,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const { format: _format, ...filter } = req.query;
      const csv = await ledgerCsv(ctx.db, filter);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="incident-costs.csv"')
        .send(csv);
    },
  );

  app.post(
    '/api/ledger',
    {
      config: { roles: access.moneyWrite },
      schema: {
        operationId: 'recordLedgerEntry',
        tags,
        summary: 'Record a cost of an incident by hand (a write-off, a reship, a carrier claim)',
        body: costBody,
        response: { 201: costSchema },
      },
    },
    async (req, reply) => {
      const cost = await addIncidentCost(ctx.db, req.body, refOf(req, ctx.clock));
      if (!cost) throw fieldError('refId', 'this document already has a cost of this kind');
      return reply.code(201).send(cost);
    },
  );

  app.post(
    '/api/contract-outcomes',
    {
      config: { roles: access.moneyWrite },
      schema: {
        operationId: 'recordContractOutcome',
        tags,
        summary: 'Record a B2B shortfall against the contract: penalty avoided or incurred',
        description: '200 with null when the customer has no contract; once per incident.',
        body: contractOutcomeBody,
        response: { 200: penaltySchema.nullable() },
      },
    },
    (req) => recordContractOutcome(ctx.db, req.body, refOf(req, ctx.clock)),
  );

  app.get(
    '/api/contract-penalties',
    {
      config: { roles: access.moneyRead },
      schema: {
        operationId: 'listContractPenalties',
        tags,
        summary: 'Contract penalties, avoided and incurred',
        querystring: z.object({
          customerId: z.string().optional(),
          incidentId: z.string().optional(),
        }),
        response: { 200: z.object({ data: z.array(penaltySchema) }) },
      },
    },
    async (req) => ({ data: await listContractPenalties(ctx.db, req.query) }),
  );
};
