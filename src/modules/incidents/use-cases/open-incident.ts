import type { Executor } from '../../../db/database.js';
import { enqueue } from '../../../jobs/index.js';
import { queueCustomerMessage } from './customer-message.js';
import { notFound, validationError, type FieldIssue } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { findLocationById } from '../../catalog/index.js';
import { findOrderHeader, findShipmentOrderId, type OrderHeader } from '../../orders/index.js';
import { fromZodError } from '../incidents.errors.js';
import { defaultSeverityOf, type ChangeContext, type Incident } from '../incidents.js';
import { insertClocks, insertEvent, insertIncident, insertLines } from '../incidents.repository.js';
import { openIncidentInput, type OpenIncidentInput } from '../incidents.schemas.js';
import type { IncidentLinesTable } from '../incidents.table.js';
import { planClocks } from '../sla-policy.js';
import { requestRemedyPlan } from './remedy-request.js';
import { SLA_CHECK_JOB, slaCheckDedupeKey } from './sla.js';

const detectionSources: readonly string[] = ['pack', 'inventory', 'carrier'];

type Input = ReturnType<typeof openIncidentInput.parse>;
/** What the order and line helpers read: the references and lines of any incident input. */
type Refs = Pick<Input, 'orderId' | 'shipmentId' | 'lines'>;

/**
 * Opens an incident in state `detected`: the incident, its lines, the first timeline entry, its
 * SLA clocks and one `sla.check` job per clock, all through `trx` only — detection modules call
 * this inside their own transactions.
 *
 * References that do not exist are 404 (`order_not_found`, `shipment_not_found`,
 * `location_not_found`); references that exist but do not fit the order are 400 naming the field.
 */
export async function openIncident(
  trx: Executor,
  rawInput: OpenIncidentInput,
  ctx: ChangeContext,
): Promise<Incident> {
  const parsed = openIncidentInput.safeParse(rawInput);
  if (!parsed.success) throw fromZodError(parsed.error);
  const input = parsed.data;
  const order = await resolveOrder(trx, input);
  if (input.locationId && !(await findLocationById(trx, input.locationId))) {
    throw notFound('location_not_found', 'Location', input.locationId);
  }
  const issues = lineIssues(input, order);
  if (issues.length > 0) throw validationError(issues);

  const now = ctx.clock.now().toISOString();
  const id = newId('inc');
  const incident = await insertIncident(trx, {
    id,
    type: input.type,
    source: input.source,
    state: 'detected',
    severity: input.severity ?? defaultSeverityOf[input.type],
    order_id: order?.id ?? null,
    customer_id: order?.customerId ?? null,
    shipment_id: input.shipmentId ?? null,
    location_id: input.locationId ?? null,
    summary: input.summary,
    description: input.description ?? null,
    escalated: 0,
    escalated_at: null,
    root_cause: input.rootCause ?? null,
    dismissed_reason: null,
    facts: input.facts ? JSON.stringify(input.facts) : null,
    needs_triage: input.needsTriage ? 1 : 0,
    detected_at: now,
    verified_at: null,
    resolved_at: null,
    closed_at: null,
    created_at: now,
    updated_at: now,
  });
  await insertLines(trx, lineRows(id, input, order));
  const clocks = planClocks(now);
  await insertClocks(
    trx,
    clocks.map((c) => ({
      incident_id: id,
      clock: c.clock,
      started_at: c.startedAt,
      due_at: c.dueAt,
      target_at: c.targetAt,
      met_at: null,
      breached_at: null,
    })),
  );
  await insertEvent(trx, {
    incidentId: id,
    at: now,
    actor: ctx.actor,
    kind: 'created',
    visibility: 'internal',
    toState: 'detected',
    message: input.summary,
    data: {
      type: incident.type,
      source: incident.source,
      severity: incident.severity,
      ...(incident.needsTriage ? { needsTriage: true } : {}),
    },
  });
  for (const c of clocks) {
    await enqueue(trx, ctx.clock, {
      type: SLA_CHECK_JOB,
      payload: { incidentId: id, clock: c.clock },
      runAt: c.dueAt,
      dedupeKey: slaCheckDedupeKey(id, c.clock),
    });
  }
  const notify = input.notifyCustomer ?? input.source !== 'pack';
  if (notify && incident.customerId) {
    await queueCustomerMessage(trx, ctx.clock, { incidentId: id, event: 'detected' });
    // What a machine detected (not a report a person still has to verify) is planned at once.
    if (detectionSources.includes(incident.source)) {
      await requestRemedyPlan(trx, ctx.clock, { incidentId: id, reason: 'detected' });
    }
  }
  return incident;
}

/** The order named directly, or the one the shipment belongs to. */
export async function resolveOrder(trx: Executor, input: Refs): Promise<OrderHeader | undefined> {
  let orderId = input.orderId;
  if (input.shipmentId) {
    const shipmentOrderId = await findShipmentOrderId(trx, input.shipmentId);
    if (!shipmentOrderId) throw notFound('shipment_not_found', 'Shipment', input.shipmentId);
    if (orderId && orderId !== shipmentOrderId) {
      throw validationError([
        { path: 'shipmentId', message: `is a shipment of another order than ${orderId}` },
      ]);
    }
    orderId = shipmentOrderId;
  }
  if (!orderId) return undefined;
  const order = await findOrderHeader(trx, orderId);
  if (!order) throw notFound('order_not_found', 'Order', orderId);
  return order;
}

export function lineIssues(input: Refs, order: OrderHeader | undefined): FieldIssue[] {
  const issues: FieldIssue[] = [];
  input.lines.forEach((line, i) => {
    if (line.orderLineId === undefined) return;
    const path = `lines.${i}.orderLineId`;
    if (!order) issues.push({ path, message: 'needs the incident to name its order (orderId)' });
    else if (!order.lines.some((l) => l.id === line.orderLineId)) {
      issues.push({ path, message: `is not a line of order ${order.id}` });
    }
  });
  return issues;
}

export function lineRows(
  incidentId: string,
  input: Refs,
  order: OrderHeader | undefined,
): IncidentLinesTable[] {
  return input.lines.map((line) => {
    const orderLine = order?.lines.find((l) => l.id === line.orderLineId);
    return {
      id: newId('inl'),
      incident_id: incidentId,
      order_line_id: line.orderLineId ?? null,
      discrepancy: line.discrepancy ?? null,
      expected_sku: line.expectedSku ?? orderLine?.sku ?? null,
      expected_qty: line.expectedQty,
      actual_sku: line.actualSku ?? null,
      actual_qty: line.actualQty,
      note: line.note ?? null,
    };
  });
}
