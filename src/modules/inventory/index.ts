export * from './inventory.js';
export { findLevels } from './inventory.repository.js';
export { inventoryRoutes } from './inventory.routes.js';
export { applyAdjustments, availabilityBySku, type AdjustmentItem } from './inventory.service.js';
export {
  cancelPurchaseOrder,
  createPurchaseOrder,
  getPurchaseOrder,
  nextInbound,
  receivePurchaseOrder,
  reschedulePurchaseOrder,
} from './purchase-orders.service.js';
export {
  adjustStock,
  clearAvailable,
  countStock,
  pickStock,
  receiveStock,
  releaseStock,
  reserveStock,
  returnStock,
  writeOffStock,
} from './stock.service.js';
export { freshnessDefaults, type FreshnessSettings } from './freshness-policy.js';
export { applySourceChanges, type SourceChange } from './stock.batch.js';
export { driftReport, type DriftEntry } from './use-cases/drift.js';
export { applyFeed, type FeedInput } from './use-cases/feeds.js';
export {
  availableToPromise,
  getFreshness,
  listFreshness,
  setFreshness,
} from './use-cases/freshness.js';
export {
  rejectAllocatedItem,
  type RejectionInput,
  type RejectionResult,
} from './use-cases/rejection.js';
export {
  openStockoutIncident,
  stockoutFacts,
  type StockoutInput,
  type StockoutLineFacts,
  type StockoutOption,
} from './use-cases/stockout.js';
