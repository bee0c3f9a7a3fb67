import type { Db } from '../db/database.js';
import { openIncident, transitionIncident } from '../modules/incidents/index.js';
import type { IncidentType, RootCause } from '../modules/incidents/index.js';
import { DAY, HOUR, type TestClock } from '../shared/clock.js';
import type { Agenda } from './agenda.js';
import type { ApiClient } from './api-client.js';
import type { Random } from './random.js';
import type { DemoCustomer, DemoReference } from './seed-reference.js';

const MIN = 60_000;

interface OrderView {
  id: string;
  lines: { id: string; sku: string; qtyOrdered: number }[];
  shipments: { id: string; kind: string; locationId: string }[];
  allocation: { unallocated: { lineId: string; sku: string; qty: number }[] } | null;
}

interface Sim {
  api: ApiClient;
  db: Db;
  clock: TestClock;
  rnd: Random;
  ref: DemoReference;
  agenda: Agenda;
}

const storesByZone = { city: ['S1', 'S3'], national: ['S2', 'S4', 'S5'] } as const;

/** Schedules the orders of one day and, through them, everything that happens to them. */
export function scheduleDay(sim: Sim, dayStart: number): void {
  const n = sim.rnd.int(7, 13);
  for (let i = 0; i < n; i++) {
    const at = dayStart + 8 * HOUR + sim.rnd.int(0, 14 * 60) * MIN;
    sim.agenda.at(at, () => placeOrder(sim));
  }
}

async function placeOrder(sim: Sim): Promise<void> {
  const { rnd, ref } = sim;
  const c = rnd.pick(ref.customers);
  const b2b = c.tier === 'b2b';
  const pickup = !b2b && rnd.chance(0.12);
  const skus = new Set<string>();
  const lineCount = b2b ? rnd.int(1, 2) : rnd.pick([1, 1, 1, 2, 2, 3, 4]);
  while (skus.size < lineCount)
    skus.add(b2b ? rnd.pick(['MUG-WHITE', 'PLATE-WHITE', 'BOWL-WHITE']) : rnd.pick(ref.skus));
  const lines = [...skus].map((sku) => ({
    sku,
    qty: b2b ? rnd.int(20, 100) : rnd.chance(0.8) ? 1 : 2,
  }));
  const store = rnd.pick(storesByZone[c.zone]);
  const order = await sim.api.post<OrderView>('/api/orders', {
    channel: b2b ? 'b2b' : rnd.pick(['web', 'web', 'web', 'marketplace', 'store']),
    externalId: `${b2b ? 'B2B' : 'WEB'}-${sim.clock.now().getTime().toString(36).toUpperCase()}-${rnd.int(100, 999)}`,
    customerId: c.id,
    deliveryMethod: pickup ? 'pickup' : 'ship',
    pickupLocationId: pickup ? ref.locationId.get(store) : undefined,
    shippingZone: c.zone,
    shipTo: pickup
      ? undefined
      : { line1: 'Rua Principal 10', city: c.city, postalCode: c.postalCode, country: 'PT' },
    currency: 'EUR',
    lines,
    shippingAmount: pickup || b2b ? 0 : c.zone === 'city' ? 390 : 590,
    paymentMethod: b2b ? 'transfer' : rnd.pick(['card', 'card', 'card', 'paypal']),
  });
  for (const s of order.shipments) scheduleFulfilment(sim, order, s, c);
  const short = order.allocation?.unallocated ?? [];
  if (short.length > 0) await openStockout(sim, order, short);
}

function scheduleFulfilment(
  sim: Sim,
  order: OrderView,
  shipment: OrderView['shipments'][number],
  c: DemoCustomer,
) {
  const { rnd, agenda, api } = sim;
  const base = `/api/orders/${order.id}/shipments/${shipment.id}`;
  const now = sim.clock.now().getTime();
  if (shipment.kind === 'pickup') {
    const collected = now + rnd.int(20, 72) * HOUR;
    agenda.at(collected, async () => {
      await api.post(`${base}/ship`, {});
      await api.post(`${base}/deliver`, {});
    });
    return;
  }
  const packAt = now + rnd.int(60, 8 * 60) * MIN;
  const caught = rnd.chance(0.03);
  agenda.at(packAt, async () => {
    if (caught) await caughtAtPack(sim, order, shipment.locationId);
    await api.post(`${base}/pack`, {});
  });
  const shipAt = packAt + rnd.int(30, 180) * MIN;
  agenda.at(shipAt, () =>
    api.post(`${base}/ship`, {
      carrier: rnd.pick(['CTT', 'DPD', 'GLS']),
      serviceLevel: c.zone === 'city' ? 'same_day' : 'standard',
    }),
  );
  const late = rnd.chance(0.08) ? rnd.int(1, 3) * DAY : 0;
  const deliverAt = shipAt + (c.zone === 'city' ? rnd.int(4, 20) : rnd.int(20, 44)) * HOUR + late;
  if (late > 0 && rnd.chance(0.6)) {
    agenda.at(shipAt + 26 * HOUR, () =>
      reportFromService(
        sim,
        order,
        'late_delivery',
        'carrier',
        `Carrier moved the delivery ${late / DAY} day(s) past the promised date`,
      ),
    );
  }
  agenda.at(deliverAt, async () => {
    await api.post(`${base}/deliver`, {});
    const roll = rnd.next();
    const reportAt = deliverAt + rnd.int(2, 30) * HOUR;
    const line = rnd.pick(order.lines);
    if (roll < 0.02) agenda.at(reportAt, () => customerReport(sim, order, 'wrong_item', line));
    else if (roll < 0.035)
      agenda.at(reportAt, () => customerReport(sim, order, 'missing_item', line));
    else if (roll < 0.05) agenda.at(reportAt, () => customerReport(sim, order, 'damaged', line));
  });
}

