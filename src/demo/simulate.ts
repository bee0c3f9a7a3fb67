import type { Db } from '../db/database.js';
import type { IncidentType, RootCause } from '../modules/incidents/index.js';
import { DAY, HOUR, type TestClock } from '../shared/clock.js';
import type { Agenda } from './agenda.js';
import type { ApiClient } from './api-client.js';
import type { Random } from './random.js';
import type { DemoCustomer, DemoReference } from './seed-reference.js';

const MIN = 60_000;

interface OrderView {
  id: string;
  promisedAt: string;
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
  const pickup = !b2b && rnd.chance(0.08);
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
  if ((order.allocation?.unallocated ?? []).length > 0) {
    // Allocation after the sale came up short: the order flow opened a stock-out incident.
    const found = await sim.api.get<{ data: { id: string }[] }>(
      `/api/incidents?orderId=${order.id}&type=stockout`,
    );
    for (const i of found.data) progress(sim, i.id, 'stockout');
  }
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
  agenda.at(packAt, () => packAtStation(sim, order, shipment.id, caught));
  const shipAt = packAt + rnd.int(30, 180) * MIN;
  const carrier = rnd.pick(['CTT', 'DPD', 'GLS']);
  const tracking = `${carrier}${shipment.id.slice(-10).toUpperCase()}`;
  agenda.at(shipAt, () =>
    api.post(`${base}/ship`, {
      carrier,
      trackingNumber: tracking,
      serviceLevel: c.zone === 'city' ? 'same_day' : 'standard',
    }),
  );
  const event = (type: string, extra: object = {}) =>
    api.post<{ results: { incidentId: string | null; effects: string[] }[] }>(
      '/api/carrier-events',
      {
        carrier,
        eventId: `${tracking}-${type}`,
        type,
        trackingNumber: tracking,
        occurredAt: sim.clock.now().toISOString(),
        ...extra,
      },
    );
  const late = rnd.chance(0.08) ? rnd.int(1, 3) * DAY : 0;
  const promised = Date.parse(order.promisedAt);
  const transit = shipAt + (c.zone === 'city' ? rnd.int(3, 10) : rnd.int(12, 40)) * HOUR;
  const deliverAt = late
    ? promised + late
    : Math.max(shipAt + HOUR, Math.min(transit, promised - rnd.int(1, 5) * HOUR));
  agenda.at(shipAt + HOUR, async () => void (await event('in_transit')));
  let lateIncident: string | null = null;
  if (late > 0) {
    // The carrier announces the new date before the parcel arrives: late_delivery opens then.
    agenda.at(shipAt + 3 * HOUR, async () => {
      const res = await event('delayed', { newEta: new Date(deliverAt).toISOString() });
      const incidentId = opened(res.results[0]);
      if (incidentId) {
        lateIncident = incidentId;
        progress(sim, incidentId, 'late_delivery', deliverAt);
      }
    });
  }
  agenda.at(deliverAt, async () => {
    const res = await event('delivered');
    const incidentId = opened(res.results[0]);
    // A new incident when the announced delay was dismissed, or a delivery later than promised.
    if (incidentId && incidentId !== lateIncident) progress(sim, incidentId, 'late_delivery');
    const roll = rnd.next();
    const reportAt = deliverAt + rnd.int(2, 30) * HOUR;
    const line = rnd.pick(order.lines);
    if (roll < 0.02) agenda.at(reportAt, () => customerReport(sim, order, 'wrong_item', line));
    else if (roll < 0.035)
      agenda.at(reportAt, () => customerReport(sim, order, 'missing_item', line));
    else if (roll < 0.05) agenda.at(reportAt, () => customerReport(sim, order, 'damaged', line));
  });
}

/** The incident a carrier event opened (not one it only added a note to). */
function opened(result: { incidentId: string | null; effects: string[] } | undefined) {
  return result?.effects.includes('incident_opened') ? result.incidentId : null;
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
  const made = await sim.api.post<{ id: string; joined: boolean }>('/api/incidents', {
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
  // A second report of the same problem joins the open incident, already on its way.
  if (!made.joined) progress(sim, made.id, type);
}

/**
 * Packing through the pack station: every unit scanned against the shipment. Now and then the
 * packer scans the look-alike first; the close is refused and a second scan round matches, so
 * the incident ends `caught` and the parcel leaves right.
 */
async function packAtStation(sim: Sim, order: OrderView, shipmentId: string, slip: boolean) {
  const { api, rnd } = sim;
  const full = await api.get<{
    shipments: { id: string; lines: { sku: string; qty: number }[] }[];
  }>(`/api/orders/${order.id}`);
  const lines = full.shipments.find((x) => x.id === shipmentId)?.lines ?? [];
  const station = `P${rnd.int(1, 4)}`;
  const packer = rnd.pick(['Rita', 'Bruno', 'Marta', 'Hugo', 'Leonor']);
  const session = async () => {
    const s = await api.post<{ id: string }>('/api/pack-sessions', { shipmentId, station, packer });
    return s.id;
  };
  const first = lines[0];
  if (slip && first) {
    const id = await session();
    await api.post(`/api/pack-sessions/${id}/scans`, {
      code: sim.ref.lookAlike.get(first.sku) ?? first.sku,
    });
    await api.post(`/api/pack-sessions/${id}/close`, {});
  }
  const id = await session();
  for (const l of lines)
    await api.post(`/api/pack-sessions/${id}/scans`, { code: l.sku, qty: l.qty });
  await api.post(`/api/pack-sessions/${id}/close`, {});
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
/** `resolveNotBefore`: a late parcel's incident resolves only once the parcel is delivered. */
function progress(sim: Sim, id: string, type: IncidentType, resolveNotBefore = 0): void {
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
  t = Math.max(t + rnd.int(3, 40) * HOUR, resolveNotBefore + rnd.int(1, 4) * HOUR);
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
  const [first, second, third] = recent.data;
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
  if (third) {
    // Reported this morning, verified, and waiting for the customer to pick a remedy.
    clock.set(new Date(now - 160 * MIN));
    const c = await api.get<OrderView>(`/api/orders/${third.id}`);
    const lineC = c.lines[0];
    if (lineC) {
      const inc = await reportOnly(sim, c, 'damaged', lineC);
      clock.set(new Date(now - 130 * MIN));
      await api.post(`/api/incidents/${inc}/transitions`, { to: 'verified' });
      await api.post(`/api/incidents/${inc}/transitions`, {
        to: 'awaiting_customer',
        visibility: 'public',
        note: 'Options sent to the customer',
      });
    }
  }
  // Two remedies finish this morning; the customer of one says it is not over.
  const resolving = await api.get<{ data: { id: string; type: string }[] }>(
    '/api/incidents?state=resolving&limit=50',
  );
  const done = resolving.data.slice(0, 2);
  clock.set(new Date(now - 90 * MIN));
  for (const i of done) {
    await api.post(`/api/incidents/${i.id}/transitions`, { to: 'resolved', visibility: 'public' });
  }
  const target = done[0];
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
