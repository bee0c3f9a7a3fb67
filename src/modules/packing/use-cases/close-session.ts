import type { Executor } from '../../../db/database.js';
import { newId } from '../../../shared/ids.js';
import type { Clock } from '../../../shared/clock.js';
import { getIncident, type Incident } from '../../incidents/index.js';
import {
  blockShipment,
  markShipmentPacked,
  shortShipment,
  unblockShipment,
  type Shipment,
} from '../../orders/index.js';
import {
  cannotAcceptShort,
  sessionClosed,
  sessionNotFound,
  shipmentNotPending,
} from '../packing.errors.js';
import type { PackSession, Shortage } from '../packing.js';
import { rowToSession } from '../packing.mappers.js';
import {
  findSession,
  findSessionsOf,
  insertDiscrepancies,
  lockOpenSession,
  setSessionResult,
} from '../packing.repository.js';
import { compareBox, type Box, type SessionView } from './box.js';
import { onlyShort } from './compare.js';
import { catchEarlier, describeAll, raisePackIncident } from './pack-incident.js';
import { correctShelves, remedyFacts, shortagesOf } from './shortage.js';

export interface CloseInput {
  /** Pack what the box holds and leave the units the shelf does not have unallocated. */
  acceptShort?: boolean;
}

export interface CloseRef {
  now: string;
  actor: string;
  clock: Clock;
}

export interface CloseResult extends SessionView {
  shipment: Pick<Shipment, 'id' | 'status' | 'blockedAt' | 'blockedReason'>;
  incident: Pick<Incident, 'id' | 'type' | 'state' | 'rootCause'> | null;
  shortages: Shortage[];
  /** Incidents of earlier mismatches that ended `caught` with this close. */
  caughtIncidentIds: string[];
}

/**
 * The verdict of a session, in one transaction. A match packs the shipment (unblocking it and
 * catching the incidents of earlier mismatches). A mismatch blocks it and opens (or keeps) an
 * incident; units the shelf did not have come off the location's stock at once. With
 * `acceptShort`, a box that only lacks units the shelf does not have is packed as it is — also
 * on a session already closed as a mismatch, as long as no later session was opened.
 */
export async function closeSession(
  trx: Executor,
  id: string,
  input: CloseInput,
  ref: CloseRef,
): Promise<CloseResult> {
  const { session, reclose } = await lockForClose(trx, id, input);
  const box = await compareBox(trx, session);
  if (box.shipment.status !== 'pending') throw shipmentNotPending(box.shipment);
  if (box.comparison.matched) return closeMatched(trx, session, box, ref);

  const shortages = await shortagesOf(trx, box);
  if (input.acceptShort) assertShortAcceptable(box, shortages);
  // A re-close only turns the mismatch already recorded into a short shipment.
  const incident =
    reclose && session.incidentId
      ? await getIncident(trx, session.incidentId, ref.clock)
      : await recordMismatch(trx, session, box, shortages, ref);
  const target = { shipmentId: session.shipmentId };
  let shipment: Shipment;
  let caught: string[] = [];
  if (input.acceptShort) {
    await shortShipment(trx, target, cutsOf(box, shortages), 'not on the shelf at packing', ref);
    await unblockShipment(trx, target, ref);
    shipment = await markShipmentPacked(trx, target, ref);
    caught = await catchEarlier(trx, session, incident.id, ref);
  } else {
    const reason = `pack session ${session.id}: ${describeAll(box.comparison.discrepancies)}`;
    shipment = await blockShipment(trx, target, reason.slice(0, 500), ref);
  }
  const result = input.acceptShort ? 'short_accepted' : 'mismatch';
  const from = reclose ? ({ status: 'closed', result: 'mismatch' } as const) : open;
  const moved = await setSessionResult(trx, session.id, from, {
    result,
    incident_id: incident.id,
    closed_at: ref.now,
  });
  if (!moved) throw sessionClosed({ ...session, status: 'closed' });
  const closed = { ...session, status: 'closed', result, incidentId: incident.id } as const;
  return view({ ...closed, closedAt: ref.now }, box, shipment, incident, { shortages, caught });
}

/**
 * What a mismatch leaves behind: the units the shelf did not have taken off its stock, the
 * incident (with the remedy facts when the order cannot ship as promised) and the discrepancies
 * the error rates are counted from.
 */
async function recordMismatch(
  trx: Executor,
  session: PackSession,
  box: Box,
  shortages: readonly Shortage[],
  ref: CloseRef,
): Promise<Incident> {
  const corrected = await correctShelves(trx, box, shortages, { ...ref, sessionId: session.id });
  const remedy = shortages.some((s) => s.shelfShort > 0)
    ? await remedyFacts(trx, box, shortages)
    : null;
  const incident = await raisePackIncident(trx, { session, box, shortages, remedy }, ref);
  await insertDiscrepancies(trx, discrepancyRows(session, box, shortages, corrected));
  return incident;
}

