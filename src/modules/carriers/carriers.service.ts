import type { Executor } from '../../db/database.js';
import { toPage, type Page, type PageQuery } from '../../shared/pagination.js';
import type { CarrierEvent } from './carriers.js';
import { listEventRows, type CarrierEventFilter } from './carriers.repository.js';

/**
 * The carriers module owns normalised carrier tracking events: it stores each once, matches it
 * to its shipment (now, or later by tracking number) and turns deliveries, delays, damage and
 * loss into shipment steps and incidents through the orders and incidents modules. Writes are
 * the use cases under ./use-cases.
 */
export async function listCarrierEvents(
  db: Executor,
  query: CarrierEventFilter & PageQuery,
): Promise<Page<CarrierEvent>> {
  const { limit, cursor, ...filter } = query;
  return toPage(await listEventRows(db, filter, { limit, cursor }), limit);
}
