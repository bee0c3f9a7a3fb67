export const movementKinds = [
  'receipt',
  'reservation',
  'release',
  'pick',
  'adjustment',
  'count',
  'return',
  'write_off',
] as const;
export type MovementKind = (typeof movementKinds)[number];

export interface StockLevel {
  productId: string;
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  /** on hand − reserved; negative when counted stock fell below what is promised. */
  available: number;
  updatedAt: string;
}

export interface Movement {
  id: string;
  productId: string;
  locationId: string;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  onHandAfter: number;
  reservedAfter: number;
  reason: string | null;
  refType: string | null;
  refId: string | null;
  actor: string;
  createdAt: string;
}

/** What caused a stock change, written on its movement. */
export interface StockRef {
  reason?: string | null;
  refType?: string | null;
  refId?: string | null;
  actor: string;
  now: string;
}

/** A movement with the SKU of its product, as the API shows it. */
export interface LedgerEntry extends Movement {
  sku: string;
}

export const purchaseOrderStatuses = [
  'open',
  'partially_received',
  'received',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

/** Statuses in which a purchase order still brings stock (receipts, new dates). */
export const inboundStatuses = [
  'open',
  'partially_received',
] as const satisfies readonly PurchaseOrderStatus[];

export interface PurchaseOrderLine {
  id: string;
  productId: string;
  sku: string;
  qtyOrdered: number;
  qtyReceived: number;
  /** Ordered − received, never below 0; 0 on a cancelled order. */
  qtyOutstanding: number;
}

export interface PurchaseOrder {
  id: string;
  reference: string;
  supplierId: string | null;
  locationId: string;
  status: PurchaseOrderStatus;
  expectedAt: string;
  /** When the latest receipt was booked; null until the first one. */
  receivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  lines: PurchaseOrderLine[];
}

/** The next restock of a product: the earliest open purchase order still owing units. */
export interface InboundSupply {
  purchaseOrderId: string;
  reference: string;
  locationId: string;
  expectedAt: string;
  qtyOutstanding: number;
}
