/**
 * The one error type of the domain. Code → HTTP status lives in `httpStatusOf`, checked
 * exhaustively by the compiler: adding a code without a status does not type-check.
 */
export const errorStatus = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  location_not_found: 404,
  product_not_found: 404,
  supplier_not_found: 404,
  customer_not_found: 404,
  order_not_found: 404,
  order_line_not_found: 404,
  shipment_not_found: 404,
  purchase_order_not_found: 404,
  incident_not_found: 404,
  api_key_not_found: 404,
  conflict: 409,
  sku_taken: 409,
  barcode_taken: 409,
  code_taken: 409,
  duplicate: 409,
  invalid_transition: 409,
  invalid_state: 409,
  insufficient_stock: 409,
  quantity_exceeded: 409,
  idempotency_conflict: 409,
  payload_too_large: 413,
  // money
  refund_not_found: 404,
  voucher_not_found: 404,
  credit_note_not_found: 404,
  store_credit_not_found: 404,
  currency_mismatch: 400,
  amount_exceeds_refundable: 409,
  consent_required: 409,
  voucher_not_redeemable: 409,
  insufficient_store_credit: 409,
  payment_provider_error: 502,
  // remedies
  plan_not_found: 404,
  policy_not_found: 404,
  policy_invalid: 400,
  option_unavailable: 409,
  approval_required: 409,
  // notifications
  message_not_found: 404,
  template_not_found: 404,
  survey_already_answered: 409,
  channel_unavailable: 409,
  signature_invalid: 401,
  // status page
  token_invalid: 404,
  // analytics
  corrective_action_not_found: 404,
  // people and sign-in
  invalid_credentials: 401,
  csrf_invalid: 403,
  password_change_required: 403,
  user_not_found: 404,
  invitation_invalid: 404,
  email_taken: 409,
  last_admin: 409,
  too_many_attempts: 429,
  service_loading: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function notFound(code: ErrorCode, what: string, id: string): AppError {
  return new AppError(code, `${what} ${id} does not exist`, { id });
}

/** Refuses a person bound to one location (a store) work at another. */
export function otherLocation(what: string, id: string): AppError {
  return new AppError('forbidden', `${what} ${id} belongs to another location than yours`, {
    id,
    scope: 'location',
  });
}

export function validationError(fields: FieldIssue[]): AppError {
  const names = fields.map((f) => f.path || '(body)').join(', ');
  return new AppError('validation_error', `Invalid input: ${names}`, { fields });
}
