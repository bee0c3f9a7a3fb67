import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';

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

/** What a purchase order receipt booked: units now on hand at the order's location. */
export interface StockReceived {
  purchaseOrderId: string;
  reference: string;
  locationId: string;
  items: { productId: string; qty: number }[];
  now: string;
  actor: string;
}

/**
 * Another module's reaction to a receipt, run in the receipt's transaction: what it reserves is
 * reserved before the units can be seen, and so promised, by anyone else.
 */
export type OnStockReceived = (
  trx: Transaction<Database>,
  received: StockReceived,
) => Promise<void>;

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

/** The most rows one feed batch may carry. */
export const maxFeedItems = 1000;

export const feedKinds = ['levels', 'deltas', 'counts'] as const;
/** levels: absolute on hand from a POS/WMS/channel; deltas: signed changes; counts: cycle counts. */
export type FeedKind = (typeof feedKinds)[number];

export const feedRejectionReasons = [
  'invalid_row',
  'unknown_sku',
  'unknown_location',
  'negative_quantity',
  'would_go_negative',
  'stale_version',
] as const;
export type FeedRejectionReason = (typeof feedRejectionReasons)[number];

export interface FeedRejection {
  index: number;
  sku: string | null;
  reason: FeedRejectionReason;
  message: string;
}

export interface FeedResult {
  batchId: string;
  applied: number;
  /** Rows whose version is not newer than the level's last applied one (also in `rejected`). */
  ignoredStale: number;
  /** Every row not applied, with its reason. */
  rejected: FeedRejection[];
  /** Ledger movements the batch wrote (levels that changed; every cycle count). */
  movements: number;
}

/** How far a location's stock figures can be trusted, and the buffer applied when they can't. */
export interface LocationFreshness {
  locationId: string;
  code: string;
  kind: string;
  /** Received time of the last feed batch that applied at least one row; null if never fed. */
  lastFeedAt: string | null;
  lastFeedSource: string | null;
  ageMinutes: number | null;
  stale: boolean;
  toleranceMinutes: number;
  safetyBuffer: number;
  /** False when the location uses its kind's defaults. */
  customised: boolean;
}

/** Stock of one product at one location as a promise: raw available and what may be promised. */
export interface LocationAtp {
  locationId: string;
  onHand: number;
  reserved: number;
  /** on hand − reserved (may be negative). */
  available: number;
  /** available − safety buffer when the location's feed is stale; never below 0. */
  atp: number;
  stale: boolean;
}

export const rejectionReasons = ['not_found', 'damaged', 'mismatch'] as const;
/** Why a store cannot hand over an item it was allocated. */
export type RejectionReason = (typeof rejectionReasons)[number];
