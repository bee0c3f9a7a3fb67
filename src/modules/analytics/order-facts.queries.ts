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
  type OrderContext,
} from './context.queries.js';
import { dayOf, type TimeRange } from './days.js';

/**
 * Analytics query file: the facts of orders that closed (delivered or cancelled), each with what
 * its KPIs need — lines, incidents, shipment attribution, repeat orders.
 */

/** The facts of the orders that closed in a range of days. */
export async function loadOrderFacts(db: Executor, range: TimeRange): Promise<OrderFact[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('closed_at', '>=', range.from)
    .where('closed_at', '<', range.to)
    .where('status', '!=', 'open')
    .execute();
  const facts = await orderFactsOf(
    db,
    rows.map((r) => r.id),
  );
  return [...facts.values()];
}

/** The facts of the given orders, by order id; an order still open has none. */
export async function orderFactsOf(
  db: Executor,
  orderIds: readonly string[],
): Promise<Map<string, OrderFact>> {
  const orders = await byChunks(orderIds, (ids) =>
    db
      .selectFrom('orders')
      .select(['id', 'customer_id', 'status', 'closed_at', 'promised_at'])
      .where('id', 'in', ids)
      .where('status', '!=', 'open')
      .where('closed_at', 'is not', null)
      .execute(),
  );
  const ids = orders.map((o) => o.id);
  if (ids.length === 0) return new Map();
  const [lines, incidents, contexts] = await Promise.all([
    loadLines(db, ids),
    loadOrderIncidents(db, ids),
    orderContexts(db, ids),
  ]);
  const closedTimes = orders.map((o) => o.closed_at ?? '').sort();
  const placed = await placedTimesOf(
    db,
    orders.map((o) => o.customer_id),
    {
      after: closedTimes[0] ?? '',
      until: addMs(closedTimes.at(-1) ?? '', REPEAT_WINDOW_DAYS * DAY),
    },
  );

  const out = new Map<string, OrderFact>();
  for (const o of orders) {
    out.set(
      o.id,
      orderFact(
        o,
        lines.get(o.id) ?? [],
        incidents.get(o.id) ?? [],
        contexts.get(o.id),
        placed.get(o.customer_id),
      ),
    );
  }
  return out;
}

function orderFact(
  o: { closed_at: string | null; status: string; promised_at: string },
  orderLines: LineRow[],
  own: OrderIncident[],
  context: OrderContext | undefined,
  placed: string[] | undefined,
): OrderFact {
  const closedAt = o.closed_at ?? '';
  const customerFacing = own.filter((i) => i.class === 'customer');
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
    dims: orderDims(context),
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
            repeat: orderedWithin(placed, closedAt, addMs(closedAt, REPEAT_WINDOW_DAYS * DAY)),
          }
        : null,
    lines: orderLines.map((l) => ({
      shipped: l.qty_shipped > 0,
      error: wholeOrder || errorLines.has(l.id),
      supplier: l.supplier_id ?? NONE,
    })),
  };
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
