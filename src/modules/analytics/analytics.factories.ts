import type { Executor } from '../../db/database.js';
import { newId } from '../../shared/ids.js';

/**
 * Test factories: facts written straight into the owning modules' tables at chosen times, the
 * way those modules write them (every change stamps `updated_at` and, for incidents, a timeline
 * entry), so KPI tests control every timestamp. Used only by tests.
 */

export interface World {
  locations: string[];
  suppliers: string[];
  products: { id: string; sku: string }[];
}

export async function makeWorld(
  db: Executor,
  o: { locations?: number; suppliers?: number; products?: number; at?: string } = {},
): Promise<World> {
  const at = o.at ?? '2026-01-01T00:00:00.000Z';
  const locations: string[] = [];
  for (let i = 0; i < (o.locations ?? 2); i++) {
    const id = newId('loc');
    locations.push(id);
    await db
      .insertInto('locations')
      .values({
        id,
        code: id,
        name: `Location ${i + 1}`,
        kind: i === 0 ? 'warehouse' : 'store',
        zone: 'city',
        address: '{}',
        latitude: null,
        longitude: null,
        can_ship: 1,
        can_pickup: 1,
        can_return: 1,
        active: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  const suppliers: string[] = [];
  for (let i = 0; i < (o.suppliers ?? 2); i++) {
    const id = newId('sup');
    suppliers.push(id);
    await db
      .insertInto('suppliers')
      .values({
        id,
        code: id,
        name: `Supplier ${i + 1}`,
        email: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  const products: World['products'] = [];
  for (let i = 0; i < (o.products ?? 3); i++) {
    const id = newId('prd');
    const sku = `SKU-${id.slice(-10)}`;
    products.push({ id, sku });
    await db
      .insertInto('products')
      .values({
        id,
        sku,
        name: `Product ${i + 1}`,
        price_amount: 1_000,
        currency: 'EUR',
        supplier_id: suppliers[i % suppliers.length] ?? null,
        active: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  return { locations, suppliers, products };
}

export async function makeCustomer(db: Executor, at: string, tier = 'b2c'): Promise<string> {
  const id = newId('cus');
  await db
    .insertInto('customers')
    .values({
      id,
      external_id: null,
      name: `Customer ${id.slice(-6)}`,
      email: null,
      phone: null,
      locale: 'en',
      tier,
      address: null,
      contract: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export interface PlacedOrder {
  id: string;
  shipmentId: string;
  lineIds: string[];
}

export async function placeOrder(
  db: Executor,
  o: {
    customerId: string;
    placedAt: string;
    promisedAt: string;
    locationId: string;
    carrier?: string;
    channel?: string;
    lines: { productId: string; qty: number }[];
  },
): Promise<PlacedOrder> {
  const id = newId('ord');
  const at = o.placedAt;
  await db
    .insertInto('orders')
    .values({
      id,
      channel: o.channel ?? 'web',
      external_id: id,
      customer_id: o.customerId,
      status: 'open',
      delivery_method: 'ship',
      pickup_location_id: null,
      shipping_zone: 'city',
      ship_to: null,
      currency: 'EUR',
      total_amount: 0,
      shipping_amount: 0,
      paid_amount: 0,
      payment_method: 'card',
      placed_at: at,
      promised_at: o.promisedAt,
      closed_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  const lineIds: string[] = [];
  for (const [n, line] of o.lines.entries()) {
    const lineId = newId('orl');
    lineIds.push(lineId);
    await db
      .insertInto('order_lines')
      .values({
        id: lineId,
        order_id: id,
        line_no: n + 1,
        product_id: line.productId,
        sku: line.productId,
        name: 'Line',
        unit_price: 1_000,
        tax_rate_bp: 0,
        qty_ordered: line.qty,
        qty_allocated: line.qty,
        qty_packed: 0,
        qty_shipped: 0,
        qty_delivered: 0,
        qty_cancelled: 0,
        qty_returned: 0,
      })
      .execute();
  }
  const shipmentId = newId('shp');
  await db
    .insertInto('shipments')
    .values({
      id: shipmentId,
      order_id: id,
      location_id: o.locationId,
      kind: 'outbound',
      status: 'pending',
      carrier: o.carrier ?? 'dhl',
      service_level: 'standard',
      tracking_number: null,
      priority: 0,
      promised_at: o.promisedAt,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, shipmentId, lineIds };
}

/**
 * Ships and delivers `delivered[i]` units of line i (the rest cancelled) and closes the order,
 * recorded at `at`; `closedAt` (default `at`) is when the last delivery happened.
 */
export async function closeOrder(
  db: Executor,
  order: PlacedOrder,
  at: string,
  delivered?: number[],
  closedAt = at,
): Promise<void> {
  const lines = await db
    .selectFrom('order_lines')
    .select(['id', 'qty_ordered'])
    .where('order_id', '=', order.id)
    .orderBy('line_no')
    .execute();
  let any = false;
  for (const [i, line] of lines.entries()) {
    const qty = delivered?.[i] ?? line.qty_ordered;
    any ||= qty > 0;
    await db
      .updateTable('order_lines')
      .set({
        qty_packed: qty,
        qty_shipped: qty,
        qty_delivered: qty,
        qty_cancelled: line.qty_ordered - qty,
      })
      .where('id', '=', line.id)
      .execute();
  }
  await db
    .updateTable('shipments')
    .set({
      status: any ? 'delivered' : 'cancelled',
      delivered_at: any ? closedAt : null,
      updated_at: at,
    })
    .where('id', '=', order.shipmentId)
    .execute();
  await db
    .updateTable('orders')
    .set({ status: any ? 'completed' : 'cancelled', closed_at: closedAt, updated_at: at })
    .where('id', '=', order.id)
    .execute();
}

export async function returnUnits(db: Executor, orderId: string, lineId: string, at: string) {
  await db.updateTable('order_lines').set({ qty_returned: 1 }).where('id', '=', lineId).execute();
  await db.updateTable('orders').set({ updated_at: at }).where('id', '=', orderId).execute();
}

export async function packSession(
  db: Executor,
  o: { shipmentId: string; orderId: string; locationId: string; packer: string; at: string },
): Promise<void> {
  await db
    .insertInto('pack_sessions')
    .values({
      id: newId('pks'),
      shipment_id: o.shipmentId,
      order_id: o.orderId,
      location_id: o.locationId,
      packer: o.packer,
      station: `station-${o.packer}`,
      expected: '{}',
      status: 'closed',
      result: 'match',
      incident_id: null,
      opened_at: o.at,
      closed_at: o.at,
    })
    .execute();
}

async function event(
  db: Executor,
  incidentId: string,
  at: string,
  kind: string,
  states: { from?: string; to?: string } = {},
): Promise<void> {
  await db
    .insertInto('incident_events')
    .values({
      id: newId('iev'),
      incident_id: incidentId,
      at,
      actor: 'system',
      kind,
      visibility: 'internal',
      from_state: states.from ?? null,
      to_state: states.to ?? null,
      message: kind,
      data: null,
    })
    .execute();
}

export async function openIncident(
  db: Executor,
  o: {
    type: string;
    detectedAt: string;
    orderId?: string;
    customerId?: string;
    shipmentId?: string;
    locationId?: string;
    rootCause?: string;
    lineIds?: string[];
    state?: 'detected' | 'caught';
  },
): Promise<string> {
  const id = newId('inc');
  const at = o.detectedAt;
  await db
    .insertInto('incidents')
    .values({
      id,
      type: o.type,
      source: 'agent',
      state: o.state ?? 'detected',
      severity: 'medium',
      order_id: o.orderId ?? null,
      customer_id: o.customerId ?? null,
      shipment_id: o.shipmentId ?? null,
      location_id: o.locationId ?? null,
      summary: o.type,
      description: null,
      escalated: 0,
      escalated_at: null,
      root_cause: o.rootCause ?? null,
      dismissed_reason: null,
      facts: null,
      needs_triage: 0,
      detected_at: at,
      verified_at: null,
      resolved_at: null,
      closed_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const lineId of o.lineIds ?? []) {
    await db
      .insertInto('incident_lines')
      .values({
        id: newId('inl'),
        incident_id: id,
        order_line_id: lineId,
        discrepancy: o.type,
        expected_sku: null,
        expected_qty: 1,
        actual_sku: null,
        actual_qty: 0,
        note: null,
      })
      .execute();
  }
  await event(db, id, at, 'created');
  return id;
}

/** Moves the incident to `to` at `at`, stamping what the incidents module stamps. */
export async function moveIncident(
  db: Executor,
  incidentId: string,
  to: 'verified' | 'resolving' | 'resolved' | 'closed' | 'reopened' | 'dismissed' | 'caught',
  at: string,
): Promise<void> {
  await db
    .updateTable('incidents')
    .set({
      state: to,
      updated_at: at,
      ...(to === 'verified' && { verified_at: at }),
      ...(to === 'resolved' && { resolved_at: at }),
      ...(to === 'closed' && { closed_at: at }),
    })
    .where('id', '=', incidentId)
    .execute();
  await event(db, incidentId, at, 'transition', { to });
}

export async function notifyCustomer(db: Executor, incidentId: string, at: string) {
  await event(db, incidentId, at, 'customer_notified');
}

export async function escalate(db: Executor, incidentId: string, at: string) {
  await db
    .updateTable('incidents')
    .set({ escalated: 1, escalated_at: at, updated_at: at })
    .where('id', '=', incidentId)
    .execute();
  await event(db, incidentId, at, 'escalated');
}

export async function setRootCause(db: Executor, incidentId: string, cause: string, at: string) {
  await db
    .updateTable('incidents')
    .set({ root_cause: cause, updated_at: at })
    .where('id', '=', incidentId)
    .execute();
  await event(db, incidentId, at, 'updated');
}

export async function issueRefund(
  db: Executor,
  o: { orderId: string; incidentId: string; requestedAt: string; issuedAt: string },
): Promise<void> {
  await db
    .insertInto('refunds')
    .values({
      id: newId('ref'),
      order_id: o.orderId,
      incident_id: o.incidentId,
      state: 'issued',
      amount: 1_000,
      currency: 'EUR',
      method: 'original_payment',
      provider: 'manual',
      payment_method: 'card',
      reason: 'test',
      lines: '[]',
      requested_at: o.requestedAt,
      requested_by: 'test',
      issued_at: o.issuedAt,
      due_at: o.issuedAt,
      target_at: o.issuedAt,
      updated_at: o.issuedAt,
    })
    .execute();
}

export async function survey(
  db: Executor,
  o: {
    incidentId: string;
    customerId: string;
    sentAt: string;
    answeredAt?: string;
    score?: number;
  },
): Promise<string> {
  const id = newId('srv');
  await db
    .insertInto('surveys')
    .values({
      id,
      incident_id: o.incidentId,
      customer_id: o.customerId,
      sent_at: o.sentAt,
      answered_at: o.answeredAt ?? null,
      score: o.score ?? null,
      created_at: o.sentAt,
    })
    .execute();
  return id;
}

export async function answerSurvey(db: Executor, id: string, score: number, at: string) {
  await db.updateTable('surveys').set({ score, answered_at: at }).where('id', '=', id).execute();
}

export async function recordCost(
  db: Executor,
  o: { incidentId: string; amount: number; party: string; kind: string; at: string },
): Promise<void> {
  await db
    .insertInto('incident_costs')
    .values({
      id: newId('icost'),
      incident_id: o.incidentId,
      kind: o.kind,
      amount: o.amount,
      currency: 'EUR',
      party: o.party,
      at: o.at,
      actor: 'test',
    })
    .execute();
}
