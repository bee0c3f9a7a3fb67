import type { Db } from '../db/database.js';
import type { RootCause } from '../modules/incidents/index.js';
import { HOUR, type TestClock } from '../shared/clock.js';
import type { Agenda } from './agenda.js';
import type { ApiClient } from './api-client.js';
import type { Random } from './random.js';

/**
 * The people around the incidents, each working through the API on what the system handed them:
 * the warehouse ships what remedies created (reships, missing units, backorders) and brings back
 * pickups, stores hand over reservations, finance approves and confirms transfers, agents close
 * resolved incidents with their root cause, and customers answer surveys. Work is found by
 * reading the database, as a person would find it in a queue; every action goes through the API.
 */
export interface BackOfficeSim {
  api: ApiClient;
  db: Db;
  clock: TestClock;
  rnd: Random;
  agenda: Agenda;
  /** Shipments whose journey is already scheduled. */
  handled: Set<string>;
  /** Schedules packing, shipping and delivery of a shipment created by a remedy. */
  fulfil: (orderId: string, shipmentId: string) => Promise<void>;
}

const causeOf: Record<string, RootCause[]> = {
  wrong_item: ['look_alike_sku', 'look_alike_sku', 'picking_error', 'bin_location_error'],
  missing_item: ['picking_error', 'inventory_desync'],
  damaged: ['carrier_damage', 'carrier_damage', 'supplier_defect'],
  lost: ['carrier_damage'],
  late_delivery: ['other', 'address_error'],
  stockout: ['inventory_desync', 'inventory_desync', 'system_error'],
};

const decided = new WeakMap<BackOfficeSim, Set<string>>();

