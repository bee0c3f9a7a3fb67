import type { FastifyError, FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { AppError, type FieldIssue } from '../shared/app-error.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

function fieldPath(instancePath: string, context: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return context === 'body' ? path : `${context}${path ? `.${path}` : ''}`;
}

/** Maps every error to `{ error: { code, message, details } }`, in one place. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) {
      const retryAfter = err.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return reply.code(err.status).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const context = (err as FastifyError).validationContext ?? 'body';
      const fields: FieldIssue[] = err.validation.map((v) => ({
        path: fieldPath(v.instancePath, context),
        message: v.message ?? 'is invalid',
      }));
      const names = fields.map((f) => f.path || '(body)').join(', ');
      return reply.code(400).send(body('validation_error', `Invalid input: ${names}`, { fields }));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return reply.code(500).send(body('internal_error', 'Internal error'));
    }
    const status = 'statusCode' in err ? err.statusCode : undefined;
    if (status && status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, unsupported media type, body too large.
      const code = status === 404 ? 'not_found' : 'validation_error';
      return reply.code(status).send(body(code, err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(body('internal_error', 'Internal error'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(body('not_found', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

function body(code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  return details ? { error: { code, message, details } } : { error: { code, message } };
}
