import type {
  Channel,
  DeliveryMethod,
  Order,
  OrderLine,
  OrderStatus,
  OrderSummary,
  PaymentMethod,
  ServiceLevel,
  Shipment,
  ShipmentKind,
  ShipmentLine,
  ShipmentStatus,
  ShippingZone,
  ShipTo,
} from './orders.js';
import type { OrderLinesTable, OrdersTable, ShipmentsTable } from './orders.table.js';

export function rowToOrderSummary(row: OrdersTable): OrderSummary {
  return {
    id: row.id,
    channel: row.channel as Channel,
    externalId: row.external_id,
    customerId: row.customer_id,
    status: row.status as OrderStatus,
    deliveryMethod: row.delivery_method as DeliveryMethod,
    pickupLocationId: row.pickup_location_id,
    shippingZone: row.shipping_zone as ShippingZone,
    shipTo: row.ship_to ? (JSON.parse(row.ship_to) as ShipTo) : null,
    currency: row.currency,
    totals: {
      lines: row.total_amount - row.shipping_amount,
      shipping: row.shipping_amount,
      total: row.total_amount,
      paid: row.paid_amount,
    },
    paymentMethod: row.payment_method as PaymentMethod,
    placedAt: row.placed_at,
    promisedAt: row.promised_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function rowToOrder(row: OrdersTable, lines: OrderLine[], shipments: Shipment[]): Order {
  return { ...rowToOrderSummary(row), lines, shipments };
}

export function rowToOrderLine(row: OrderLinesTable): OrderLine {
  return {
    id: row.id,
    lineNo: row.line_no,
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    unitPrice: row.unit_price,
    taxRateBp: row.tax_rate_bp,
    qtyOrdered: row.qty_ordered,
    qtyAllocated: row.qty_allocated,
    qtyPacked: row.qty_packed,
    qtyShipped: row.qty_shipped,
    qtyDelivered: row.qty_delivered,
    qtyCancelled: row.qty_cancelled,
    qtyReturned: row.qty_returned,
  };
}

export function rowToShipment(row: ShipmentsTable, lines: ShipmentLine[]): Shipment {
  return {
    id: row.id,
    orderId: row.order_id,
    locationId: row.location_id,
    kind: row.kind as ShipmentKind,
    status: row.status as ShipmentStatus,
    carrier: row.carrier,
    serviceLevel: row.service_level as ServiceLevel,
    trackingNumber: row.tracking_number,
    priority: row.priority,
    promisedAt: row.promised_at,
    packedAt: row.packed_at,
    shippedAt: row.shipped_at,
    deliveredAt: row.delivered_at,
    blockedAt: row.blocked_at,
    blockedReason: row.blocked_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lines,
  };
}
