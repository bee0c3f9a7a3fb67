import type {
  ExpectedSnapshot,
  PackScan,
  PackSession,
  ScanClassification,
  SessionResult,
  SessionStatus,
} from './packing.js';
import type { PackScansTable, PackSessionsTable } from './packing.table.js';

export function rowToSession(row: PackSessionsTable): PackSession {
  return {
    id: row.id,
    shipmentId: row.shipment_id,
    orderId: row.order_id,
    locationId: row.location_id,
    packer: row.packer,
    station: row.station,
    status: row.status as SessionStatus,
    result: row.result as SessionResult | null,
    incidentId: row.incident_id,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
  };
}

export function rowToScan(row: PackScansTable): PackScan {
  return {
    id: row.id,
    sessionId: row.session_id,
    code: row.code,
    qty: row.qty,
    productId: row.product_id,
    sku: row.sku,
    classification: row.classification as ScanClassification,
    at: row.at,
  };
}

export function rowToSnapshot(row: Pick<PackSessionsTable, 'expected'>): ExpectedSnapshot {
  return JSON.parse(row.expected) as ExpectedSnapshot;
}
