import type { Executor } from '../../db/database.js';
import { addMs, DAY } from '../../shared/clock.js';
import {
  errorLineTypes,
  errorReturnTypes,
  NONE,
  notInFullTypes,
  REPEAT_WINDOW_DAYS,
  type IncidentType,
  type OrderFact,
} from './analytics.js';
import {
  byChunks,
  orderContexts,
  orderDims,
  orderedWithin,
  placedTimesOf,
} from './context.queries.js';
import { dayOf, type TimeRange } from './days.js';

/**
 * Analytics query file: the facts of the orders that closed (delivered or cancelled) in a range
 * of days, each with what its KPIs need — lines, incidents, shipment attribution, repeat orders.
 */
export async function loadOrderFacts(db: Executor, range: TimeRange): Promise<OrderFact[]> {
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'customer_id', 'status', 'closed_at', 'promised_at'])
    .where('closed_at', '>=', range.from)
    .where('closed_at', '<', range.to)
    .where('status', '!=', 'open')
    .execute();
  const ids = orders.map((o) => o.id);
  if (ids.length === 0) return [];
  const [lines, incidents, contexts] = await Promise.all([
    loadLines(db, ids),
    loadOrderIncidents(db, ids),
    orderContexts(db, ids),
  ]);
  const placed = await placedTimesOf(
    db,
    orders.map((o) => o.customer_id),
    { after: range.from, until: addMs(range.to, REPEAT_WINDOW_DAYS * DAY) },
  );

  return orders.map((o): OrderFact => {
    const closedAt = o.closed_at ?? range.from;
    const own = incidents.get(o.id) ?? [];
    const customerFacing = own.filter((i) => i.class === 'customer');
    const orderLines = lines.get(o.id) ?? [];
    const delivered = o.status === 'completed';
    const everyUnit = orderLines.every((l) => l.qty_delivered === l.qty_ordered);
    const full =
      delivered && everyUnit && !customerFacing.some((i) => notInFullTypes.includes(i.type));
    const errorIncidents = customerFacing.filter((i) => errorLineTypes.includes(i.type));
    // An error incident that names no line puts every line of its order in error.
    const wholeOrder = errorIncidents.some((i) => i.lineIds.length === 0);
    const errorLines = new Set(errorIncidents.flatMap((i) => i.lineIds));
    return {
      day: dayOf(closedAt),
      dims: orderDims(contexts.get(o.id)),
      delivered,
      full,
      perfect: full && closedAt <= o.promised_at && customerFacing.length === 0,
      errorReturn:
        delivered &&
        orderLines.some((l) => l.qty_returned > 0) &&
        customerFacing.some((i) => errorReturnTypes.includes(i.type)),
      control:
        delivered && customerFacing.length === 0
          ? {
              repeat: orderedWithin(
                placed.get(o.customer_id),
                closedAt,
                addMs(closedAt, REPEAT_WINDOW_DAYS * DAY),
              ),
            }
          : null,
      lines: orderLines.map((l) => ({
        shipped: l.qty_shipped > 0,
        error: wholeOrder || errorLines.has(l.id),
        supplier: l.supplier_id ?? NONE,
      })),
    };
  });
}

interface LineRow {
  id: string;
  order_id: string;
  qty_ordered: number;
  qty_shipped: number;
  qty_delivered: number;
  qty_returned: number;
  supplier_id: string | null;
}

async function loadLines(db: Executor, orderIds: string[]): Promise<Map<string, LineRow[]>> {
  const rows = await byChunks(orderIds, (ids) =>
    db
      .selectFrom('order_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .select([
        'l.id',
        'l.order_id',
        'l.line_no',
        'l.qty_ordered',
        'l.qty_shipped',
        'l.qty_delivered',
        'l.qty_returned',
        'p.supplier_id',
      ])
      .where('l.order_id', 'in', ids)
      .execute(),
  );
  rows.sort((a, b) => a.order_id.localeCompare(b.order_id) || a.line_no - b.line_no);
  return groupBy(rows, (r) => r.order_id);
}

export interface OrderIncident {
  id: string;
  type: IncidentType;
  class: 'customer' | 'caught' | 'dismissed';
  lineIds: string[];
}

export function classOf(state: string): OrderIncident['class'] {
  return state === 'dismissed' ? 'dismissed' : state === 'caught' ? 'caught' : 'customer';
}

async function loadOrderIncidents(
  db: Executor,
  orderIds: string[],
): Promise<Map<string, OrderIncident[]>> {
  const incidents = await byChunks(orderIds, (ids) =>
    db
      .selectFrom('incidents')
      .select(['id', 'order_id', 'type', 'state'])
      .where('order_id', 'in', ids)
      .execute(),
  );
  const lines = await byChunks(
    incidents.map((i) => i.id),
    (ids) =>
      db
        .selectFrom('incident_lines')
        .select(['incident_id', 'order_line_id'])
        .where('incident_id', 'in', ids)
        .where('order_line_id', 'is not', null)
        .execute(),
  );
  const linesOf = groupBy(lines, (l) => l.incident_id);
  const out = new Map<string, OrderIncident[]>();
  for (const i of incidents) {
    if (!i.order_id) continue;
    const list = out.get(i.order_id) ?? [];
    list.push({
      id: i.id,
      type: i.type as IncidentType,
      class: classOf(i.state),
      lineIds: (linesOf.get(i.id) ?? []).map((l) => l.order_line_id ?? ''),
    });
    out.set(i.order_id, list);
  }
  return out;
}

export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
