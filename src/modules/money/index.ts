export type { MoneyTables } from './money.table.js';
export * from './money.js';
export { moneyRoutes } from './money.routes.js';
export { moneyJobHandlers } from './money.jobs.js';
export { moneySettings, type MoneySettings } from './money.settings.js';
export {
  requestRefund,
  requestRefundOnce,
  type RefundRequest,
} from './use-cases/request-refund.js';
export {
  approveRefund,
  cancelRefund,
  confirmRefund,
  listRefunds,
} from './use-cases/refund-steps.js';
export {
  getRefund,
  REFUND_PAYOUT_JOB,
  REFUND_SETTLE_JOB,
  REFUND_SLA_JOB,
} from './use-cases/refund-outcomes.js';
export {
  getVoucher,
  issueVoucher,
  listVouchers,
  voidVoucher,
  type VoucherInput,
} from './use-cases/vouchers.js';
export { redeemVoucher, type RedeemInput } from './use-cases/redeem-voucher.js';
export {
  debitStoreCredit,
  getStoreCredit,
  grantStoreCredit,
  type DebitInput,
  type GrantInput,
} from './use-cases/store-credit.js';
export { reverseStoreCredit } from './use-cases/store-credit-takeback.js';
export {
  getCreditNote,
  issueCreditNote,
  listCreditNotes,
  type CreditNoteInput,
  type CreditNoteLineInput,
} from './use-cases/credit-notes.js';
export { listLedger, recordIncidentCost, type CostInput } from './use-cases/ledger.js';
export {
  listContractPenalties,
  recordContractOutcome,
  type ContractOutcomeInput,
} from './use-cases/contracts.js';
export { listPayments, recordPayment, type PaymentInput } from './use-cases/payments.js';
