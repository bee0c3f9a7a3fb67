import type { Kysely, Transaction } from 'kysely';
import type { AuthTables } from '../modules/auth/auth.table.js';
import type {
  CustomersTable,
  LocationsTable,
  ProductBarcodesTable,
  ProductSubstitutesTable,
  ProductsTable,
  SuppliersTable,
} from '../modules/catalog/catalog.table.js';
import type {
  FeedBatchesTable,
  InventoryFreshnessSettingsTable,
  InventoryLevelsTable,
  InventoryMovementsTable,
  PurchaseOrderLinesTable,
  PurchaseOrdersTable,
} from '../modules/inventory/inventory.table.js';
import type {
  OrderLinesTable,
  OrdersTable,
  ShipmentLinesTable,
  ShipmentsTable,
} from '../modules/orders/orders.table.js';
import type {
  IncidentAttachmentsTable,
  IncidentClocksTable,
  IncidentEventsTable,
  IncidentLinesTable,
  IncidentReportLocksTable,
  IncidentsTable,
} from '../modules/incidents/incidents.table.js';
import type { JobsTable } from '../jobs/jobs.table.js';
import type {
  PackDiscrepanciesTable,
  PackScansTable,
  PackSessionsTable,
} from '../modules/packing/packing.table.js';
import type { CarrierEventsTable } from '../modules/carriers/carriers.table.js';

import type { MoneyTables } from '../modules/money/index.js';
import type { RemediesTables } from '../modules/remedies/index.js';
import type { NotificationsTables } from '../modules/notifications/index.js';
import type { StatusPageTables } from '../modules/status-page/index.js';
import type { AnalyticsTables } from '../modules/analytics/index.js';

/** Every table; a module adds its own through its `<Noun>Tables` interface. */
export interface Database
  extends
    AuthTables,
    MoneyTables,
    RemediesTables,
    NotificationsTables,
    StatusPageTables,
    AnalyticsTables {
  jobs: JobsTable;
  suppliers: SuppliersTable;
  locations: LocationsTable;
  products: ProductsTable;
  product_barcodes: ProductBarcodesTable;
  product_substitutes: ProductSubstitutesTable;
  customers: CustomersTable;
  inventory_levels: InventoryLevelsTable;
  inventory_movements: InventoryMovementsTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  feed_batches: FeedBatchesTable;
  inventory_freshness_settings: InventoryFreshnessSettingsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  shipments: ShipmentsTable;
  shipment_lines: ShipmentLinesTable;
  pack_sessions: PackSessionsTable;
  pack_scans: PackScansTable;
  pack_discrepancies: PackDiscrepanciesTable;
  incidents: IncidentsTable;
  incident_lines: IncidentLinesTable;
  incident_events: IncidentEventsTable;
  incident_clocks: IncidentClocksTable;
  incident_attachments: IncidentAttachmentsTable;
  incident_report_locks: IncidentReportLocksTable;
  carrier_events: CarrierEventsTable;
}

export type Db = Kysely<Database>;
/** A query handle: the database or an open transaction. Repositories take this first. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type DialectName = 'sqlite' | 'postgres';
