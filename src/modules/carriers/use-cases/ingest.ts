import type { Db } from '../../../db/database.js';
import { validationError, type FieldIssue } from '../../../shared/app-error.js';
import type { Clock } from '../../../shared/clock.js';
import { newId } from '../../../shared/ids.js';
import type { TrackedShipment } from '../carriers.js';
import type { CarrierEventsTable } from '../carriers.table.js';
import { insertEventIfNew } from '../carriers.repository.js';
import type { CarrierEventInput, IngestBody, IngestedEvent } from '../carriers.schemas.js';
import { FIRST_MATCH_MS, applyUnmatched, resolveShipment, scheduleMatch } from './match.js';

/** Carrier clocks run a little ahead of ours; an event further in the future is refused. */
export const FUTURE_SKEW_MS = 5 * 60_000;

type Ctx = { db: Db; clock: Clock };

/**
 * Stores carrier events and applies them to their shipments.
 *
 * A body that fails validation (schema, or an occurredAt in the future) is refused whole with a
 * 400 naming `events.N.field`, and nothing is stored: a carrier integration resends the batch
 * once fixed, and duplicates are ignored, so resending what did apply is harmless.
 *
 * Valid events are applied oldest occurrence first, each in its own transaction with its effects
 * (the event row, the delivery, the incident and its notification job commit together). A crash
 * mid-batch leaves the earlier events stored; the same retry makes the rest apply.
 */
export async function ingestCarrierEvents(
  ctx: Ctx,
  body: IngestBody,
  actor: string,
): Promise<{ created: boolean; results: IngestedEvent[] }> {
  const batch = 'events' in body;
  const inputs = batch ? body.events : [body];
  const now = ctx.clock.now().getTime();
  const issues: FieldIssue[] = [];
  inputs.forEach((e, i) => {
    if (Date.parse(e.occurredAt) > now + FUTURE_SKEW_MS) {
      issues.push({
        path: `${batch ? `events.${i}.` : ''}occurredAt`,
        message: 'is in the future',
      });
    }
  });
  if (issues.length > 0) throw validationError(issues);

  const at = inputs.map((e) => Date.parse(e.occurredAt));
  const order = inputs.map((_, i) => i).sort((a, b) => (at[a] ?? 0) - (at[b] ?? 0) || a - b);
  const results: IngestedEvent[] = new Array<IngestedEvent>(inputs.length);
  for (const i of order) {
    const input = inputs[i];
    if (input) results[i] = await ingestOne(ctx, input, actor);
  }
  return { created: results.some((r) => !r.duplicate), results };
}

async function ingestOne(ctx: Ctx, input: CarrierEventInput, actor: string) {
  return ctx.db.transaction().execute(async (trx): Promise<IngestedEvent> => {
    const row = toRow(input, actor, ctx.clock.now().toISOString());
    const base = { eventId: row.event_id, carrier: row.carrier, incidentId: null, effects: [] };
    if (!(await insertEventIfNew(trx, row))) {
      return { ...base, status: 'duplicate', duplicate: true, id: null, shipmentId: null };
    }
    const cache = new Map<string, TrackedShipment[]>();
    const shipment = await resolveShipment(
      trx,
      {
        givenShipmentId: row.given_shipment_id,
        trackingNumber: row.tracking_number,
        carrier: row.carrier,
      },
      cache,
    );
    if (!shipment) {
      await scheduleMatch(trx, ctx.clock, FIRST_MATCH_MS);
      return { ...base, status: 'unmatched', duplicate: false, id: row.id, shipmentId: null };
    }
    // This event, and any of the shipment's that came before it had a tracking number.
    const applied = await applyUnmatched(
      trx,
      { trackingNumber: row.tracking_number, shipmentId: shipment.id },
      { actor, clock: ctx.clock },
      { onlyShipmentId: shipment.id, cache },
    );
    const outcome = applied.get(row.id);
    // Stored unmatched in this transaction and resolving to this shipment: it must have applied.
    if (!outcome)
      throw new Error(`Carrier event ${row.id} resolved to ${shipment.id} but did not apply`);
    return {
      ...base,
      status: 'applied',
      duplicate: false,
      id: row.id,
      shipmentId: shipment.id,
      incidentId: outcome.incidentId,
      effects: outcome.effects,
    };
  });
}

function toRow(input: CarrierEventInput, actor: string, now: string): CarrierEventsTable {
  return {
    id: newId('cev'),
    carrier: input.carrier,
    event_id: input.eventId,
    type: input.type,
    occurred_at: new Date(input.occurredAt).toISOString(),
    tracking_number: input.trackingNumber ?? null,
    given_shipment_id: input.shipmentId ?? null,
    shipment_id: null,
    new_eta: input.newEta ? new Date(input.newEta).toISOString() : null,
    location: input.location ?? null,
    description: input.description ?? null,
    raw: input.raw === undefined ? null : JSON.stringify(input.raw),
    status: 'unmatched',
    effects: '[]',
    incident_id: null,
    last_error: null,
    actor,
    received_at: now,
    applied_at: null,
  };
}
