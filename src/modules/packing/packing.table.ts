export interface PackSessionsTable {
  id: string;
  shipment_id: string;
  order_id: string;
  location_id: string;
  packer: string;
  station: string;
  /** JSON `ExpectedSnapshot`: the shipment's lines and look-alikes when the session opened */
  expected: string;
  /** open | closed */
  status: string;
  /** match | mismatch | short_accepted, null while open */
  result: string | null;
  incident_id: string | null;
  opened_at: string;
  closed_at: string | null;
}

export interface PackScansTable {
  id: string;
  session_id: string;
  code: string;
  qty: number;
  /** null when the code matched no product (`unknown_code`) */
  product_id: string | null;
  sku: string | null;
  classification: string;
  at: string;
}

export interface PackDiscrepanciesTable {
  id: string;
  session_id: string;
  kind: string;
  order_line_id: string | null;
  expected_sku: string | null;
  expected_qty: number;
  scanned_sku: string | null;
  scanned_code: string | null;
  scanned_qty: number;
  shelf_short: number;
  corrected: number;
}
