export * from './orders.js';
export {
  findOrderHeader,
  findShipment,
  findShipmentOrderId,
  findShipmentsByTracking,
  type OrderFilter,
  type OrderHeader,
} from './orders.repository.js';
export { ordersRoutes } from './orders.routes.js';
export {
  checkShipmentLocation,
  getOrder,
  listOrders,
  lockExistingOrder,
} from './orders.service.js';
export { allocateOrder, type AllocateInput } from './use-cases/allocate.js';
export {
  reallocateRejected,
  type ReallocationResult,
  type RejectedUnits,
} from './use-cases/reallocate.js';
export {
  createOrder,
  type CreateOrderInput,
  type CreateOrderResult,
  type Difference,
} from './use-cases/create-order.js';
export { cancelLine, recordReturn, type ReturnInput } from './use-cases/line-changes.js';
export {
  createReshipment,
  prioritizeShipment,
  type ReshipmentInput,
} from './use-cases/reshipment.js';
export { blockShipment, shortShipment, unblockShipment } from './use-cases/shipment-holds.js';
export {
  cancelShipment,
  deliverShipment,
  markShipmentPacked,
  shipShipment,
  type DeliverInput,
  type ShipInput,
  type ShipmentTarget,
} from './use-cases/shipment-steps.js';
