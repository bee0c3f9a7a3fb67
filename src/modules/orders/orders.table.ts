export interface OrdersTable {
  id: string;
  channel: string;
  external_id: string;
  customer_id: string;
  status: string;
  delivery_method: string;
  pickup_location_id: string | null;
  shipping_zone: string;
  /** JSON address or null */
  ship_to: string | null;
  currency: string;
  total_amount: number;
  shipping_amount: number;
  paid_amount: number;
  payment_method: string;
  placed_at: string;
  promised_at: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderLinesTable {
  id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  sku: string;
  name: string;
  unit_price: number;
  tax_rate_bp: number;
  qty_ordered: number;
  qty_allocated: number;
  qty_packed: number;
  qty_shipped: number;
  qty_delivered: number;
  qty_cancelled: number;
  qty_returned: number;
}

export interface ShipmentsTable {
  id: string;
  order_id: string;
  location_id: string;
  kind: string;
  status: string;
  carrier: string | null;
  service_level: string;
  tracking_number: string | null;
  priority: number;
  promised_at: string | null;
  packed_at: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
  /** Set while pack verification holds the shipment back (a mismatch); cleared on a match. */
  blocked_at: string | null;
  blocked_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface ShipmentLinesTable {
  id: string;
  shipment_id: string;
  order_line_id: string;
  product_id: string;
  qty: number;
}
