import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../shared/app-error.js';
import { statusCallbackBody, statusCallbackResult } from './notifications.schemas.js';
import { receiveStatus } from './use-cases/status-callback.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body as received, for checking a signature over it. */
    rawBody?: string;
  }
}

/**
 * Delivery reports from providers. Its own plugin: the body parsers that keep the raw body (the
 * signature is over the bytes sent) apply to this route only.
 */
export const statusCallbackRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (
  app,
  { ctx },
) => {
  const keep = (type: string, parse: (raw: string) => unknown) =>
    app.addContentTypeParser(type, { parseAs: 'string' }, (req, body, done) => {
      req.rawBody = String(body);
      try {
        done(null, parse(String(body)));
      } catch {
        done(new AppError('validation_error', 'The body is not valid', { fields: [] }), undefined);
      }
    });
  app.removeContentTypeParser(['application/json']);
  keep('application/json', (raw) => JSON.parse(raw) as unknown);
  keep('application/x-www-form-urlencoded', (raw) => Object.fromEntries(new URLSearchParams(raw)));

  app.post(
    '/api/messages/status-callback',
    {
      config: { public: 'providers sign their delivery reports; the signature is checked' },
      schema: {
        operationId: 'receiveDeliveryStatus',
        tags: ['messages'],
        summary: 'Delivery reports from the SMS, chat or email provider (signed)',
        description:
          'Twilio: form fields MessageSid and MessageStatus, `X-Twilio-Signature`. Generic: JSON ' +
          '{ messageId | provider + providerMessageId, status, error? } with `X-Redress-Signature: ' +
          'sha256=<hex HMAC-SHA256 of the body with REDRESS_WEBHOOK_SECRET>`.',
        security: [],
        body: statusCallbackBody,
        response: { 200: statusCallbackResult },
      },
    },
    (req) =>
      receiveStatus(ctx, {
        body: req.body,
        rawBody: req.rawBody ?? '',
        url: req.url,
        headers: req.headers,
      }),
  );
};
