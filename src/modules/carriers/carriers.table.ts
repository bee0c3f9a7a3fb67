export interface CarrierEventsTable {
  id: string;
  carrier: string;
  event_id: string;
  type: string;
  occurred_at: string;
  tracking_number: string | null;
  given_shipment_id: string | null;
  shipment_id: string | null;
  new_eta: string | null;
  location: string | null;
  description: string | null;
  /** JSON: the provider's payload, or null */
  raw: string | null;
  status: string;
  /** JSON array of CarrierEffect */
  effects: string;
  incident_id: string | null;
  last_error: string | null;
  actor: string;
  received_at: string;
  applied_at: string | null;
}
