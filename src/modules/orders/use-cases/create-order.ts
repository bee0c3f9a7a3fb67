import type { Executor } from '../../../db/database.js';
import { AppError, validationError, type FieldIssue } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import {
  findCustomerById,
  findLocationById,
  findProductsBySku,
  type Product,
} from '../../catalog/index.js';
import {
  defaultPromisedAt,
  type AllocationResult,
  type Channel,
  type DeliveryMethod,
  type Order,
  type OrderActionRef,
  type PaymentMethod,
  type ShippingZone,
  type ShipTo,
} from '../orders.js';
import { rowToOrderLine, rowToOrderSummary } from '../orders.mappers.js';
import { findOrderIdByExternal, insertOrderIfNew, insertOrderLines } from '../orders.repository.js';
import { getOrder } from '../orders.service.js';
import type { OrderLinesTable, OrdersTable } from '../orders.table.js';
import { allocateLines } from './allocate.js';
import { reportShortfall } from './shortfall.js';

export interface CreateOrderInput {
  channel: Channel;
  externalId: string;
  customerId: string;
  deliveryMethod?: DeliveryMethod;
  pickupLocationId?: string | null;
  shippingZone: ShippingZone;
  shipTo?: ShipTo | null;
  currency: string;
  lines: { sku: string; qty: number; unitPrice?: number; taxRateBp?: number }[];
  shippingAmount?: number;
  /** Defaults to the total. */
  paidAmount?: number;
  paymentMethod: PaymentMethod;
  placedAt?: string;
  /** Defaults to placedAt + 1 day (city) or + 3 days (national). */
  promisedAt?: string;
  /** Reserve stock at once (default true). */
  allocate?: boolean;
}

export interface CreateOrderResult {
  order: Order;
  /** False when the order already existed with the same content (an idempotent repeat). */
  created: boolean;
  /** What the creation allocated; null on a repeat or when `allocate` was false. */
  allocation: AllocationResult | null;
}

/**
 * Creates an order once per (channel, external id). A repeat with the same content gets the
 * existing order back; a repeat with other content is refused, naming what differs.
 */
export async function createOrder(
  trx: Executor,
  input: CreateOrderInput,
  ref: OrderActionRef,
): Promise<CreateOrderResult> {
  const existingId = await findOrderIdByExternal(trx, input.channel, input.externalId);
  if (existingId) return repeatOf(trx, existingId, input);

  const { order, lines } = await resolveOrder(trx, input, ref);
  if (!(await insertOrderIfNew(trx, order))) {
    // A concurrent request with the same key committed first: answer as a repeat of it.
    const winnerId = await findOrderIdByExternal(trx, input.channel, input.externalId);
    if (!winnerId) throw new AppError('conflict', 'The order was created and removed meanwhile');
    return repeatOf(trx, winnerId, input);
  }
  await insertOrderLines(trx, lines);

  let allocation: AllocationResult | null = null;
  if (input.allocate !== false) {
    const orderLines = lines.map(rowToOrderLine);
    const needs = orderLines.map((l) => ({
      lineId: l.id,
      productId: l.productId,
      qty: l.qtyOrdered,
    }));
    allocation = await allocateLines(
      trx,
      rowToOrderSummary(order),
      orderLines,
      needs,
      undefined,
      ref,
    );
    // Sold but not in stock anywhere: the stock-out incident opens with the order.
    await reportShortfall(trx, order.id, allocation, ref);
  }
  return { order: await getOrder(trx, order.id), created: true, allocation };
}

async function repeatOf(
  trx: Executor,
  orderId: string,
  input: CreateOrderInput,
): Promise<CreateOrderResult> {
  const order = await getOrder(trx, orderId);
  const differences = differencesFrom(order, input);
  if (differences.length > 0) {
    throw new AppError(
      'idempotency_conflict',
      `Order ${input.channel}/${input.externalId} already exists with other content: ` +
        differences.map((d) => d.field).join(', '),
      { orderId: order.id, differences },
    );
  }
  return { order, created: false, allocation: null };
}

export interface Difference {
  field: string;
  stored: string | number | null;
  requested: string | number | null;
}

/** What a repeated request changes: customer, currency, and each line's SKU, qty and price. */
export function differencesFrom(order: Order, input: CreateOrderInput): Difference[] {
  const out: Difference[] = [];
  const compare = (field: string, stored: string | number, requested: string | number) => {
    if (stored !== requested) out.push({ field, stored, requested });
  };
  compare('customerId', order.customerId, input.customerId);
  compare('currency', order.currency, input.currency);
  compare('lines', order.lines.length, input.lines.length);
  input.lines.forEach((line, i) => {
    const stored = order.lines[i];
    if (!stored) return;
    compare(`lines.${i}.sku`, stored.sku, line.sku);
    compare(`lines.${i}.qty`, stored.qtyOrdered, line.qty);
    if (line.unitPrice !== undefined)
      compare(`lines.${i}.unitPrice`, stored.unitPrice, line.unitPrice);
  });
  return out;
}

