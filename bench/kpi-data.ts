// Bulk data for bench/kpis.ts: a year of orders with their lines, shipments, pack sessions,
// incidents (timeline, lines), refunds, surveys and costs, written with raw prepared statements
// in 10,000-row transactions straight into a migrated SQLite file.
import type SQLite from 'better-sqlite3';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

export interface Reference {
  locations: string[];
  products: string[];
  customers: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const T0 = '2025-01-01T00:00:00.000Z';

export function insertReference(sqlite: SQLite.Database, customers: number): Reference {
  const locations = Array.from({ length: 7 }, (_, i) => `loc_${i}`);
  const suppliers = Array.from({ length: 30 }, (_, i) => `sup_${i}`);
  const products = Array.from({ length: 500 }, (_, i) => `prd_${i}`);
  sqlite.transaction(() => {
    const loc = sqlite.prepare(
      `insert into locations (id, code, name, kind, zone, address, can_ship, can_pickup, can_return, active, created_at, updated_at)
       values (?, ?, ?, ?, 'city', '{}', 1, 1, 1, 1, ?, ?)`,
    );
    locations.forEach((id, i) =>
      loc.run(id, id, `Location ${i}`, i < 2 ? 'warehouse' : 'store', T0, T0),
    );
    const sup = sqlite.prepare(
      'insert into suppliers (id, code, name, created_at, updated_at) values (?, ?, ?, ?, ?)',
    );
    suppliers.forEach((id) => sup.run(id, id, id, T0, T0));
    const prd = sqlite.prepare(
      `insert into products (id, sku, name, price_amount, currency, supplier_id, active, created_at, updated_at)
       values (?, ?, ?, 1990, 'EUR', ?, 1, ?, ?)`,
    );
    products.forEach((id, i) => prd.run(id, `SKU-${i}`, id, suppliers[i % 30], T0, T0));
    const cus = sqlite.prepare(
      `insert into customers (id, name, locale, tier, created_at, updated_at) values (?, ?, 'en', ?, ?, ?)`,
    );
    for (let i = 0; i < customers; i++) {
      cus.run(
        `cus_${i}`,
        `Customer ${i}`,
        i % 50 === 0 ? 'b2b' : i % 20 === 0 ? 'vip' : 'b2c',
        T0,
        T0,
      );
    }
  })();
  return { locations, products, customers };
}

/** Statements for one order and everything that happens to it. */
function statements(sqlite: SQLite.Database) {
  return {
    order: sqlite.prepare(
      `insert into orders (id, channel, external_id, customer_id, status, delivery_method, shipping_zone, currency,
         total_amount, shipping_amount, paid_amount, payment_method, placed_at, promised_at, closed_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'ship', 'city', 'EUR', 3980, 0, 3980, 'card', ?, ?, ?, ?, ?)`,
    ),
    line: sqlite.prepare(
      `insert into order_lines (id, order_id, line_no, product_id, sku, name, unit_price, qty_ordered, qty_allocated,
         qty_packed, qty_shipped, qty_delivered, qty_cancelled, qty_returned)
       values (?, ?, ?, ?, ?, 'Item', 1990, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    shipment: sqlite.prepare(
      `insert into shipments (id, order_id, location_id, kind, status, carrier, service_level, promised_at, delivered_at, created_at, updated_at)
       values (?, ?, ?, 'outbound', ?, ?, 'standard', ?, ?, ?, ?)`,
    ),
    session: sqlite.prepare(
      `insert into pack_sessions (id, shipment_id, order_id, location_id, packer, station, expected, status, result, opened_at, closed_at)
       values (?, ?, ?, ?, ?, ?, '{}', 'closed', 'match', ?, ?)`,
    ),
    incident: sqlite.prepare(
      `insert into incidents (id, type, source, state, severity, order_id, customer_id, shipment_id, location_id, summary,
         escalated, root_cause, detected_at, verified_at, resolved_at, created_at, updated_at)
       values (?, ?, 'customer', ?, 'medium', ?, ?, ?, ?, 'bench', ?, ?, ?, ?, ?, ?, ?)`,
    ),
    incidentLine: sqlite.prepare(
      `insert into incident_lines (id, incident_id, order_line_id, expected_qty, actual_qty) values (?, ?, ?, 1, 0)`,
    ),
    event: sqlite.prepare(
      `insert into incident_events (id, incident_id, at, actor, kind, visibility, to_state, message)
       values (?, ?, ?, 'system', ?, 'internal', ?, 'bench')`,
    ),
    refund: sqlite.prepare(
      `insert into refunds (id, order_id, incident_id, state, amount, currency, method, provider, payment_method, reason, lines,
         requested_at, requested_by, issued_at, due_at, target_at, updated_at)
       values (?, ?, ?, 'issued', 1990, 'EUR', 'original_payment', 'manual', 'card', 'bench', '[]', ?, 'bench', ?, ?, ?, ?)`,
    ),
    survey: sqlite.prepare(
      `insert into surveys (id, incident_id, customer_id, sent_at, answered_at, score, created_at) values (?, ?, ?, ?, ?, ?, ?)`,
    ),
    cost: sqlite.prepare(
      `insert into incident_costs (id, incident_id, kind, amount, currency, party, at, actor) values (?, ?, ?, ?, 'EUR', ?, ?, 'bench')`,
    ),
  };
}

const types = ['wrong_item', 'missing_item', 'damaged', 'late_delivery', 'wrong_quantity'];
const causes = [
  'picking_error',
  'look_alike_sku',
  'carrier_damage',
  'inventory_desync',
  'supplier_defect',
];

/**
 * Writes orders `first` … `first + count - 1`, placed evenly over `days` days from `start`
 * (ms); `stamp` (ms) overrides every `updated_at` (the moment the rows are written). Returns rows written.
 */
export function insertOrders(
  sqlite: SQLite.Database,
  ref: Reference,
  o: { first: number; count: number; start: number; days: number; seed: number; stamp?: number },
): number {
  const s = statements(sqlite);
  const rnd = random(o.seed);
  let rows = 0;
  const write = sqlite.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) rows += writeOrder(s, ref, rnd, n, o);
  });
  for (let from = o.first; from < o.first + o.count; from += 2_000) {
    write(from, Math.min(from + 2_000, o.first + o.count));
  }
  return rows;
}

function writeOrder(
  s: ReturnType<typeof statements>,
  ref: Reference,
  rnd: ReturnType<typeof random>,
  n: number,
  o: { first: number; count: number; start: number; days: number; stamp?: number },
): number {
  const id = `ord_${n}`;
  const customer = `cus_${rnd.int(ref.customers)}`;
  const placed = o.start + ((n - o.first) / o.count) * o.days * DAY;
  const closed = placed + (1 + rnd.next() * 3) * DAY;
  const promised = placed + 3 * DAY;
  const cancelled = rnd.next() < 0.04;
  const stamp = (ms: number) => iso(o.stamp ?? ms);
  const location = ref.locations[rnd.int(ref.locations.length)] ?? 'loc_0';
  s.order.run(
    id,
    rnd.next() < 0.8 ? 'web' : 'store',
    id,
    customer,
    cancelled ? 'cancelled' : 'completed',
    iso(placed),
    iso(promised),
    iso(closed),
    iso(placed),
    stamp(closed),
  );
  const lines = 1 + rnd.int(3);
  const lineIds: string[] = [];
  for (let l = 0; l < lines; l++) {
    const lineId = `orl_${n}_${l}`;
    lineIds.push(lineId);
    const product = ref.products[rnd.int(ref.products.length)] ?? 'prd_0';
    const qty = 1 + rnd.int(2);
    const delivered = cancelled ? 0 : qty;
    s.line.run(
      lineId,
      id,
      l + 1,
      product,
      product,
      qty,
      delivered,
      delivered,
      delivered,
      delivered,
      qty - delivered,
      0,
    );
  }
  const shipment = `shp_${n}`;
  s.shipment.run(
    shipment,
    id,
    location,
    cancelled ? 'cancelled' : 'delivered',
    rnd.next() < 0.6 ? 'dhl' : 'ups',
    iso(promised),
    cancelled ? null : iso(closed),
    iso(placed),
    stamp(closed),
  );
  const packer = `packer-${rnd.int(20)}`;
  s.session.run(
    `pks_${n}`,
    shipment,
    id,
    location,
    packer,
    `station-${rnd.int(6)}`,
    iso(placed + HOUR),
    iso(placed + 2 * HOUR),
  );
  let rows = 4 + lines;
  if (!cancelled && rnd.next() < 0.03)
    rows += writeIncident(s, rnd, { n, id, customer, shipment, location, closed, lineIds, stamp });
  return rows;
}

function writeIncident(
  s: ReturnType<typeof statements>,
  rnd: ReturnType<typeof random>,
  o: {
    n: number;
    id: string;
    customer: string;
    shipment: string;
    location: string;
    closed: number;
    lineIds: string[];
    stamp: (ms: number) => string;
  },
): number {
  const inc = `inc_${o.n}`;
  const detected = o.closed + rnd.next() * 48 * HOUR;
  const verified = detected + rnd.next() * 6 * HOUR;
  const resolved = rnd.next() < 0.9 ? verified + (6 + rnd.next() * 90) * HOUR : null;
  const type = types[rnd.int(types.length)] ?? 'other';
  s.incident.run(
    inc,
    type,
    resolved ? 'resolved' : 'resolving',
    o.id,
    o.customer,
    o.shipment,
    o.location,
    rnd.next() < 0.1 ? 1 : 0,
    causes[rnd.int(causes.length)] ?? 'other',
    iso(detected),
    iso(verified),
    resolved ? iso(resolved) : null,
    iso(detected),
    o.stamp(resolved ?? verified),
  );
  s.incidentLine.run(`inl_${o.n}`, inc, o.lineIds[0] ?? null);
  s.event.run(
    `iev_${o.n}_a`,
    inc,
    iso(detected + (5 + rnd.next() * 120) * 60_000),
    'customer_notified',
    null,
  );
  let rows = 3;
  if (resolved) {
    s.event.run(`iev_${o.n}_b`, inc, iso(resolved), 'transition', 'resolved');
    rows += 1;
    if (rnd.next() < 0.5) {
      const answered = rnd.next() < 0.6 ? iso(resolved + 30 * HOUR) : null;
      s.survey.run(
        `srv_${o.n}`,
        inc,
        o.customer,
        iso(resolved + 24 * HOUR),
        answered,
        answered ? 1 + rnd.int(5) : null,
        iso(resolved),
      );
      rows += 1;
    }
  }
  if (rnd.next() < 0.4) {
    const issued = verified + rnd.next() * 72 * HOUR;
    s.refund.run(
      `ref_${o.n}`,
      o.id,
      inc,
      iso(verified),
      iso(issued),
      iso(verified + 72 * HOUR),
      iso(verified + 48 * HOUR),
      o.stamp(issued),
    );
    s.cost.run(`cst_${o.n}_r`, inc, 'refund', 1990, 'warehouse', iso(issued));
    rows += 2;
  }
  s.cost.run(
    `cst_${o.n}_s`,
    inc,
    'reship',
    700,
    rnd.next() < 0.5 ? 'carrier' : 'warehouse',
    iso(verified),
  );
  return rows + 1;
}