const open = { status: 'open' } as const;

async function lockForClose(
  trx: Executor,
  id: string,
  input: CloseInput,
): Promise<{ session: PackSession; reclose: boolean }> {
  const locked = await lockOpenSession(trx, id);
  if (locked) return { session: rowToSession(locked), reclose: false };
  const row = await findSession(trx, id);
  if (!row) throw sessionNotFound(id);
  const session = rowToSession(row);
  if (!input.acceptShort || session.result !== 'mismatch') throw sessionClosed(session);
  const sessions = await findSessionsOf(trx, session.shipmentId);
  const latest = sessions[sessions.length - 1];
  if (latest?.id !== session.id) {
    throw cannotAcceptShort(`pack session ${latest?.id ?? '?'} on the shipment is more recent`, {
      sessionId: session.id,
      latestSessionId: latest?.id,
    });
  }
  return { session, reclose: true };
}

async function closeMatched(
  trx: Executor,
  session: PackSession,
  box: Box,
  ref: CloseRef,
): Promise<CloseResult> {
  const target = { shipmentId: session.shipmentId };
  // Wrong units an earlier box held (the NAVY of S1) go back to the shelf without a stock
  // movement: nothing was reserved or picked for them. Stock leaves a location only when a
  // shipment ships, for the shipment's own lines, and a blocked shipment does not ship.
  await unblockShipment(trx, target, ref);
  const shipment = await markShipmentPacked(trx, target, ref);
  const caught = await catchEarlier(trx, session, null, ref);
  await setSessionResult(trx, session.id, open, {
    result: 'match',
    incident_id: null,
    closed_at: ref.now,
  });
  return view(
    { ...session, status: 'closed', result: 'match', closedAt: ref.now },
    box,
    shipment,
    null,
    { shortages: [], caught },
  );
}

/** Only a box that lacks nothing the shelf still has, and holds nothing else, ships short. */
function assertShortAcceptable(box: Box, shortages: readonly Shortage[]): void {
  const details = { discrepancies: box.comparison.discrepancies };
  if (!onlyShort(box.comparison)) {
    throw cannotAcceptShort(
      'the box holds units that are not on the shipment, or too many: take them out and ' +
        'scan the box again in a new session',
      details,
    );
  }
  const pickable = shortages.filter((s) => s.shelfShort < s.qty);
  if (pickable.length > 0) {
    throw cannotAcceptShort(
      `the location still has ${pickable.map((s) => `${s.qty - s.shelfShort} × ${s.sku}`).join(', ')}` +
        ': pick them and scan the box again in a new session',
      { ...details, pickable },
    );
  }
  if (!box.comparison.lines.some((l) => l.scanned > 0)) {
    throw cannotAcceptShort(
      'nothing of the shipment is in the box: cancel the shipment instead',
      details,
    );
  }
}

/** The units to take off the shipment, from its last lines of each product first. */
function cutsOf(
  box: Box,
  shortages: readonly Shortage[],
): { shipmentLineId: string; qty: number }[] {
  return shortages.flatMap((s) => {
    let left = s.qty;
    return [...box.expected]
      .reverse()
      .filter((e) => e.productId === s.productId)
      .flatMap((e) => {
        const qty = Math.min(left, e.qty);
        left -= qty;
        return qty > 0 ? [{ shipmentLineId: e.shipmentLineId, qty }] : [];
      });
  });
}

function discrepancyRows(
  session: PackSession,
  box: Box,
  shortages: readonly Shortage[],
  corrected: ReadonlyMap<string, number>,
) {
  return box.comparison.discrepancies.map((d) => {
    const short = d.kind === 'missing_item' || d.kind === 'wrong_quantity';
    const shortage = short ? shortages.find((s) => s.sku === d.expectedSku) : undefined;
    return {
      id: newId('pkd'),
      session_id: session.id,
      kind: d.kind,
      order_line_id: d.orderLineId,
      expected_sku: d.expectedSku,
      expected_qty: d.expectedQty,
      scanned_sku: d.scannedSku,
      scanned_code: d.scannedCode,
      scanned_qty: d.scannedQty,
      shelf_short: shortage?.shelfShort ?? 0,
      corrected: short && d.expectedSku ? (corrected.get(d.expectedSku) ?? 0) : 0,
    };
  });
}

function view(
  session: PackSession,
  box: Box,
  shipment: Shipment,
  incident: Incident | null,
  extra: { shortages: Shortage[]; caught: string[] },
): CloseResult {
  return {
    ...session,
    comparison: box.comparison,
    shipment: {
      id: shipment.id,
      status: shipment.status,
      blockedAt: shipment.blockedAt,
      blockedReason: shipment.blockedReason,
    },
    incident: incident && {
      id: incident.id,
      type: incident.type,
      state: incident.state,
      rootCause: incident.rootCause,
    },
    shortages: extra.shortages,
    caughtIncidentIds: extra.caught,
  };
}
