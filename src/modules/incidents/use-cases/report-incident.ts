import type { Executor } from '../../../db/database.js';
import { notFound, validationError } from '../../../shared/app-error.js';
import { findCustomerById, findLocationById } from '../../catalog/index.js';
import type { OrderHeader } from '../../orders/index.js';
import { classifyComplaint, type TriageResult } from '../../triage/index.js';
import type { ChangeContext, Incident, IncidentType } from '../incidents.js';
import { insertEvent, insertLines, type NewEvent } from '../incidents.repository.js';
import type { ReportIncidentInput } from '../incidents.schemas.js';
import { intakeDecision, summaryFrom, type IntakeDecision } from '../intake.js';
import type { IncidentState } from '../lifecycle.js';
import {
  findLatestOfOrder,
  lockOrderReports,
  touchIncidentUnlessIn,
} from '../reports.repository.js';
import { lineIssues, lineRows, openIncident, resolveOrder } from './open-incident.js';

export interface ReportSettings {
  /** A report of the same order and type within this window joins; 0: never. */
  dedupeWindowMs: number;
  /** Below this confidence a classified report waits for an agent to confirm its type. */
  triageThreshold: number;
}

/** A second report never joins an incident in these states: it opens a new one. */
export const closedToReports: readonly IncidentState[] = [
  'resolved',
  'closed',
  'dismissed',
  'caught',
];

export interface ReportOutcome {
  incident: Incident;
  /** The report joined an open incident of the same order and type. */
  joined: boolean;
}

interface Triage {
  result: TriageResult;
  decision: IntakeDecision;
}

/**
 * A report by an agent or a customer. Without a type, triage classifies the description (in
 * the customer's locale) and intake maps it (intake.ts). With an order, the report first takes
 * the order's report lock, so that of two identical reports at the same moment the second sees
 * the first's incident: within the dedupe window it joins the newest open incident of the same
 * order and type (its lines added, its text on the timeline, no second notification) instead of
 * opening another. Everything goes through `trx`.
 *
 * The incident joined may come from any source (a carrier's `damaged` detection, then the
 * customer's report of it). A classified report joins by the type intake gave it, sure or not:
 * the open incident of that type on the same order corroborates the guess.
 *
 * Why a lock row and not a unique index: the window is a time range and any source may own the
 * incident joined, which no unique index expresses; and the row is this module's own, so
 * reports do not contend with writes to the order itself.
 */
export async function reportIncident(
  trx: Executor,
  input: ReportIncidentInput,
  ctx: ChangeContext & { settings: ReportSettings },
): Promise<ReportOutcome> {
  const order = await resolveOrder(trx, input);
  if (input.locationId && !(await findLocationById(trx, input.locationId))) {
    throw notFound('location_not_found', 'Location', input.locationId);
  }
  const issues = lineIssues(input, order);
  if (issues.length > 0) throw validationError(issues);

  const text = input.description ?? input.summary ?? '';
  const summary = input.summary ?? summaryFrom(text);
  const triage = input.type ? undefined : await classify(trx, text, order, ctx.settings);
  const type: IncidentType = input.type ?? triage?.decision.type ?? 'other';
  const now = ctx.clock.now().toISOString();

  if (order && ctx.settings.dedupeWindowMs > 0) {
    await lockOrderReports(trx, order.id, now);
    const since = new Date(Date.parse(now) - ctx.settings.dedupeWindowMs).toISOString();
    const open = await findLatestOfOrder(trx, {
      orderId: order.id,
      type,
      since,
      notIn: closedToReports,
    });
    const joined = open && (await touchIncidentUnlessIn(trx, open.id, closedToReports, now));
    if (joined) {
      await insertLines(trx, lineRows(joined.id, input, order));
      await insertEvent(trx, joinedEvent(joined.id, input, summary, triage, now, ctx.actor));
      return { incident: joined, joined: true };
    }
  }

  const customerWants = triage?.decision.customerWants;
  const incident = await openIncident(
    trx,
    {
      ...input,
      type,
      summary,
      needsTriage: triage?.decision.needsTriage ?? false,
      ...(customerWants ? { facts: { customerWants } } : {}),
    },
    ctx,
  );
  if (triage) await insertEvent(trx, triagedEvent(incident.id, triage, now, ctx.actor));
  return { incident, joined: false };
}

async function classify(
  trx: Executor,
  text: string,
  order: OrderHeader | undefined,
  settings: ReportSettings,
): Promise<Triage> {
  const customer = order && (await findCustomerById(trx, order.customerId));
  const result = classifyComplaint(text, {
    ...(customer ? { locale: customer.locale } : {}),
    threshold: settings.triageThreshold,
  });
  return { result, decision: intakeDecision(result, text, settings.triageThreshold) };
}

/** What the timeline keeps of a classification: triage's answer and what intake made of it. */
function triageData({ result, decision }: Triage): Record<string, unknown> {
  return {
    triage: result.type,
    confidence: result.confidence,
    language: result.language,
    type: decision.type,
    ...(decision.rule ? { rule: decision.rule, intakeConfidence: decision.confidence } : {}),
    ...(decision.customerWants ? { customerWants: decision.customerWants } : {}),
    needsTriage: decision.needsTriage,
  };
}

function triagedEvent(incidentId: string, triage: Triage, at: string, actor: string): NewEvent {
  const { result, decision } = triage;
  const pct = (n: number) => `${Math.round(n * 100)}%`;
  const why =
    decision.rule === 'defect_is_damage'
      ? ` (triage said ${result.type}; a broken or defective item is damage the customer wants returned)`
      : '';
  const next = decision.needsTriage
    ? `below the threshold: an agent confirms the type`
    : 'no review needed';
  return {
    incidentId,
    at,
    actor,
    kind: 'triaged',
    visibility: 'internal',
    message: `Classified as ${decision.type}${why} with ${pct(decision.confidence)} confidence, language ${result.language}; ${next}`,
    data: triageData(triage),
  };
}

function joinedEvent(
  incidentId: string,
  input: ReportIncidentInput,
  summary: string,
  triage: Triage | undefined,
  at: string,
  actor: string,
): NewEvent {
  return {
    incidentId,
    at,
    actor,
    kind: 'report_joined',
    // The customer's own words may be shown back to them; an agent's report stays internal.
    visibility: input.source === 'customer' ? 'public' : 'internal',
    message: input.description ?? summary,
    data: {
      source: input.source,
      summary,
      lines: input.lines.length,
      ...(input.severity ? { severity: input.severity } : {}),
      ...(input.shipmentId ? { shipmentId: input.shipmentId } : {}),
      ...(input.locationId ? { locationId: input.locationId } : {}),
      ...(triage ? triageData(triage) : {}),
    },
  };
}
