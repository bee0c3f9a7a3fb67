import type { IncidentType } from '../modules/incidents/index.js';
import { DAY, HOUR } from '../shared/clock.js';
import { backOfficeRound, type BackOfficeSim } from './back-office.js';
import type { DemoCustomer, DemoReference } from './seed-reference.js';

const MIN = 60_000;

interface OrderView {
  id: string;
  promisedAt: string;
  shippingZone: 'city' | 'national';
  lines: { id: string; sku: string; qtyOrdered: number }[];
  shipments: { id: string; kind: string; locationId: string }[];
  allocation: { unallocated: { lineId: string; sku: string; qty: number }[] } | null;
}

export interface Sim extends BackOfficeSim {
  ref: DemoReference;
  /** Runs the jobs that are due, as the service's runner would. */
  runDue: () => Promise<unknown>;
}

const storesByZone = { city: ['S1', 'S3'], national: ['S2', 'S4', 'S5'] } as const;

/** Schedules the orders of one day and, through them, everything that happens to them. */
export function scheduleDay(sim: Sim, dayStart: number): void {
  const n = sim.rnd.int(7, 13);
  for (let i = 0; i < n; i++) {
    const at = dayStart + 8 * HOUR + sim.rnd.int(0, 14 * 60) * MIN;
    sim.agenda.at(at, () => placeOrder(sim));
  }
  for (let h = 7; h <= 21; h += 2) sim.agenda.at(dayStart + h * HOUR, () => backOfficeRound(sim));
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
    for (const i of found.data) progress(sim, i.id, 'inventory');
  }
}

/** Schedules a shipment a remedy made: packed, shipped and delivered like any other. */
export async function fulfilRemedyShipment(sim: Sim, orderId: string, shipmentId: string) {
  const order = await sim.api.get<OrderView>(`/api/orders/${orderId}`);
  const shipment = order.shipments.find((s) => s.id === shipmentId);
  if (shipment) scheduleFulfilment(sim, order, shipment, { zone: order.shippingZone }, false);
}

/** A shipment's journey; `reports`: whether its customer may report a problem on delivery. */
export function scheduleFulfilment(
  sim: Sim,
  order: OrderView,
  shipment: OrderView['shipments'][number],
  c: Pick<DemoCustomer, 'zone'>,
  reports = true,
) {
  const { rnd, agenda, api } = sim;
  sim.handled.add(shipment.id);
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
        progress(sim, incidentId, 'carrier');
      }
    });
  }
  agenda.at(deliverAt, async () => {
    const res = await event('delivered');
    const incidentId = opened(res.results[0]);
    // A new incident when the announced delay was dismissed, or a delivery later than promised.
    if (incidentId && incidentId !== lateIncident) progress(sim, incidentId, 'carrier');
    if (!reports) return;
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
  if (!made.joined) progress(sim, made.id, 'customer');
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

/**
 * What people do with an incident; the system does the rest. Detection (carrier, inventory)
 * verifies and plans by itself; an agent checks what a customer reports. The plan goes to the
 * customer, who answers by email or phone — or not, and the default runs at the deadline. The
 * remedy's shipments, pickups, refunds and the closing are the back office's rounds.
 */
function progress(sim: Sim, id: string, source: 'customer' | 'carrier' | 'inventory'): void {
  const { agenda, rnd, api } = sim;
  const t0 = sim.clock.now().getTime();
  const url = `/api/incidents/${id}`;
  if (source === 'customer') {
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
  }
  if (rnd.chance(0.05)) {
    agenda.at(t0 + rnd.int(4, 20) * HOUR, () =>
      api.post(`${url}/escalate`, { reason: 'The customer asked to speak to a manager' }),
    );
  }
  // Most customers answer within the day; the others let the default run at the deadline.
  if (rnd.chance(0.75)) agenda.at(t0 + rnd.int(4, 20) * HOUR, () => answerPlan(sim, id));
}

async function answerPlan(sim: Sim, incidentId: string): Promise<void> {
  const plan = await sim.db
    .selectFrom('remedy_plans')
    .select(['state', 'options', 'default_option_id'])
    .where('current_for', '=', incidentId)
    .executeTakeFirst();
  if (plan?.state !== 'proposed') return;
  const options = (JSON.parse(plan.options) as { id: string; available: boolean }[]).filter(
    (o) => o.available,
  );
  const other = options.filter((o) => o.id !== plan.default_option_id);
  const pick =
    other.length > 0 && sim.rnd.chance(0.25) ? sim.rnd.pick(other).id : plan.default_option_id;
  if (!pick) return;
  const byPhone = sim.rnd.chance(0.3);
  await sim.api.post(`/api/incidents/${incidentId}/plan/choose`, {
    optionId: pick,
    channel: byPhone ? 'phone' : 'email',
    reason: byPhone ? 'Chosen by the customer on the phone' : 'The customer replied to our email',
  });
}

/**
 * The last hours before "now", scripted so the queue always shows incidents that are still
 * being handled: one just reported, two waiting for the customer's choice, and one reopened.
 */
export async function scriptToday(sim: Sim, now: number): Promise<void> {
  const { api, clock } = sim;
  const recent = await api.get<{ data: { id: string }[] }>('/api/orders?status=completed&limit=4');
  const [first, second, third, fourth] = recent.data;
  const report = async (orderId: string, type: IncidentType, at: number, verifyAt?: number) => {
    clock.set(new Date(at));
    const order = await api.get<OrderView>(`/api/orders/${orderId}`);
    const line = order.lines[0];
    if (!line) return;
    const inc = await reportOnly(sim, order, type, line);
    await sim.runDue();
    if (verifyAt === undefined) return;
    clock.set(new Date(verifyAt));
    await api.post(`/api/incidents/${inc}/transitions`, {
      to: 'verified',
      note: 'Checked against the order and the pack record',
    });
    await sim.runDue();
  };
  if (fourth) {
    await report(fourth.id, 'missing_item', now - 5 * HOUR);
    const [dup] = (
      await api.get<{ data: { id: string }[] }>(`/api/incidents?orderId=${fourth.id}&limit=1`)
    ).data;
    clock.set(new Date(now - 4 * HOUR));
    if (dup) {
      await api.post(`/api/incidents/${dup.id}/transitions`, {
        to: 'dismissed',
        reason: 'The customer found the item in a second parcel',
      });
    }
  }
  if (first) await report(first.id, 'wrong_item', now - 3 * HOUR, now - 2 * HOUR);
  if (third) await report(third.id, 'damaged', now - 160 * MIN, now - 130 * MIN);
  if (second) await report(second.id, 'missing_item', now - 20 * MIN);
  // A customer says this morning's resolution is not over.
  clock.set(new Date(now - HOUR));
  const resolved = await api.get<{ data: { id: string }[] }>(
    '/api/incidents?state=resolved&limit=1',
  );
  const target = resolved.data[0];
  if (target) {
    // The customer's page shows the case reopened, in their language; the why stays with staff.
    await api.post(`/api/incidents/${target.id}/transitions`, {
      to: 'reopened',
      visibility: 'public',
    });
    await api.post(`/api/incidents/${target.id}/notes`, {
      message: 'The customer says the replacement has not arrived',
      visibility: 'internal',
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