const reportText: Record<string, string> = {
  wrong_item: 'I received a different item from the one I ordered',
  missing_item: 'One item of my order was not in the parcel',
  damaged: 'The item arrived broken',
};

async function customerReport(
  sim: Sim,
  order: OrderView,
  type: IncidentType,
  line: OrderView['lines'][number],
) {
  const actual =
    type === 'wrong_item'
      ? sim.ref.lookAlike.get(line.sku)
      : type === 'missing_item'
        ? undefined
        : line.sku;
  const made = await sim.api.post<{ id: string }>('/api/incidents', {
    type,
    source: 'customer',
    orderId: order.id,
    summary: `${reportText[type] ?? 'Problem reported'} (${line.sku})`,
    description: reportText[type],
    lines: [
      {
        orderLineId: line.id,
        expectedQty: 1,
        actualSku: actual,
        actualQty: type === 'missing_item' ? 0 : 1,
      },
    ],
  });
  progress(sim, made.id, type);
}

async function reportFromService(
  sim: Sim,
  order: OrderView,
  type: IncidentType,
  source: 'carrier' | 'inventory',
  summary: string,
  lines: { orderLineId: string; expectedQty: number; actualQty: number }[] = [],
) {
  const incident = await sim.db
    .transaction()
    .execute((trx) =>
      openIncident(
        trx,
        { type, source, orderId: order.id, summary, lines },
        { actor: 'system', clock: sim.clock },
      ),
    );
  progress(sim, incident.id, type);
}

async function openStockout(
  sim: Sim,
  order: OrderView,
  short: { lineId: string; sku: string; qty: number }[],
) {
  const first = short[0];
  if (!first) return;
  const summary = `No location could reserve ${short.map((s) => `${s.qty}× ${s.sku}`).join(', ')}`;
  await reportFromService(
    sim,
    order,
    'stockout',
    'inventory',
    summary,
    short.map((s) => ({ orderLineId: s.lineId, expectedQty: s.qty, actualQty: 0 })),
  );
}

/** A wrong item scanned at the pack station and corrected before the parcel left. */
async function caughtAtPack(sim: Sim, order: OrderView, locationId: string) {
  const line = sim.rnd.pick(order.lines);
  const actual = sim.ref.lookAlike.get(line.sku) ?? line.sku;
  await sim.db.transaction().execute(async (trx) => {
    const incident = await openIncident(
      trx,
      {
        type: 'wrong_item',
        source: 'pack',
        orderId: order.id,
        locationId,
        summary: `Packer scanned ${actual} for ${line.sku}`,
        rootCause: 'look_alike_sku',
        lines: [
          {
            orderLineId: line.id,
            expectedQty: 1,
            actualSku: actual,
            actualQty: 1,
            discrepancy: 'wrong_item',
          },
        ],
      },
      { actor: 'staff:packer-3', clock: sim.clock },
    );
    await transitionIncident(trx, incident.id, 'caught', {
      actor: 'staff:packer-3',
      clock: sim.clock,
      note: 'Re-scanned the right item before closing the parcel',
    });
  });
}

const causeOf: Record<string, RootCause[]> = {
  wrong_item: ['look_alike_sku', 'look_alike_sku', 'picking_error', 'bin_location_error'],
  missing_item: ['picking_error', 'inventory_desync'],
  damaged: ['carrier_damage', 'carrier_damage', 'supplier_defect'],
  late_delivery: ['other', 'address_error'],
  stockout: ['inventory_desync', 'inventory_desync', 'system_error'],
};
const choiceTypes = new Set(['wrong_item', 'missing_item', 'damaged', 'stockout']);

