import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../auth/index.js';
import { pageSchema } from '../../shared/pagination.js';
import { creditNotePdf } from './credit-note-pdf.js';
import {
  balanceQuery,
  balanceSchema,
  creditBody,
  creditNoteBody,
  creditNoteSchema,
  customerParams,
  debitBody,
  entryParams,
  listCreditNotesQuery,
  listVouchersQuery,
  redeemBody,
  redemptionSchema,
  storeCreditEntrySchema,
  voucherBody,
  voucherDetailSchema,
  voucherParams,
  voucherSchema,
} from './documents.schemas.js';
import { refOf } from './money.http.js';
import { idParams, reasonBody } from './money.schemas.js';
import { moneySettings } from './money.settings.js';
import { getCreditNote, issueCreditNote, listCreditNotes } from './use-cases/credit-notes.js';
import { debitStoreCredit, getStoreCredit, grantStoreCredit } from './use-cases/store-credit.js';
import { reverseStoreCredit } from './use-cases/store-credit-takeback.js';
import { getVoucher, issueVoucher, listVouchers, voidVoucher } from './use-cases/vouchers.js';
import { redeemVoucher } from './use-cases/redeem-voucher.js';

/** Vouchers, store credit and credit notes. */
export const documentsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const settings = moneySettings(ctx.config);
  const vouchers = ['vouchers'];

  app.post(
    '/api/vouchers',
    {
      config: { roles: access.compensate },
      schema: {
        operationId: 'issueVoucher',
        tags: vouchers,
        summary: 'Issue a voucher with a fresh unguessable code',
        description:
          'Agents may give vouchers up to the auto-approve limit per incident, counted as what ' +
          'they can cost: amount (fixed) or maxAmount (percent) times maxRedemptions. A percent ' +
          'voucher from an agent needs maxAmount; above the limit or without a cap: 409 ' +
          'approval_required. Finance and admin may issue any. Its value becomes a cost of the ' +
          'incident when it is redeemed.',
        body: voucherBody,
        response: { 201: voucherSchema },
      },
    },
    async (req, reply) => {
      const limit = req.actor?.role === 'agent' ? settings.autoApproveLimit : null;
      const voucher = await issueVoucher(ctx.db, req.body, refOf(req, ctx.clock), { limit });
      return reply.code(201).send(voucher);
    },
  );

  app.get(
    '/api/vouchers',
    {
      config: { roles: access.documentsRead },
      schema: {
        operationId: 'listVouchers',
        tags: vouchers,
        summary: 'List vouchers',
        querystring: listVouchersQuery,
        response: { 200: pageSchema(voucherSchema) },
      },
    },
    (req) => listVouchers(ctx.db, req.query),
  );

  app.post(
    '/api/vouchers/redeem',
    {
      config: { roles: access.spend },
      schema: {
        operationId: 'redeemVoucher',
        tags: vouchers,
        summary: 'Redeem a voucher on an order (idempotent per idempotencyKey)',
        description:
          'Never beyond maxRedemptions, even concurrently: 409 voucher_not_redeemable with ' +
          'details.reason used_up, expired, void or below_minimum. A retry with the same key ' +
          'returns the first redemption (200). A percent voucher takes its share of orderAmount ' +
          '(rounded half up to a minor unit), at most its maxAmount.',
        body: redeemBody,
        response: { 200: redemptionSchema, 201: redemptionSchema },
      },
    },
    async (req, reply) => {
      const { redemption, replayed } = await redeemVoucher(ctx.db, req.body, refOf(req, ctx.clock));
      return reply.code(replayed ? 200 : 201).send(redemption);
    },
  );

  app.get(
    '/api/vouchers/:idOrCode',
    {
      config: { roles: access.documentsRead },
      schema: {
        operationId: 'getVoucher',
        tags: vouchers,
        summary: 'A voucher by id or code, with its redemptions',
        params: voucherParams,
        response: { 200: voucherDetailSchema },
      },
    },
    (req) => getVoucher(ctx.db, req.params.idOrCode),
  );

  app.post(
    '/api/vouchers/:id/void',
    {
      config: { roles: access.compensate },
      schema: {
        operationId: 'voidVoucher',
        tags: vouchers,
        summary: 'Void a voucher (no later redemption)',
        params: idParams,
        body: reasonBody,
        response: { 200: voucherSchema },
      },
    },
    (req) => voidVoucher(ctx.db, req.params.id, req.body.reason, refOf(req, ctx.clock)),
  );

  const credit = ['store credit'];
  app.get(
    '/api/store-credit/:customerId',
    {
      config: { roles: access.moneyRead },
      schema: {
        operationId: 'getStoreCredit',
        tags: credit,
        summary: 'Store credit of a customer per currency: available, expired, and the ledger',
        params: customerParams,
        querystring: balanceQuery,
        response: { 200: balanceSchema },
      },
    },
    (req) =>
      getStoreCredit(
        ctx.db,
        req.params.customerId,
        ctx.clock.now().toISOString(),
        req.query.currency,
      ),
  );

  app.post(
    '/api/store-credit/:customerId/credit',
    {
      config: { roles: access.moneyWrite },
      schema: {
        operationId: 'grantStoreCredit',
        tags: credit,
        summary: 'Grant store credit (with its credit note; an incident’s cost when linked)',
        params: customerParams,
        body: creditBody,
        response: { 201: storeCreditEntrySchema },
      },
    },
    async (req, reply) => {
      const input = { ...req.body, customerId: req.params.customerId };
      return reply
        .code(201)
        .send(await grantStoreCredit(ctx.db, input, refOf(req, ctx.clock), settings));
    },
  );

  app.post(
    '/api/store-credit/:customerId/debit',
    {
      config: { roles: access.spend },
      schema: {
        operationId: 'spendStoreCredit',
        tags: credit,
        summary:
          'Spend store credit (idempotent per idempotencyKey; never below zero, never expired credit)',
        params: customerParams,
        body: debitBody,
        response: { 201: storeCreditEntrySchema },
      },
    },
    async (req, reply) => {
      const input = { ...req.body, customerId: req.params.customerId };
      return reply.code(201).send(await debitStoreCredit(ctx.db, input, refOf(req, ctx.clock)));
    },
  );

  app.post(
    '/api/store-credit/:customerId/entries/:entryId/reverse',
    {
      config: { roles: access.moneyWrite },
      schema: {
        operationId: 'reverseStoreCredit',
        tags: credit,
        summary: 'Take back what is left of a credit (its undo)',
        params: entryParams,
        body: reasonBody,
        response: { 200: storeCreditEntrySchema },
      },
    },
    (req) => reverseStoreCredit(ctx.db, req.params.entryId, req.body.reason, refOf(req, ctx.clock)),
  );

  const notes = ['credit notes'];
  app.post(
    '/api/credit-notes',
    {
      config: { roles: access.moneyWrite },
      schema: {
        operationId: 'issueCreditNote',
        tags: notes,
        summary: 'Issue a credit note (a B2B shortage, a correction of another credit note)',
        description:
          'Amounts include tax; per line net = total / (1 + rate) rounded to the cent, tax = total − net. ' +
          'Numbered gaplessly per series and year (CN-2026-000001). Never changed afterwards: a ' +
          'correction is a new credit note with correctsId.',
        body: creditNoteBody,
        response: { 201: creditNoteSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await issueCreditNote(ctx.db, req.body, refOf(req, ctx.clock), settings)),
  );

  app.get(
    '/api/credit-notes',
    {
      config: { roles: access.documentsRead },
      schema: {
        operationId: 'listCreditNotes',
        tags: notes,
        summary: 'List credit notes',
        querystring: listCreditNotesQuery,
        response: { 200: pageSchema(creditNoteSchema) },
      },
    },
    (req) => listCreditNotes(ctx.db, req.query),
  );

  app.get(
    '/api/credit-notes/:id.pdf',
    {
      config: { roles: access.documentsRead },
      schema: {
        operationId: 'getCreditNotePdf',
        tags: notes,
        summary: 'A credit note as PDF',
        params: idParams,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const note = await getCreditNote(ctx.db, req.params.id);
      const pdf = await creditNotePdf(note);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${note.number}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/credit-notes/:id',
    {
      config: { roles: access.documentsRead },
      schema: {
        operationId: 'getCreditNote',
        tags: notes,
        summary: 'A credit note (JSON; append .pdf for the document)',
        params: idParams,
        response: { 200: creditNoteSchema },
      },
    },
    (req) => getCreditNote(ctx.db, req.params.id),
  );
};
