export interface IncidentsTable {
  id: string;
  type: string;
  source: string;
  state: string;
  severity: string;
  order_id: string | null;
  customer_id: string | null;
  shipment_id: string | null;
  location_id: string | null;
  summary: string;
  description: string | null;
  escalated: number;
  escalated_at: string | null;
  root_cause: string | null;
  dismissed_reason: string | null;
  /** JSON: facts from detection for the remedy engine, or null */
  facts: string | null;
  /** 1 while the type is triage's guess below the threshold, until an agent confirms it */
  needs_triage: number;
  detected_at: string;
  verified_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface IncidentLinesTable {
  id: string;
  incident_id: string;
  order_line_id: string | null;
  discrepancy: string | null;
  expected_sku: string | null;
  expected_qty: number;
  actual_sku: string | null;
  actual_qty: number;
  note: string | null;
}

export interface IncidentEventsTable {
  id: string;
  incident_id: string;
  at: string;
  actor: string;
  kind: string;
  visibility: string;
  from_state: string | null;
  to_state: string | null;
  message: string;
  /** JSON or null */
  data: string | null;
  /** JSON (`PublicText`) or null: the customer's sentence of a public entry, by key and facts. */
  public_text: string | null;
}

export interface IncidentClocksTable {
  incident_id: string;
  clock: string;
  started_at: string;
  due_at: string;
  target_at: string | null;
  met_at: string | null;
  breached_at: string | null;
}

export interface IncidentAttachmentsTable {
  id: string;
  incident_id: string;
  /** As the uploader named it; never used to build a path */
  filename: string;
  /** From the file's first bytes, not from what the uploader declared */
  content_type: string;
  size: number;
  sha256: string;
  /** Relative to the data directory: uploads/<incidentId>/<attachmentId>.<ext> */
  path: string;
  uploaded_by: string;
  at: string;
}

/** One row per order that has had a report: locked at the start of each report's transaction. */
export interface IncidentReportLocksTable {
  order_id: string;
  locked_at: string;
}
