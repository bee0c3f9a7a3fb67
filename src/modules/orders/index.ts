export * from './orders.js';
export {
  findOrderHeader,
  findShipmentOrderId,
  type OrderFilter,
  type OrderHeader,
} from './orders.repository.js';
export { ordersRoutes } from './orders.routes.js';
export { getOrder, listOrders } from './orders.service.js';
export { allocateOrder, type AllocateInput } from './use-cases/allocate.js';
export {
  createOrder,
  type CreateOrderInput,
  type CreateOrderResult,
  type Difference,
} from './use-cases/create-order.js';
export { cancelLine, recordReturn, type ReturnInput } from './use-cases/line-changes.js';
export {
  cancelShipment,
  deliverShipment,
  markShipmentPacked,
  shipShipment,
  type DeliverInput,
  type ShipInput,
  type ShipmentTarget,
} from './use-cases/shipment-steps.js';
