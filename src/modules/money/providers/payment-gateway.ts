/**
 * A payment provider that can pay a refund back to the original payment. One small interface;
 * `manual` refunds (finance transfers and confirms) and store credit need no gateway.
 */
export interface GatewayRefundRequest {
  refundId: string;
  /** Sent on every attempt: the provider answers a retry with the refund it already made. */
  idempotencyKey: string;
  amount: number;
  currency: string;
  /** The provider's id of the original payment (Stripe payment_intent pi_… or charge ch_…). */
  paymentReference: string;
  reason: string;
}

export interface GatewayRefund {
  id: string;
  status: 'succeeded' | 'pending' | 'failed' | 'canceled' | 'requires_action';
}

export interface PaymentGateway {
  readonly name: string;
  refund(request: GatewayRefundRequest): Promise<GatewayRefund>;
  retrieve(id: string): Promise<GatewayRefund>;
}

/**
 * A provider failure. `permanent`: retrying cannot help (refused, misconfigured), so the refund
 * fails at once; otherwise (timeouts, 5xx, rate limits) the job retries with backoff.
 */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/** The idempotency key of a refund's provider call: derived from the refund, so it never changes. */
export function refundIdempotencyKey(refundId: string): string {
  return `redress-refund-${refundId}`;
}
