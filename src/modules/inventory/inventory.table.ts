export interface InventoryLevelsTable {
  product_id: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  updated_at: string;
  /** The source version the level was last set from by a feed (see feeds.ts); null if never. */
  feed_version: number | null;
  /** When a feed last changed or confirmed the level. */
  feed_at: string | null;
  /** How much the last feed changed on hand (0 when it confirmed it); null if never fed. */
  feed_delta: number | null;
}

export interface InventoryMovementsTable {
  id: string;
  product_id: string;
  location_id: string;
  kind: string;
  on_hand_delta: number;
  reserved_delta: number;
  on_hand_after: number;
  reserved_after: number;
  reason: string | null;
  ref_type: string | null;
  ref_id: string | null;
  actor: string;
  created_at: string;
}

export interface PurchaseOrdersTable {
  id: string;
  reference: string;
  supplier_id: string | null;
  location_id: string;
  status: string;
  expected_at: string;
  received_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PurchaseOrderLinesTable {
  id: string;
  purchase_order_id: string;
  product_id: string;
  qty_ordered: number;
  qty_received: number;
}

/** One feed batch as received. `rejected` counts rows refused for a reason other than staleness. */
export interface FeedBatchesTable {
  id: string;
  location_id: string;
  source: string;
  kind: string;
  received_at: string;
  items: number;
  applied: number;
  ignored_stale: number;
  rejected: number;
  actor: string;
}

export interface InventoryFreshnessSettingsTable {
  location_id: string;
  tolerance_minutes: number;
  safety_buffer: number;
  updated_at: string;
}
