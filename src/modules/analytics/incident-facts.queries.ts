import type { Executor } from '../../db/database.js';
import { addMs, DAY } from '../../shared/clock.js';
import {
  NONE,
  REPEAT_WINDOW_DAYS,
  type CostFact,
  type DimKeys,
  type Facts,
  type IncidentFact,
  type RefundFact,
  type SurveyFact,
} from './analytics.js';
import {
  byChunks,
  orderContexts,
  orderedWithin,
  placedTimesOf,
  shipmentContexts,
} from './context.queries.js';
import { dayOf, type TimeRange } from './days.js';
import { classOf, groupBy } from './order-facts.queries.js';

/**
 * Analytics query file: incidents (counted when detected, their resolution when it resolves)
 * and the refunds, surveys and costs that hang off them, each with the incident's breakdown keys.
 */

const resolvedStates = ['resolved', 'closed'];

interface IncidentRow {
  id: string;
  type: string;
  state: string;
  root_cause: string | null;
  escalated: number;
  order_id: string | null;
  customer_id: string | null;
  shipment_id: string | null;
  location_id: string | null;
  detected_at: string;
  verified_at: string | null;
  resolved_at: string | null;
}

export interface IncidentDetail {
  row: IncidentRow;
  dims: DimKeys;
}

export async function incidentDetails(
  db: Executor,
  incidentIds: readonly string[],
): Promise<Map<string, IncidentDetail>> {
  const rows = await byChunks(incidentIds, (ids) =>
    db
      .selectFrom('incidents')
      .select([
        'id',
        'type',
        'state',
        'root_cause',
        'escalated',
        'order_id',
        'customer_id',
        'shipment_id',
        'location_id',
        'detected_at',
        'verified_at',
        'resolved_at',
      ])
      .where('id', 'in', ids)
      .execute(),
  );
  const orders = await orderContexts(
    db,
    rows.flatMap((r) => (r.order_id ? [r.order_id] : [])),
  );
  const shipments = await shipmentContexts(
    db,
    rows.flatMap((r) => (r.shipment_id ? [r.shipment_id] : [])),
  );
  const [sessions, suppliers, tiers] = await Promise.all([
    packSessionsOf(db, incidentIds),
    suppliersOf(db, incidentIds),
    tiersOf(
      db,
      rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])),
    ),
  ]);
  const out = new Map<string, IncidentDetail>();
  for (const row of rows) {
    const order = row.order_id ? orders.get(row.order_id) : undefined;
    const shipment = row.shipment_id ? shipments.get(row.shipment_id) : undefined;
    const session = sessions.get(row.id);
    const pick = (v: string | undefined, ...rest: (string | undefined)[]): string =>
      [v, ...rest].find((x) => x !== undefined && x !== NONE) ?? NONE;
    out.set(row.id, {
      row,
      dims: {
        type: row.type,
        root_cause: row.root_cause ?? NONE,
        location: pick(row.location_id ?? undefined, shipment?.location, order?.location),
        carrier: pick(shipment?.carrier, order?.carrier),
        packer: pick(session?.packer, shipment?.packer, order?.packer),
        station: pick(session?.station, shipment?.station, order?.station),
        supplier: suppliers.get(row.id) ?? NONE,
        channel: order?.channel ?? NONE,
        tier: (row.customer_id && tiers.get(row.customer_id)) || NONE,
      },
    });
  }
  return out;
}

/** The pack session that raised each incident (the latest, when several did). */
async function packSessionsOf(
  db: Executor,
  incidentIds: readonly string[],
): Promise<Map<string, { packer: string; station: string }>> {
  const rows = await byChunks(incidentIds, (ids) =>
    db
      .selectFrom('pack_sessions')
      .select(['id', 'incident_id', 'packer', 'station'])
      .where('incident_id', 'in', ids)
      .orderBy('id')
      .execute(),
  );
  return new Map(rows.map((r) => [r.incident_id ?? '', r]));
}

/** The supplier of the product on the incident's first line. */
async function suppliersOf(
  db: Executor,
  incidentIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await byChunks(incidentIds, (ids) =>
    db
      .selectFrom('incident_lines as il')
      .leftJoin('order_lines as ol', 'ol.id', 'il.order_line_id')
      .leftJoin('products as byLine', 'byLine.id', 'ol.product_id')
      .leftJoin('products as bySku', 'bySku.sku', 'il.expected_sku')
      .select([
        'il.id',
        'il.incident_id',
        'il.order_line_id',
        'byLine.supplier_id as lineSupplier',
        'bySku.supplier_id as skuSupplier',
      ])
      .where('il.incident_id', 'in', ids)
      .orderBy('il.id')
      .execute(),
  );
  const out = new Map<string, string>();
  for (const r of rows) {
    if (out.has(r.incident_id)) continue;
    const supplier = r.order_line_id ? r.lineSupplier : r.skuSupplier;
    out.set(r.incident_id, supplier ?? NONE);
  }
  return out;
}

