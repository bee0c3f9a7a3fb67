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