/** The life of a reported incident: notify, verify (or dismiss), remedy, resolve, close. */
function progress(sim: Sim, id: string, type: IncidentType): void {
  const { agenda, rnd, api } = sim;
  const t0 = sim.clock.now().getTime();
  const url = `/api/incidents/${id}`;
  const notifyAt = t0 + (rnd.chance(0.08) ? rnd.int(150, 220) : rnd.int(4, 50)) * MIN;
  agenda.at(notifyAt, () =>
    api.post(`${url}/notes`, {
      kind: 'customer_notified',
      visibility: 'public',
      message: 'We emailed the customer what happened and what we are doing about it.',
    }),
  );
  const verifyAt = t0 + rnd.int(15, 200) * MIN;
  if (rnd.chance(0.05)) {
    agenda.at(verifyAt, () =>
      api.post(`${url}/transitions`, {
        to: 'dismissed',
        reason: 'The customer found the item in a second parcel',
      }),
    );
    return;
  }
  agenda.at(verifyAt, () =>
    api.post(`${url}/transitions`, {
      to: 'verified',
      note: 'Checked against the order and the pack record',
    }),
  );
  let t = verifyAt + rnd.int(5, 20) * MIN;
  if (choiceTypes.has(type)) {
    agenda.at(t, () =>
      api.post(`${url}/transitions`, {
        to: 'awaiting_customer',
        visibility: 'public',
        note: 'Options sent to the customer',
      }),
    );
    t += rnd.int(1, 22) * HOUR;
  }
  agenda.at(t, () => api.post(`${url}/transitions`, { to: 'resolving' }));
  if (rnd.chance(0.05))
    agenda.at(t + HOUR, () =>
      api.post(`${url}/escalate`, { reason: 'The customer asked to speak to a manager' }),
    );
  t += rnd.int(3, 40) * HOUR;
  agenda.at(t, () =>
    api.post(`${url}/transitions`, {
      to: 'resolved',
      visibility: 'public',
      note: 'Remedy completed',
    }),
  );
  if (rnd.chance(0.08)) {
    t += rnd.int(6, 30) * HOUR;
    agenda.at(t, () =>
      api.post(`${url}/transitions`, {
        to: 'reopened',
        reason: 'The replacement was also wrong',
        visibility: 'public',
      }),
    );
    t += rnd.int(1, 4) * HOUR;
    agenda.at(t, () => api.post(`${url}/transitions`, { to: 'resolving' }));
    t += rnd.int(6, 24) * HOUR;
    agenda.at(t, () => api.post(`${url}/transitions`, { to: 'resolved', visibility: 'public' }));
  }
  t += rnd.int(24, 96) * HOUR;
  const rootCause = rnd.pick(causeOf[type] ?? ['other']);
  agenda.at(t, () => api.post(`${url}/transitions`, { to: 'closed', rootCause }));
}

/**
 * The last hours before "now", scripted so the queue always shows incidents that are still
 * being handled: one just verified, one just reported, and one reopened.
 */
export async function scriptToday(sim: Sim, now: number): Promise<void> {
  const { api, clock } = sim;
  const recent = await api.get<{ data: { id: string }[] }>('/api/orders?status=completed&limit=3');
  const [first, second] = recent.data;
  if (first && second) {
    clock.set(new Date(now - 3 * HOUR));
    const a = await api.get<OrderView>(`/api/orders/${first.id}`);
    const lineA = a.lines[0];
    if (lineA) {
      const inc = await reportOnly(sim, a, 'wrong_item', lineA);
      clock.set(new Date(now - 150 * MIN));
      await api.post(`/api/incidents/${inc}/notes`, {
        kind: 'customer_notified',
        visibility: 'public',
        message: 'We emailed the customer what happened and what we are doing about it.',
      });
      clock.set(new Date(now - 2 * HOUR));
      await api.post(`/api/incidents/${inc}/transitions`, {
        to: 'verified',
        note: 'Photo matches the look-alike SKU',
      });
    }
    clock.set(new Date(now - 20 * MIN));
    const b = await api.get<OrderView>(`/api/orders/${second.id}`);
    const lineB = b.lines[0];
    if (lineB) await reportOnly(sim, b, 'missing_item', lineB);
  }
  const resolved = await api.get<{ data: { id: string }[] }>(
    '/api/incidents?state=resolved&limit=1',
  );
  const target = resolved.data[0];
  if (target) {
    clock.set(new Date(now - HOUR));
    await api.post(`/api/incidents/${target.id}/transitions`, {
      to: 'reopened',
      reason: 'The customer says the replacement has not arrived',
      visibility: 'public',
    });
  }
  clock.set(new Date(now));
}

async function reportOnly(
  sim: Sim,
  order: OrderView,
  type: IncidentType,
  line: OrderView['lines'][number],
): Promise<string> {
  const actual = type === 'wrong_item' ? sim.ref.lookAlike.get(line.sku) : undefined;
  const made = await sim.api.post<{ id: string }>('/api/incidents', {
    type,
    source: 'customer',
    orderId: order.id,
    summary: `${reportText[type] ?? 'Problem reported'} (${line.sku})`,
    lines: [
      {
        orderLineId: line.id,
        expectedQty: 1,
        actualSku: actual,
        actualQty: type === 'missing_item' ? 0 : 1,
      },
    ],
  });
  return made.id;
}
