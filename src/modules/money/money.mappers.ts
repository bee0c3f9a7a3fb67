import type {
  Consent,
  ContractPenalty,
  CostKind,
  CostParty,
  CreditNote,
  CreditNoteLine,
  IncidentCost,
  MoneyAlert,
  Payment,
  PaymentProvider,
  Refund,
  RefundLine,
  RefundMethod,
  RefundProvider,
  RefundState,
  StoreCreditEntry,
  StoreCreditKind,
  Voucher,
  VoucherRedemption,
} from './money.js';
import type {
  ContractPenaltiesTable,
  CreditNotesTable,
  IncidentCostsTable,
  MoneyAlertsTable,
  OrderPaymentsTable,
  RefundsTable,
  StoreCreditEntriesTable,
  VoucherRedemptionsTable,
  VouchersTable,
} from './money.table.js';

// pg returns bigint as a number (type parser in db/connect.ts); SQLite may too: Number() both.
const n = (v: number | string | bigint) => Number(v);
const nn = (v: number | string | bigint | null) => (v === null ? null : Number(v));

export function rowToRefund(row: RefundsTable): Refund {
  return {
    id: row.id,
    orderId: row.order_id,
    incidentId: row.incident_id,
    state: row.state as RefundState,
    amount: n(row.amount),
    currency: row.currency,
    method: row.method as RefundMethod,
    provider: row.provider as RefundProvider,
    paymentMethod: row.payment_method,
    reason: row.reason,
    lines: JSON.parse(row.lines) as RefundLine[],
    consent: row.consent === null ? null : (JSON.parse(row.consent) as Consent),
    party: row.party as CostParty | null,
    requestedAt: row.requested_at,
    requestedBy: row.requested_by,
    approvedAt: row.approved_at,
    approvedBy: row.approved_by,
    issuedAt: row.issued_at,
    expectedOnStatementBy: row.expected_on_statement_by,
    settledAt: row.settled_at,
    failedAt: row.failed_at,
    failureReason: row.failure_reason,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
    paymentReference: row.payment_reference,
    submittedAt: row.submitted_at,
    providerRef: row.provider_ref,
    dueAt: row.due_at,
    targetAt: row.target_at,
    breachedAt: row.breached_at,
    creditNoteId: row.credit_note_id,
  };
}

export function rowToPayment(row: OrderPaymentsTable): Payment {
  return {
    id: row.id,
    orderId: row.order_id,
    provider: row.provider as PaymentProvider,
    reference: row.reference,
    amount: n(row.amount),
    currency: row.currency,
    createdAt: row.created_at,
  };
}

export function rowToVoucher(row: VouchersTable): Voucher {
  return {
    id: row.id,
    code: row.code,
    customerId: row.customer_id,
    incidentId: row.incident_id,
    kind: row.kind as Voucher['kind'],
    amount: nn(row.amount),
    percentBp: nn(row.percent_bp),
    maxAmount: nn(row.max_amount),
    currency: row.currency,
    minOrderAmount: n(row.min_order_amount),
    expiresAt: row.expires_at,
    maxRedemptions: n(row.max_redemptions),
    redemptions: n(row.redemptions),
    state: row.state as Voucher['state'],
    reason: row.reason,
    party: row.party as CostParty | null,
    createdAt: row.created_at,
    createdBy: row.created_by,
    voidedAt: row.voided_at,
    voidReason: row.void_reason,
  };
}

export function rowToRedemption(row: VoucherRedemptionsTable, code: string): VoucherRedemption {
  return {
    id: row.id,
    voucherId: row.voucher_id,
    code,
    orderRef: row.order_ref,
    orderAmount: n(row.order_amount),
    discountAmount: n(row.discount_amount),
    currency: row.currency,
    at: row.at,
  };
}

export function rowToStoreCreditEntry(row: StoreCreditEntriesTable): StoreCreditEntry {
  return {
    id: row.id,
    customerId: row.customer_id,
    currency: row.currency,
    kind: row.kind as StoreCreditKind,
    amount: n(row.amount),
    remaining: n(row.remaining),
    expiresAt: row.expires_at,
    reason: row.reason,
    incidentId: row.incident_id,
    refType: row.ref_type,
    refId: row.ref_id,
    at: row.at,
    actor: row.actor,
  };
}

export function rowToCreditNote(row: CreditNotesTable): CreditNote {
  return {
    id: row.id,
    number: row.number,
    series: row.series,
    year: n(row.year),
    seq: n(row.seq),
    orderId: row.order_id,
    customerId: row.customer_id,
    incidentId: row.incident_id,
    refundId: row.refund_id,
    storeCreditEntryId: row.store_credit_entry_id,
    correctsId: row.corrects_id,
    reason: row.reason,
    currency: row.currency,
    lines: JSON.parse(row.lines) as CreditNoteLine[],
    totals: { net: n(row.net_amount), tax: n(row.tax_amount), total: n(row.total_amount) },
    seller: JSON.parse(row.seller) as CreditNote['seller'],
    buyer: JSON.parse(row.buyer) as CreditNote['buyer'],
    issuedAt: row.issued_at,
    issuedBy: row.issued_by,
  };
}

export function rowToCost(row: IncidentCostsTable): IncidentCost {
  return {
    id: row.id,
    incidentId: row.incident_id,
    kind: row.kind as CostKind,
    amount: n(row.amount),
    currency: row.currency,
    party: row.party as CostParty,
    refType: row.ref_type,
    refId: row.ref_id,
    note: row.note,
    at: row.at,
    actor: row.actor,
  };
}

export function rowToPenalty(row: ContractPenaltiesTable): ContractPenalty {
  return {
    id: row.id,
    incidentId: row.incident_id,
    orderId: row.order_id,
    customerId: row.customer_id,
    outcome: row.outcome as ContractPenalty['outcome'],
    shortfallAmount: n(row.shortfall_amount),
    currency: row.currency,
    penaltyBp: n(row.penalty_bp),
    penaltyFixed: n(row.penalty_fixed),
    amount: n(row.amount),
    dueBy: row.due_by,
    metAt: row.met_at,
    party: row.party as CostParty,
    recordedAt: row.recorded_at,
  };
}

export function rowToAlert(row: MoneyAlertsTable): MoneyAlert {
  return {
    id: row.id,
    kind: row.kind as MoneyAlert['kind'],
    refundId: row.refund_id,
    incidentId: row.incident_id,
    message: row.message,
    at: row.at,
  };
}
