import type { Executor } from '../../db/database.js';

/** The facts other modules need about an order, without its shipments. */
export interface OrderHeader {
  id: string;
  customerId: string;
  channel: string;
  externalId: string;
  shippingZone: string;
  currency: string;
  lines: {
    id: string;
    lineNo: number;
    productId: string;
    sku: string;
    qtyOrdered: number;
    unitPrice: number;
  }[];
}

export async function findOrderHeader(db: Executor, id: string): Promise<OrderHeader | undefined> {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!order) return undefined;
  const lines = await db
    .selectFrom('order_lines')
    .select(['id', 'line_no', 'product_id', 'sku', 'qty_ordered', 'unit_price'])
    .where('order_id', '=', id)
    .orderBy('line_no')
    .execute();
  return {
    id: order.id,
    customerId: order.customer_id,
    channel: order.channel,
    externalId: order.external_id,
    shippingZone: order.shipping_zone,
    currency: order.currency,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      productId: l.product_id,
      sku: l.sku,
      qtyOrdered: l.qty_ordered,
      unitPrice: l.unit_price,
    })),
  };
}
