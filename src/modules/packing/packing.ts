export const sessionStatuses = ['open', 'closed'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/** `short_accepted`: the packer closed with what the shelf had; the rest is left unallocated. */
export const sessionResults = ['match', 'mismatch', 'short_accepted'] as const;
export type SessionResult = (typeof sessionResults)[number];

/** In order of precedence: the first one a mismatch has is its incident's type. */
export const discrepancyKinds = [
  'wrong_item',
  'missing_item',
  'wrong_quantity',
  'extra_item',
  'unknown_code',
] as const;
export type DiscrepancyKind = (typeof discrepancyKinds)[number];

/** What one scan was, given every scan of the session up to it. */
export const scanClassifications = [
  'expected',
  'wrong_quantity',
  'wrong_item',
  'extra_item',
  'unknown_code',
] as const;
export type ScanClassification = (typeof scanClassifications)[number];

export interface PackSession {
  id: string;
  shipmentId: string;
  orderId: string;
  locationId: string;
  packer: string;
  station: string;
  status: SessionStatus;
  result: SessionResult | null;
  incidentId: string | null;
  openedAt: string;
  closedAt: string | null;
}

export interface PackScan {
  id: string;
  sessionId: string;
  code: string;
  qty: number;
  productId: string | null;
  sku: string | null;
  classification: ScanClassification;
  at: string;
}

/** A line of the shipment, as the packer should put it in the box. */
export interface ExpectedLine {
  shipmentLineId: string;
  orderLineId: string;
  productId: string;
  sku: string;
  qty: number;
}

/** What a scan is compared with: the shipment and look-alikes as the session found them. */
export interface ExpectedSnapshot {
  lines: ExpectedLine[];
  lookAlikes: Record<string, string[]>;
  /** Barcodes and SKUs of the shipment's products, to their product id. */
  codes: Record<string, string>;
}

/** A product as a scan resolves it. */
export interface ScannedProduct {
  id: string;
  sku: string;
  substitutes: string[];
}

/** Units scanned under one code; no product when the code matched none. */
export interface ScanTotal {
  code: string;
  productId: string | null;
  sku: string | null;
  qty: number;
}

/** Look-alikes (substitute SKUs, in order of preference) of each SKU involved. */
export type LookAlikes = ReadonlyMap<string, readonly string[]>;

export interface LineResult {
  productId: string;
  sku: string;
  orderLineIds: string[];
  expected: number;
  scanned: number;
  /** Still to be put in the box. */
  remaining: number;
  /** Put in the box beyond what the shipment holds. */
  over: number;
  status: 'complete' | 'short' | 'over';
}

/** Units in the box that are not on the shipment. */
export interface ExtraUnits {
  kind: 'wrong_item' | 'extra_item' | 'unknown_code';
  productId: string | null;
  sku: string | null;
  /** The scanned code, for a code that matched no product. */
  code: string | null;
  qty: number;
  /** For a wrong item: the expected SKU it was probably mistaken for (a look-alike of it). */
  expectedSku: string | null;
}

/** One discrepancy of a mismatch, expected against actual: an incident line. */
export interface Discrepancy {
  kind: DiscrepancyKind;
  orderLineId: string | null;
  expectedSku: string | null;
  expectedQty: number;
  scannedSku: string | null;
  scannedCode: string | null;
  scannedQty: number;
}

export interface Comparison {
  matched: boolean;
  lines: LineResult[];
  stillExpected: { productId: string; sku: string; qty: number }[];
  extra: ExtraUnits[];
  discrepancies: Discrepancy[];
}

/** A shortage at close: units of a shipment product the box does not hold. */
export interface Shortage {
  productId: string;
  sku: string;
  qty: number;
  /** Of `qty`, the units the location does not have to pick instead (its stock is short). */
  shelfShort: number;
}

/** Counts of a period, per packer or per station. */
export interface PackGroupStats {
  sessions: number;
  mismatched: number;
  /** Mismatched sessions with a discrepancy made at packing, not only a shelf without stock. */
  packingErrors: number;
  /** packingErrors ÷ sessions; null without sessions. */
  errorRate: number | null;
}

export interface PackStats {
  from: string;
  to: string;
  packers: ({ packer: string } & PackGroupStats)[];
  stations: ({ station: string } & PackGroupStats)[];
  skus: {
    sku: string;
    misPickedAsExpected: number;
    misPickedAsScanned: number;
    shelfShort: number;
  }[];
}
