/** Settings this module keeps in the database: the secret that signs status-page links. */
export interface StatusPageSettingsTable {
  name: string;
  value: string;
  created_at: string;
}

/**
 * A customer action on the status page sent with an Idempotency-Key: claimed before the action
 * runs, completed with its answer, so a retry gets the first answer instead of a second action.
 */
export interface StatusPageRequestsTable {
  incident_id: string;
  idempotency_key: string;
  action: string;
  /** HTTP status of the first answer; null while the first request is still running */
  status: number | null;
  /** JSON of the first answer, or null while running */
  response: string | null;
  created_at: string;
}

/** Pickup windows the customer booked on the status page. */
export interface StatusPagePickupWindowsTable {
  id: string;
  incident_id: string;
  window_from: string;
  window_to: string;
  booked_at: string;
}

export interface StatusPageTables {
  status_page_settings: StatusPageSettingsTable;
  status_page_requests: StatusPageRequestsTable;
  status_page_pickup_windows: StatusPagePickupWindowsTable;
}