/** Checks what needs the database and builds the rows; every bad field is named at once. */
async function resolveOrder(
  trx: Executor,
  input: CreateOrderInput,
  ref: OrderActionRef,
): Promise<{ order: OrdersTable; lines: OrderLinesTable[] }> {
  const issues: FieldIssue[] = [];
  const deliveryMethod = input.deliveryMethod ?? 'ship';
  if (!(await findCustomerById(trx, input.customerId))) {
    issues.push({ path: 'customerId', message: 'no customer has this id' });
  }
  issues.push(...(await pickupIssues(trx, deliveryMethod, input.pickupLocationId ?? null)));

  const products = await findProductsBySku(trx, [...new Set(input.lines.map((l) => l.sku))]);
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const orderId = newId('ord');
  const lines: OrderLinesTable[] = [];
  input.lines.forEach((line, i) => {
    const product = bySku.get(line.sku);
    const issue = lineIssue(product, line, input.currency, i);
    if (issue) issues.push(issue);
    else if (product) lines.push(newLineRow(orderId, i + 1, product, line));
  });

  const linesTotal = lines.reduce((sum, l) => sum + l.qty_ordered * l.unit_price, 0);
  const shipping = input.shippingAmount ?? 0;
  const total = linesTotal + shipping;
  if (!Number.isSafeInteger(total)) issues.push({ path: 'lines', message: 'total is too large' });
  const paid = input.paidAmount ?? total;
  if (paid > total)
    issues.push({ path: 'paidAmount', message: `must not exceed the total ${total}` });

  const placedAt = new Date(input.placedAt ?? ref.now).toISOString();
  const promisedAt = input.promisedAt
    ? new Date(input.promisedAt).toISOString()
    : defaultPromisedAt(placedAt, input.shippingZone);
  if (promisedAt < placedAt) issues.push({ path: 'promisedAt', message: 'is before placedAt' });
  if (issues.length > 0) throw validationError(issues);

  const order: OrdersTable = {
    id: orderId,
    channel: input.channel,
    external_id: input.externalId,
    customer_id: input.customerId,
    status: 'open',
    delivery_method: deliveryMethod,
    pickup_location_id: deliveryMethod === 'pickup' ? (input.pickupLocationId ?? null) : null,
    shipping_zone: input.shippingZone,
    ship_to: input.shipTo ? JSON.stringify(input.shipTo) : null,
    currency: input.currency,
    total_amount: total,
    shipping_amount: shipping,
    paid_amount: paid,
    payment_method: input.paymentMethod,
    placed_at: placedAt,
    promised_at: promisedAt,
    closed_at: null,
    created_at: ref.now,
    updated_at: ref.now,
  };
  return { order, lines };
}

async function pickupIssues(
  trx: Executor,
  method: DeliveryMethod,
  pickupLocationId: string | null,
): Promise<FieldIssue[]> {
  const path = 'pickupLocationId';
  if (method === 'ship') {
    return pickupLocationId ? [{ path, message: 'is only for pickup orders' }] : [];
  }
  if (!pickupLocationId) return [{ path, message: 'is required for pickup orders' }];
  const store = await findLocationById(trx, pickupLocationId);
  if (!store) return [{ path, message: 'no location has this id' }];
  if (store.kind !== 'store' || !store.capabilities.pickup || !store.active) {
    return [{ path, message: `${store.code} is not an active store with pickup` }];
  }
  return [];
}

function lineIssue(
  product: Product | undefined,
  line: CreateOrderInput['lines'][number],
  currency: string,
  i: number,
): FieldIssue | null {
  if (!product) return { path: `lines.${i}.sku`, message: `unknown SKU ${line.sku}` };
  if (!product.active) return { path: `lines.${i}.sku`, message: `${line.sku} is not for sale` };
  if (line.unitPrice === undefined && product.price.currency !== currency) {
    return {
      path: `lines.${i}.unitPrice`,
      message: `${line.sku} is priced in ${product.price.currency}, the order in ${currency}: give the price in ${currency}`,
    };
  }
  return null;
}

function newLineRow(
  orderId: string,
  lineNo: number,
  product: Product,
  line: CreateOrderInput['lines'][number],
): OrderLinesTable {
  return {
    id: newId('oln'),
    order_id: orderId,
    line_no: lineNo,
    product_id: product.id,
    sku: product.sku,
    name: product.name,
    unit_price: line.unitPrice ?? product.price.amount,
    tax_rate_bp: line.taxRateBp ?? 0,
    qty_ordered: line.qty,
    qty_allocated: 0,
    qty_packed: 0,
    qty_shipped: 0,
    qty_delivered: 0,
    qty_cancelled: 0,
    qty_returned: 0,
  };
}