/** Each thing is looked at once: a survey left unanswered stays unanswered. */
function firstLook(sim: BackOfficeSim, key: string): boolean {
  let seen = decided.get(sim);
  if (!seen) decided.set(sim, (seen = new Set()));
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

export async function backOfficeRound(sim: BackOfficeSim): Promise<void> {
  await shipRemedyShipments(sim);
  await handOverReservations(sim);
  await financeRound(sim);
  await closeResolved(sim);
  await answerSurveys(sim);
}

async function shipRemedyShipments(sim: BackOfficeSim): Promise<void> {
  const pending = await sim.db
    .selectFrom('shipments')
    .select(['id', 'order_id', 'kind'])
    .where('status', '=', 'pending')
    .where('blocked_at', 'is', null)
    .orderBy('id')
    .execute();
  for (const s of pending) {
    if (sim.handled.has(s.id)) continue;
    sim.handled.add(s.id);
    if (s.kind === 'return_pickup') schedulePickup(sim, s.order_id, s.id);
    else await sim.fulfil(s.order_id, s.id);
  }
}

/** The carrier collects from the customer within a day or two and brings it to the warehouse. */
function schedulePickup(sim: BackOfficeSim, orderId: string, shipmentId: string): void {
  const { rnd, agenda, api } = sim;
  const base = `/api/orders/${orderId}/shipments/${shipmentId}`;
  const collected = sim.clock.now().getTime() + rnd.int(4, 36) * HOUR;
  const carrier = rnd.pick(['CTT', 'DPD', 'GLS']);
  agenda.at(collected, () =>
    api.post(base + '/ship', {
      carrier,
      trackingNumber: `${carrier}R${shipmentId.slice(-9).toUpperCase()}`,
      serviceLevel: 'standard',
    }),
  );
  agenda.at(collected + rnd.int(12, 40) * HOUR, () => api.post(base + '/deliver', {}));
}

async function handOverReservations(sim: BackOfficeSim): Promise<void> {
  const waiting = await sim.db
    .selectFrom('remedy_steps as s')
    .innerJoin('remedy_plans as p', 'p.id', 's.plan_id')
    .select(['s.id', 's.refs', 'p.incident_id'])
    .where('s.kind', '=', 'reserve_in_store')
    .where('s.state', '=', 'done')
    .where('s.completed_at', 'is', null)
    .execute();
  for (const step of waiting) {
    if (!firstLook(sim, `collect:${step.id}`)) continue;
    // Most customers come for it; the others let it expire and get the default.
    if (!sim.rnd.chance(0.75)) continue;
    const code = (JSON.parse(step.refs ?? '{}') as { pickupCode?: string }).pickupCode;
    if (!code) continue;
    sim.agenda.at(sim.clock.now().getTime() + sim.rnd.int(2, 40) * HOUR, async () => {
      const still = await sim.db
        .selectFrom('remedy_steps')
        .select(['state', 'completed_at'])
        .where('id', '=', step.id)
        .executeTakeFirst();
      if (still?.state !== 'done' || still.completed_at) return;
      await sim.api.post(`/api/incidents/${step.incident_id}/plan/steps/${step.id}/received`, {
        code,
      });
    });
  }
}

async function financeRound(sim: BackOfficeSim): Promise<void> {
  const now = sim.clock.now().getTime();
  const plans = await sim.db
    .selectFrom('remedy_plans')
    .select(['incident_id', 'updated_at'])
    .where('state', '=', 'awaiting_approval')
    .where('current_for', 'is not', null)
    .execute();
  for (const p of plans) {
    if (now - Date.parse(p.updated_at) < 3 * HOUR) continue;
    await sim.api.post(`/api/incidents/${p.incident_id}/plan/approve`, {
      note: 'Checked against the order value and the customer history',
    });
  }
  const refunds = await sim.db
    .selectFrom('refunds')
    .select(['id'])
    .where('state', '=', 'approved')
    .where('provider', '=', 'manual')
    .execute();
  for (const r of refunds) {
    // Finance confirms transfers within a day or so; now and then one waits past its 72 h clock
    // and the breach shows on the incident.
    if (!firstLook(sim, `confirm:${r.id}`) || sim.rnd.chance(0.04)) continue;
    sim.agenda.at(now + sim.rnd.int(6, 40) * HOUR, async () => {
      const still = await sim.db
        .selectFrom('refunds')
        .select('state')
        .where('id', '=', r.id)
        .executeTakeFirst();
      if (still?.state !== 'approved') return;
      await sim.api.post(`/api/refunds/${r.id}/confirm`, {
        reference: `TRF-${r.id.slice(-8).toUpperCase()}`,
      });
    });
  }
}

async function closeResolved(sim: BackOfficeSim): Promise<void> {
  const resolved = await sim.db
    .selectFrom('incidents')
    .select(['id', 'type', 'resolved_at'])
    .where('state', '=', 'resolved')
    .execute();
  for (const i of resolved) {
    if (!i.resolved_at || !firstLook(sim, `close:${i.id}`)) continue;
    // Closed a day to four after the resolution, with the root cause the team settled on.
    const at = Date.parse(i.resolved_at) + sim.rnd.int(24, 96) * HOUR;
    const rootCause = sim.rnd.pick(causeOf[i.type] ?? ['other']);
    sim.agenda.at(Math.max(at, sim.clock.now().getTime()), async () => {
      const still = await sim.db
        .selectFrom('incidents')
        .select('state')
        .where('id', '=', i.id)
        .executeTakeFirst();
      if (still?.state !== 'resolved') return;
      await sim.api.post(`/api/incidents/${i.id}/transitions`, { to: 'closed', rootCause });
    });
  }
}

const comments: Record<number, string[]> = {
  1: ['Took far too long and nobody called me back.'],
  2: ['The replacement came but I had to ask twice.'],
  3: ['Fine in the end.'],
  4: ['Quick and clear, thank you.', 'Good: the new one arrived the next day.'],
  5: ['Excellent, they told me before I noticed.', 'Very fast refund, thank you!'],
};

async function answerSurveys(sim: BackOfficeSim): Promise<void> {
  const sent = await sim.db
    .selectFrom('surveys')
    .select(['incident_id'])
    .where('sent_at', 'is not', null)
    .where('answered_at', 'is', null)
    .execute();
  for (const s of sent) {
    if (!firstLook(sim, `survey:${s.incident_id}`) || !sim.rnd.chance(0.55)) continue;
    const score = sim.rnd.pick([5, 5, 5, 4, 4, 4, 3, 2, 1]);
    await sim.api.post(`/api/incidents/${s.incident_id}/survey`, {
      score,
      comment: sim.rnd.chance(0.6) ? sim.rnd.pick(comments[score] ?? ['']) : undefined,
      channel: 'email',
    });
  }
}