async function tiersOf(db: Executor, customerIds: readonly string[]) {
  const rows = await byChunks(customerIds, (ids) =>
    db.selectFrom('customers').select(['id', 'tier']).where('id', 'in', ids).execute(),
  );
  return new Map(rows.map((r) => [r.id, r.tier]));
}

export async function loadIncidentFacts(db: Executor, range: TimeRange): Promise<IncidentFact[]> {
  const [detected, resolved] = await Promise.all([
    db
      .selectFrom('incidents')
      .select('id')
      .where('detected_at', '>=', range.from)
      .where('detected_at', '<', range.to)
      .execute(),
    db
      .selectFrom('incidents')
      .select('id')
      .where('resolved_at', '>=', range.from)
      .where('resolved_at', '<', range.to)
      .where('state', 'in', resolvedStates)
      .execute(),
  ]);
  const ids = [...new Set([...detected, ...resolved].map((r) => r.id))];
  if (ids.length === 0) return [];
  const facts = await incidentFactsOf(db, await incidentDetails(db, ids));
  return [...facts.values()];
}

/** The facts of incidents whose details are loaded, by incident id. */
async function incidentFactsOf(
  db: Executor,
  details: Map<string, IncidentDetail>,
): Promise<Map<string, IncidentFact>> {
  const notified = await firstNotified(db, [...details.keys()]);
  const rows = [...details.values()].map((d) => d.row);
  const resolved = rows.filter((r) => r.resolved_at && resolvedStates.includes(r.state));
  const times = resolved.map((r) => r.resolved_at ?? '').sort();
  const placed =
    times.length === 0
      ? new Map<string, string[]>()
      : await placedTimesOf(
          db,
          resolved.flatMap((r) => (r.customer_id ? [r.customer_id] : [])),
          { after: times[0] ?? '', until: addMs(times.at(-1) ?? '', REPEAT_WINDOW_DAYS * DAY) },
        );
  const out = new Map<string, IncidentFact>();
  for (const { row, dims } of details.values()) {
    const resolvedAt = resolvedStates.includes(row.state) ? row.resolved_at : null;
    const notifiedAt = notified.get(row.id);
    out.set(row.id, {
      id: row.id,
      detectedDay: dayOf(row.detected_at),
      dims,
      class: classOf(row.state),
      escalated: row.escalated === 1,
      notifyMs: notifiedAt === undefined ? null : msBetween(row.detected_at, notifiedAt),
      resolution: resolvedAt
        ? {
            day: dayOf(resolvedAt),
            ms: msBetween(row.detected_at, resolvedAt),
            repeat: row.customer_id
              ? orderedWithin(
                  placed.get(row.customer_id),
                  resolvedAt,
                  addMs(resolvedAt, REPEAT_WINDOW_DAYS * DAY),
                )
              : null,
          }
        : null,
    });
  }
  return out;
}

/**
 * Everything an incident counts for, by incident id: the incident itself and its refunds,
 * surveys and costs (all of them carry the incident's breakdown keys).
 */
export async function incidentGroupFactsOf(
  db: Executor,
  incidentIds: readonly string[],
): Promise<Map<string, Pick<Facts, 'incidents' | 'refunds' | 'surveys' | 'costs'>>> {
  const details = await incidentDetails(db, incidentIds);
  const ids = [...details.keys()];
  const [incidents, refunds, surveys, costs] = await Promise.all([
    incidentFactsOf(db, details),
    byChunks(ids, (part) =>
      db
        .selectFrom('refunds')
        .select(['id', 'incident_id', 'issued_at'])
        .where('incident_id', 'in', part)
        .where('state', 'in', refundedStates)
        .where('issued_at', 'is not', null)
        .execute(),
    ),
    byChunks(ids, (part) =>
      db
        .selectFrom('surveys')
        .select(['id', 'incident_id', 'sent_at', 'answered_at', 'score'])
        .where('incident_id', 'in', part)
        .where((eb) => eb.or([eb('sent_at', 'is not', null), eb('answered_at', 'is not', null)]))
        .orderBy('id')
        .execute(),
    ),
    byChunks(ids, (part) =>
      db
        .selectFrom('incident_costs')
        .select(['id', 'incident_id', 'party', 'kind', 'currency', 'amount', 'at'])
        .where('incident_id', 'in', part)
        .orderBy('id')
        .execute(),
    ),
  ]);
  const out = new Map<string, Pick<Facts, 'incidents' | 'refunds' | 'surveys' | 'costs'>>();
  for (const [id, fact] of incidents) {
    out.set(id, { incidents: [fact], refunds: [], surveys: [], costs: [] });
  }
  for (const r of [...refunds].sort((a, b) => a.id.localeCompare(b.id))) {
    const group = r.incident_id ? out.get(r.incident_id) : undefined;
    group?.refunds.push(refundFact(r, details.get(r.incident_id ?? '')));
  }
  for (const s of surveys) out.get(s.incident_id)?.surveys.push(surveyFact(s, details));
  for (const c of costs) out.get(c.incident_id)?.costs.push(costFact(c, details));
  return out;
}

