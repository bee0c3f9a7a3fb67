import { z } from 'zod';
import type { Executor } from '../../../db/database.js';
import { enqueue } from '../../../jobs/index.js';
import type { Clock } from '../../../shared/clock.js';

/**
 * The events of an incident the customer hears about. Any module that reaches one of these moments
 * queues a message job in its own transaction; the notifications module renders and sends it.
 */
export const customerMessageEvents = [
  'detected',
  'plan_ready',
  'choice_confirmed',
  'reship_sent',
  'backorder_allocated',
  'pickup_booked',
  'reservation_ready',
  'reservation_expired',
  'refund_issued',
  'credit_issued',
  'voucher_issued',
  'step_delayed',
  'resolved',
  'survey',
  'survey_reminder',
] as const;
export type CustomerMessageEvent = (typeof customerMessageEvents)[number];

/** The job every customer message goes through (the detection path already writes it). */
export const NOTIFY_CUSTOMER_JOB = 'incident.notify_customer';

export const customerMessagePayload = z.object({
  incidentId: z.string().min(1),
  event: z.enum(customerMessageEvents),
  /** Facts the message needs that are not on the incident (amounts, dates, codes). */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type CustomerMessagePayload = z.infer<typeof customerMessagePayload>;

/**
 * Queues one customer message in the caller's transaction. `key` tells apart two messages of the
 * same event (two refunds); without it an event is told once per incident.
 */
export async function queueCustomerMessage(
  trx: Executor,
  clock: Clock,
  input: CustomerMessagePayload & { key?: string; runAt?: string },
): Promise<void> {
  const { key, runAt, ...payload } = input;
  await enqueue(trx, clock, {
    type: NOTIFY_CUSTOMER_JOB,
    payload,
    ...(runAt ? { runAt } : {}),
    dedupeKey: `notify:${input.incidentId}:${input.event}${key ? `:${key}` : ''}`,
  });
}
