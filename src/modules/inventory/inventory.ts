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
