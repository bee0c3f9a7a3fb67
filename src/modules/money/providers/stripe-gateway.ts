import Stripe from 'stripe';
import type { MoneyConfig } from '../../../config.js';
import {
  GatewayError,
  type GatewayRefund,
  type GatewayRefundRequest,
  type PaymentGateway,
} from './payment-gateway.js';

type StripeSettings = NonNullable<MoneyConfig['stripe']>;

const statuses = ['succeeded', 'pending', 'failed', 'canceled', 'requires_action'] as const;

function toRefund(r: Stripe.Refund): GatewayRefund {
  const status = (statuses as readonly string[]).includes(r.status ?? '')
    ? (r.status as GatewayRefund['status'])
    : 'pending';
  return { id: r.id, status };
}

/**
 * Retrying belongs to the job runner (visible, backed off, bounded), so the SDK's own network
 * retries are off; the idempotency key makes a retry after a timeout return the first refund.
 */
function classify(err: unknown): GatewayError {
  if (err instanceof Stripe.errors.StripeError) {
    const transient =
      err instanceof Stripe.errors.StripeConnectionError ||
      err instanceof Stripe.errors.StripeAPIError ||
      err instanceof Stripe.errors.StripeRateLimitError ||
      (err.statusCode !== undefined && err.statusCode >= 500) ||
      err.statusCode === 409;
    return new GatewayError(`stripe: ${err.type}: ${err.message}`, !transient);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new GatewayError(`stripe: ${message}`, false);
}

export function stripeGateway(settings: StripeSettings): PaymentGateway {
  const stripe = new Stripe(settings.apiKey, {
    maxNetworkRetries: 0,
    timeout: settings.timeoutMs,
    telemetry: false,
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.protocol ? { protocol: settings.protocol } : {}),
  });
  return {
    name: 'stripe',
    async refund(req: GatewayRefundRequest) {
      const target = req.paymentReference.startsWith('ch_')
        ? { charge: req.paymentReference }
        : { payment_intent: req.paymentReference };
      try {
        const refund = await stripe.refunds.create(
          {
            ...target,
            amount: req.amount,
            reason: 'requested_by_customer',
            metadata: { redress_refund_id: req.refundId, reason: req.reason.slice(0, 500) },
          },
          { idempotencyKey: req.idempotencyKey },
        );
        return toRefund(refund);
      } catch (err) {
        throw classify(err);
      }
    },
    async retrieve(id: string) {
      try {
        return toRefund(await stripe.refunds.retrieve(id));
      } catch (err) {
        throw classify(err);
      }
    },
  };
}
