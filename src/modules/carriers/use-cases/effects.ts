import type { Executor } from '../../../db/database.js';
import {
  addNote,
  finalStates,
  incidentStates,
  listIncidents,
  openIncident,
  type ChangeContext,
  type IncidentState,
} from '../../incidents/index.js';
import { deliverShipment, getOrder, lockExistingOrder } from '../../orders/index.js';
import type { CarrierEffect, CarrierEvent, ShipmentRef } from '../carriers.js';
import { claimEvent, findPreviousEta, recordOutcome } from '../carriers.repository.js';
import { planEffects, type PlanStep, type Situation } from '../effect-plan.js';

export interface Outcome {
  effects: CarrierEffect[];
  incidentId: string | null;
}

/** Not resolved and not final: the incidents a new event of the same kind adds to. */
const openStates: IncidentState[] = incidentStates.filter(
  (s) => s !== 'resolved' && !finalStates.includes(s),
);

/**
 * Applies a stored, unmatched event to its shipment inside `trx`: claims it (so a concurrent
 * match run applies it once), then carries out `planEffects` with the order locked, so no other
 * event or fulfilment step of the order changes the shipment or opens an incident meanwhile.
 * Returns null when the event had already been applied.
 */
export async function applyEvent(
  trx: Executor,
  event: CarrierEvent,
  shipment: ShipmentRef,
  ctx: ChangeContext,
): Promise<Outcome | null> {
  const now = ctx.clock.now().toISOString();
  if (!(await claimEvent(trx, event.id, shipment.id, now))) return null;
  await lockExistingOrder(trx, shipment.orderId, now);
  const situation = await loadSituation(trx, event, shipment, ctx, now);
  const outcome: Outcome = { effects: [], incidentId: null };
  for (const step of planEffects(event, situation)) {
    await carryOut(trx, step, shipment, ctx, outcome);
  }
  await recordOutcome(trx, event.id, outcome);
  return outcome;
}

async function loadSituation(
  trx: Executor,
  event: CarrierEvent,
  ref: ShipmentRef,
  ctx: ChangeContext,
  now: string,
): Promise<Situation> {
  const order = await getOrder(trx, ref.orderId);
  const shipment = order.shipments.find((s) => s.id === ref.id);
  if (!shipment) throw new Error(`Shipment ${ref.id} is not in order ${order.id}`);
  const incidents = await listIncidents(
    trx,
    { orderId: order.id, state: openStates, sort: 'newest', limit: 500 },
    ctx.clock,
  );
  const open = incidents.data.filter((i) => i.shipmentId === ref.id);
  const lateOpen = open.some((i) => i.type === 'late_delivery');
  return {
    now,
    shipment,
    promisedAt: shipment.promisedAt ?? order.promisedAt,
    open,
    previousEta: lateOpen && event.newEta ? await findPreviousEta(trx, ref.id, event.id) : null,
  };
}

async function carryOut(
  trx: Executor,
  step: PlanStep,
  shipment: ShipmentRef,
  ctx: ChangeContext,
  outcome: Outcome,
): Promise<void> {
  switch (step.kind) {
    case 'deliver':
      await deliverShipment(
        trx,
        { shipmentId: shipment.id, orderId: shipment.orderId },
        { deliveredAt: step.deliveredAt },
        { now: ctx.clock.now().toISOString(), actor: ctx.actor },
      );
      outcome.effects.push('shipment_delivered');
      return;
    case 'open': {
      const incident = await openIncident(
        trx,
        {
          type: step.type,
          source: 'carrier',
          severity: step.severity,
          shipmentId: shipment.id,
          summary: step.summary,
          description: step.description,
          rootCause: step.rootCause,
          facts: step.facts,
          notifyCustomer: true,
        },
        ctx,
      );
      outcome.effects.push('incident_opened');
      outcome.incidentId = incident.id;
      return;
    }
    case 'note':
      await addNote(
        trx,
        step.incidentId,
        { message: step.message, visibility: 'internal', kind: 'note' },
        ctx,
      );
      if (!outcome.effects.includes('incident_noted')) outcome.effects.push('incident_noted');
      outcome.incidentId ??= step.incidentId;
      return;
  }
}
