import type { Executor } from '../../db/database.js';
import { newId } from '../../shared/ids.js';

/**
 * Test factories: rows of other modules written directly, because their HTTP routes are being
 * built at the same time. Used only by tests.
 */
const at = '2026-03-01T08:00:00.000Z';

export async function makeCustomer(
  db: Executor,
  name = 'Ana Test',
  locale: 'en' | 'es' | 'pt' = 'en',
): Promise<string> {
  const id = newId('cus');
  await db
    .insertInto('customers')
    .values({
      id,
      external_id: null,
      name,
      email: `${id}@example.test`,
      phone: null,
      locale,
      tier: 'b2c',
      address: null,
      contract: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export async function makeLocation(db: Executor): Promise<string> {
  const id = newId('loc');
  await db
    .insertInto('locations')
    .values({
      id,
      code: id,
      name: 'Central warehouse',
      kind: 'warehouse',
      zone: 'city',
      address: JSON.stringify({
        line1: '1 Dock St',
        city: 'Lisbon',
        postalCode: '1000',
        country: 'PT',
      }),
      latitude: null,
      longitude: null,
      can_ship: 1,
      can_pickup: 0,
      can_return: 1,
      active: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export interface MadeOrder {
  id: string;
  customerId: string;
  lineIds: string[];
  skus: string[];
}

/**
 * An order of `lines` products (new ones, one unit each unless `qty`), for a new customer
 * speaking `locale` (default en).
 */
export async function makeOrder(
  db: Executor,
  opts: { customerId?: string; lines?: number; qty?: number; locale?: 'en' | 'es' | 'pt' } = {},
): Promise<MadeOrder> {
  const customerId = opts.customerId ?? (await makeCustomer(db, 'Ana Test', opts.locale));
  const id = newId('ord');
  await db
    .insertInto('orders')
    .values({
      id,
      channel: 'web',
      external_id: id,
      customer_id: customerId,
      status: 'placed',
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
      promised_at: at,
      closed_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  const lineIds: string[] = [];
  const skus: string[] = [];
  for (let n = 1; n <= (opts.lines ?? 1); n++) {
    const productId = newId('prd');
    const sku = `SKU-${productId.slice(-8)}`;
    await db
      .insertInto('products')
      .values({
        id: productId,
        sku,
        name: `Product ${n}`,
        price_amount: 1999,
        currency: 'EUR',
        supplier_id: null,
        active: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const lineId = newId('orl');
    await db
      .insertInto('order_lines')
      .values({
        id: lineId,
        order_id: id,
        line_no: n,
        product_id: productId,
        sku,
        name: `Product ${n}`,
        unit_price: 1999,
        tax_rate_bp: 0,
        qty_ordered: opts.qty ?? 1,
        qty_allocated: 0,
        qty_packed: 0,
        qty_shipped: 0,
        qty_delivered: 0,
        qty_cancelled: 0,
        qty_returned: 0,
      })
      .execute();
    lineIds.push(lineId);
    skus.push(sku);
  }
  return { id, customerId, lineIds, skus };
}

export async function makeShipment(db: Executor, orderId: string): Promise<string> {
  const id = newId('shp');
  await db
    .insertInto('shipments')
    .values({
      id,
      order_id: orderId,
      location_id: await makeLocation(db),
      kind: 'delivery',
      status: 'packed',
      carrier: null,
      service_level: 'standard',
      tracking_number: null,
      priority: 0,
      promised_at: null,
      packed_at: null,
      shipped_at: null,
      delivered_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

/** The body of a minimal valid `POST /api/incidents`. */
export function incidentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'wrong_item',
    source: 'agent',
    summary: 'Customer got the wrong mug',
    ...overrides,
  };
}

export async function countEvents(db: Executor, incidentId: string): Promise<number> {
  const row = await db
    .selectFrom('incident_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Jobs that tell the customer about the incident (`incident.notify_customer`). */
export async function countNotifyJobs(db: Executor, incidentId: string): Promise<number> {
  const rows = await db
    .selectFrom('jobs')
    .select(['payload'])
    .where('type', '=', 'incident.notify_customer')
    .execute();
  return rows.filter(
    (r) => (JSON.parse(r.payload) as { incidentId?: string }).incidentId === incidentId,
  ).length;
}

/** A real 1×1 PNG (70 bytes) and a real 1×1 JPEG (134 bytes). */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const tinyJpeg = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP////////////////////////////////////////////////////' +
    '//////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgB' +
    'AQABPxA=',
  'base64',
);

export interface FormPart {
  field: string;
  /** A file part when given, else a text field. */
  filename?: string;
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body and its content-type header, for `app.inject`. */
export function multipartBody(parts: FormPart[]): { payload: Buffer; contentType: string } {
  const boundary = `----redress-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition =
      p.filename === undefined
        ? `form-data; name="${p.field}"`
        : `form-data; name="${p.field}"; filename="${p.filename}"`;
    const type =
      p.filename === undefined
        ? ''
        : `Content-Type: ${p.contentType ?? 'application/octet-stream'}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