/** When the customer was first told: the first `customer_notified` timeline entry. */
async function firstNotified(db: Executor, incidentIds: string[]): Promise<Map<string, string>> {
  const rows = await byChunks(incidentIds, (ids) =>
    db
      .selectFrom('incident_events')
      .select(['incident_id', (eb) => eb.fn.min('at').as('at')])
      .where('incident_id', 'in', ids)
      .where('kind', '=', 'customer_notified')
      .groupBy('incident_id')
      .execute(),
  );
  return new Map(rows.map((r) => [r.incident_id, r.at]));
}

function msBetween(from: string, to: string): number {
  return Math.max(0, Date.parse(to) - Date.parse(from));
}

const refundedStates = ['issued', 'settled'];

export async function loadRefundFacts(db: Executor, range: TimeRange): Promise<RefundFact[]> {
  const refunds = await db
    .selectFrom('refunds')
    .select(['id', 'incident_id', 'issued_at'])
    .where('issued_at', '>=', range.from)
    .where('issued_at', '<', range.to)
    .where('state', 'in', refundedStates)
    .execute();
  const details = await incidentDetails(
    db,
    refunds.flatMap((r) => (r.incident_id ? [r.incident_id] : [])),
  );
  return refunds.map((r) => refundFact(r, r.incident_id ? details.get(r.incident_id) : undefined));
}

function refundFact(
  r: { issued_at: string | null },
  incident: IncidentDetail | undefined,
): RefundFact {
  const verifiedAt = incident?.row.verified_at;
  const issuedAt = r.issued_at ?? '';
  return {
    day: dayOf(issuedAt),
    dims: incident?.dims ?? {},
    ms: verifiedAt ? msBetween(verifiedAt, issuedAt) : null,
  };
}

interface SurveyRow {
  incident_id: string;
  sent_at: string | null;
  answered_at: string | null;
  score: number | null;
}

export async function loadSurveyFacts(db: Executor, range: TimeRange): Promise<SurveyFact[]> {
  const inRange = (column: 'sent_at' | 'answered_at') =>
    db
      .selectFrom('surveys')
      .select(['id', 'incident_id', 'sent_at', 'answered_at', 'score'])
      .where(column, '>=', range.from)
      .where(column, '<', range.to)
      .execute();
  const [sent, answered] = await Promise.all([inRange('sent_at'), inRange('answered_at')]);
  const surveys = [...new Map([...sent, ...answered].map((s) => [s.id, s])).values()];
  const details = await incidentDetails(
    db,
    surveys.map((s) => s.incident_id),
  );
  return surveys.map((s) => surveyFact(s, details));
}

function surveyFact(s: SurveyRow, details: Map<string, IncidentDetail>): SurveyFact {
  return {
    sentDay: s.sent_at ? dayOf(s.sent_at) : null,
    answeredDay: s.answered_at ? dayOf(s.answered_at) : null,
    score: s.score,
    dims: details.get(s.incident_id)?.dims ?? {},
  };
}

interface CostRow {
  incident_id: string;
  party: string;
  kind: string;
  currency: string;
  amount: number | string;
  at: string;
}

export async function loadCostFacts(db: Executor, range: TimeRange): Promise<CostFact[]> {
  const costs = await db
    .selectFrom('incident_costs')
    .select(['incident_id', 'party', 'kind', 'currency', 'amount', 'at'])
    .where('at', '>=', range.from)
    .where('at', '<', range.to)
    .execute();
  const details = await incidentDetails(
    db,
    costs.map((c) => c.incident_id),
  );
  return costs.map((c) => costFact(c, details));
}

function costFact(c: CostRow, details: Map<string, IncidentDetail>): CostFact {
  return {
    day: dayOf(c.at),
    dims: details.get(c.incident_id)?.dims ?? {},
    party: c.party,
    kind: c.kind,
    currency: c.currency,
    amount: Number(c.amount),
  };
}

export { groupBy };
