import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { actorLabel } from '../auth/index.js';
import type { MoneyRef } from './money.js';
import { fieldError } from './money.errors.js';
import { idempotencyKey } from './money.schemas.js';

export function refOf(req: FastifyRequest, clock: Clock): MoneyRef {
  return { now: clock.now().toISOString(), actor: actorLabel(req.actor) };
}

export const idempotencyHeaders = z.looseObject({
  'idempotency-key': idempotencyKey.optional().describe('Same key, same body: the first result'),
});

/** The key from the `Idempotency-Key` header or the body; both given must agree. */
export function keyOf(header: string | undefined, body: string | undefined): string | undefined {
  if (header !== undefined && body !== undefined && header !== body) {
    throw fieldError('idempotencyKey', 'differs from the Idempotency-Key header');
  }
  return header ?? body;
}
