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
  countStock,
  pickStock,
  receiveStock,
  releaseStock,
  reserveStock,
  returnStock,
  writeOffStock,
} from './stock.service.js';
