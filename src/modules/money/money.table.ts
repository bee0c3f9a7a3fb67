/** Per order: what was paid and what refunds hold; the refundable amount is paid − refunded. */
export interface OrderMoneyTable {
  order_id: string;
  currency: string;
  paid: number;
  refunded: number;
  updated_at: string;
}

/** Per order line: units that refunds by line hold, never above the units ordered. */
export interface OrderLineRefundsTable {
  order_line_id: string;
  order_id: string;
  qty_limit: number;
  qty_refunded: number;
}

export interface OrderPaymentsTable {
  id: string;
  order_id: string;
  provider: string;
  reference: string;
  amount: number;
  currency: string;
  created_at: string;
  actor: string;
}

export interface RefundsTable {
  id: string;
  order_id: string;
  incident_id: string | null;
  state: string;
  amount: number;
  currency: string;
  method: string;
  provider: string;
  payment_reference: string | null;
  payment_method: string;
  reason: string;
  /** JSON [{ orderLineId, qty }] */
  lines: string;
  /** JSON { channel, at, statement } or null */
  consent: string | null;
  party: string | null;
  requested_at: string;
  requested_by: string;
  approved_at: string | null;
  approved_by: string | null;
  submitted_at: string | null;
  issued_at: string | null;
  expected_on_statement_by: string | null;
  settled_at: string | null;
  failed_at: string | null;
  failure_reason: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  provider_ref: string | null;
  due_at: string;
  target_at: string;
  breached_at: string | null;
  credit_note_id: string | null;
  updated_at: string;
}

/** One row per (scope, key): a retried request finds the first result. */
export interface MoneyIdempotencyTable {
  scope: string;
  key: string;
  request_hash: string;
  result_id: string | null;
  created_at: string;
}

export interface StoreCreditAccountsTable {
  id: string;
  customer_id: string;
  currency: string;
  /** Sum of the unspent remainders of its credits, expired or not until swept. */
  balance: number;
  created_at: string;
  updated_at: string;
}

export interface StoreCreditEntriesTable {
  id: string;
  account_id: string;
  customer_id: string;
  currency: string;
  kind: string;
  amount: number;
  remaining: number;
  expires_at: string | null;
  reason: string;
  incident_id: string | null;
  ref_type: string | null;
  ref_id: string | null;
  at: string;
  actor: string;
}

export interface VouchersTable {
  id: string;
  code: string;
  customer_id: string;
  incident_id: string | null;
  kind: string;
  amount: number | null;
  percent_bp: number | null;
  max_amount: number | null;
  currency: string;
  min_order_amount: number;
  expires_at: string | null;
  max_redemptions: number;
  redemptions: number;
  state: string;
  reason: string;
  party: string | null;
  created_at: string;
  created_by: string;
  voided_at: string | null;
  voided_by: string | null;
  void_reason: string | null;
}

export interface VoucherRedemptionsTable {
  id: string;
  voucher_id: string;
  order_ref: string;
  order_amount: number;
  discount_amount: number;
  currency: string;
  idempotency_key: string;
  at: string;
  actor: string;
}

export interface CreditNoteCountersTable {
  series: string;
  year: number;
  last: number;
}

export interface CreditNotesTable {
  id: string;
  number: string;
  series: string;
  year: number;
  seq: number;
  order_id: string | null;
  customer_id: string | null;
  incident_id: string | null;
  refund_id: string | null;
  store_credit_entry_id: string | null;
  corrects_id: string | null;
  reason: string;
  currency: string;
  /** JSON CreditNoteLine[] */
  lines: string;
  net_amount: number;
  tax_amount: number;
  total_amount: number;
  /** JSON snapshots, so the document never changes when the customer or settings do. */
  seller: string;
  buyer: string;
  issued_at: string;
  issued_by: string;
}

export interface IncidentCostsTable {
  id: string;
  incident_id: string;
  kind: string;
  amount: number;
  currency: string;
  party: string;
  ref_type: string | null;
  ref_id: string | null;
  note: string | null;
  at: string;
  actor: string;
}

export interface ContractPenaltiesTable {
  id: string;
  incident_id: string;
  order_id: string;
  customer_id: string;
  outcome: string;
  shortfall_amount: number;
  currency: string;
  penalty_bp: number;
  penalty_fixed: number;
  amount: number;
  due_by: string;
  met_at: string | null;
  party: string;
  recorded_at: string;
  actor: string;
}

export interface MoneyAlertsTable {
  id: string;
  kind: string;
  refund_id: string;
  incident_id: string | null;
  message: string;
  at: string;
}

export interface MoneyTables {
  order_money: OrderMoneyTable;
  order_line_refunds: OrderLineRefundsTable;
  order_payments: OrderPaymentsTable;
  refunds: RefundsTable;
  money_idempotency: MoneyIdempotencyTable;
  store_credit_accounts: StoreCreditAccountsTable;
  store_credit_entries: StoreCreditEntriesTable;
  vouchers: VouchersTable;
  voucher_redemptions: VoucherRedemptionsTable;
  credit_note_counters: CreditNoteCountersTable;
  credit_notes: CreditNotesTable;
  incident_costs: IncidentCostsTable;
  contract_penalties: ContractPenaltiesTable;
  money_alerts: MoneyAlertsTable;
}
