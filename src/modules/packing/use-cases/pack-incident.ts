import type { Executor } from '../../../db/database.js';
import {
  getIncident,
  openIncident,
  transitionIncident,
  type ChangeContext,
  type Incident,
  type IncidentType,
  type OpenIncidentInput,
  type RootCause,
} from '../../incidents/index.js';
import type { Discrepancy, PackSession, Shortage } from '../packing.js';
import { findSessionsOf } from '../packing.repository.js';
import type { Box } from './box.js';
import { mainDiscrepancy } from './compare.js';
import type { RemedyFacts } from './shortage.js';

/**
 * The incident a mismatch opens. Caught at the station it concerns nobody outside (no customer
 * message) but still counts for root cause; when the shelf lacks units the order cannot ship
 * as promised, so it is the customer's incomplete order (`missing_item`, customer notified)
 * with the facts the remedy engine plans from.
 */
export interface MismatchFacts {
  session: PackSession;
  box: Box;
  shortages: readonly Shortage[];
  /** Present when the shelf lacked units. */
  remedy: RemedyFacts | null;
}

export async function raisePackIncident(
  trx: Executor,
  facts: MismatchFacts,
  ctx: ChangeContext,
): Promise<Incident> {
  const customerFacing = facts.remedy !== null;
  const previous = await blockingIncident(trx, facts.session, ctx);
  // Another mismatch of a shipment still held for the same kind of reason is the same incident.
  if (previous && previous.facts?.customerFacing === customerFacing) return previous;
  return openIncident(trx, incidentInput(facts), ctx);
}

function incidentInput({ session, box, remedy }: MismatchFacts): OpenIncidentInput {
  const { discrepancies } = box.comparison;
  const main = mainDiscrepancy(discrepancies);
  const type: IncidentType = remedy
    ? 'missing_item'
    : main === 'unknown_code' || main === null
      ? 'other'
      : main;
  const rootCause: RootCause = remedy
    ? 'inventory_desync'
    : discrepancies.some((d) => d.kind === 'wrong_item')
      ? 'look_alike_sku'
      : 'picking_error';
  const summary = remedy
    ? `Incomplete order: ${remedy.missing.map((m) => `${m.qty} × ${m.sku}`).join(', ')} not on the shelf`
    : `Pack check at ${session.station}: ${describeAll(discrepancies)}`;
  return {
    type,
    source: 'pack',
    shipmentId: session.shipmentId,
    locationId: session.locationId,
    summary: clip(summary, 200),
    description: clip(
      `Pack session ${session.id} by ${session.packer} at station ${session.station}: ` +
        describeAll(discrepancies),
      5000,
    ),
    rootCause,
    lines: discrepancies.slice(0, 200).map((d) => ({
      ...(d.orderLineId ? { orderLineId: d.orderLineId } : {}),
      ...(d.expectedSku ? { expectedSku: d.expectedSku } : {}),
      expectedQty: d.expectedQty,
      ...(d.scannedSku || d.scannedCode
        ? { actualSku: clip(d.scannedSku ?? d.scannedCode ?? '', 100) }
        : {}),
      actualQty: d.scannedQty,
      discrepancy: d.kind,
      note: clip(describe(d), 2000),
    })),
    facts: {
      packSessionId: session.id,
      packer: session.packer,
      station: session.station,
      locationId: session.locationId,
      customerFacing: remedy !== null,
      ...(remedy ?? {}),
    },
    notifyCustomer: remedy !== null,
  };
}

/** The incident of the mismatch that blocks the shipment now, while it is still `detected`. */
async function blockingIncident(
  trx: Executor,
  session: PackSession,
  ctx: ChangeContext,
): Promise<Incident | undefined> {
  const earlier = (await findSessionsOf(trx, session.shipmentId)).filter(
    (s) => s.id !== session.id && s.result === 'mismatch' && s.incident_id,
  );
  const last = earlier[earlier.length - 1];
  if (!last?.incident_id) return undefined;
  const incident = await getIncident(trx, last.incident_id, ctx.clock);
  return incident.state === 'detected' ? incident : undefined;
}

/**
 * Corrected at the station: the incidents of the shipment's earlier mismatches end `caught`
 * (final, no customer message), all but `keep` (an incomplete order still to be remedied).
 */
export async function catchEarlier(
  trx: Executor,
  session: PackSession,
  keep: string | null,
  ctx: ChangeContext,
): Promise<string[]> {
  const ids = new Set(
    (await findSessionsOf(trx, session.shipmentId)).flatMap((s) =>
      s.incident_id && s.incident_id !== keep ? [s.incident_id] : [],
    ),
  );
  const caught: string[] = [];
  for (const id of ids) {
    const incident = await getIncident(trx, id, ctx.clock);
    if (incident.state !== 'detected') continue;
    await transitionIncident(trx, id, 'caught', {
      ...ctx,
      note: `Corrected at the pack station: session ${session.id} by ${session.packer} matched`,
    });
    caught.push(id);
  }
  return caught;
}

export function describe(d: Discrepancy): string {
  switch (d.kind) {
    case 'wrong_item':
      return `${d.scannedQty} × ${d.scannedSku} instead of ${d.expectedSku} (a look-alike)`;
    case 'missing_item':
      return `${d.expectedQty} × ${d.expectedSku} missing`;
    case 'wrong_quantity':
      return `${d.scannedQty} of ${d.expectedQty} × ${d.expectedSku}`;
    case 'extra_item':
      return `${d.scannedQty} × ${d.scannedSku} not on the shipment`;
    case 'unknown_code':
      return `${d.scannedQty} × unknown code ${d.scannedCode}`;
  }
}

export function describeAll(discrepancies: readonly Discrepancy[]): string {
  return discrepancies.map((d) => `${d.kind} ${describe(d)}`).join('; ');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
