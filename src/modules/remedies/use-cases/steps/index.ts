import type { StepKind, StepSpec } from '../../remedies.js';
import { awaitDeliveryStep } from './await-delivery.js';
import { backorderStep } from './backorder.js';
import { cancelLineStep } from './cancel-line.js';
import { contractOutcomeStep } from './contract-outcome.js';
import { creditNoteStep } from './credit-note.js';
import { refundStep } from './refund.js';
import { reserveInStoreStep } from './reserve-in-store.js';
import { reshipStep } from './reship.js';
import { returnPickupStep } from './return-pickup.js';
import { shipMissingStep } from './ship-missing.js';
import type { StepHandler } from './step.js';
import { storeCreditStep } from './store-credit.js';
import { voucherStep } from './voucher.js';

const handlers: { [K in StepKind]: StepHandler<Extract<StepSpec, { kind: K }>> } = {
  reship: reshipStep,
  return_pickup: returnPickupStep,
  reserve_in_store: reserveInStoreStep,
  ship_missing: shipMissingStep,
  backorder: backorderStep,
  cancel_line: cancelLineStep,
  refund: refundStep,
  store_credit: storeCreditStep,
  voucher: voucherStep,
  credit_note: creditNoteStep,
  contract_outcome: contractOutcomeStep,
  await_delivery: awaitDeliveryStep,
};

/** The handler of a step kind, typed for any spec (the spec's kind selects it). */
export function handlerOf(kind: StepKind): StepHandler {
  return handlers[kind] as unknown as StepHandler;
}

export type { CheckResult, StepEnv, StepHandler, StepResult } from './step.js';
export { allocateBackorder, type ReceiptSource } from './backorder.js';
export { RESERVATION_EXPIRY_JOB, collectReservation } from './reserve-in-store.js';
export { receivePickup, type Disposition } from './return-pickup.js';
