import { z } from 'zod';
import { currencySchema, minorUnitsSchema } from '../../shared/money.js';
import { pageQuerySchema } from '../../shared/pagination.js';
import {
  channels,
  deliveryMethods,
  orderStatuses,
  paymentMethods,
  serviceLevels,
  shipmentKinds,
  shipmentStatuses,
  shippingZones,
} from './orders.js';

const id = z.string().min(1).max(100);
const qty = z.number().int('must be a whole number').min(1).max(1_000_000);
const isoTime = z.iso.datetime({ offset: true });

export const shipToSchema = z.object({
  name: z.string().max(200).optional(),
  line1: z.string().min(1).max(200),
  line2: z.string().max(200).optional(),
  city: z.string().min(1).max(100),
  postalCode: z.string().min(1).max(20),
  region: z.string().max(100).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO-3166 alpha-2 code such as ES'),
  phone: z.string().max(40).optional(),
});

export const createOrderBody = z
  .object({
    channel: z.enum(channels),
    externalId: z.string().trim().min(1).max(200).describe("The channel's own order id"),
    customerId: id,
    deliveryMethod: z.enum(deliveryMethods).default('ship'),
    pickupLocationId: id.nullish().describe('Required for pickup orders: a store with pickup'),
    shippingZone: z.enum(shippingZones),
    shipTo: shipToSchema.nullish(),
    currency: currencySchema,
    lines: z
      .array(
        z.object({
          sku: z.string().min(1).max(100),
          qty,
          unitPrice: minorUnitsSchema.optional().describe("Default: the product's price"),
          taxRateBp: z.number().int().min(0).max(10_000).optional(),
        }),
      )
      .min(1)
      .max(500),
    shippingAmount: minorUnitsSchema.default(0),
    paidAmount: minorUnitsSchema.optional().describe('Default: the total'),
    paymentMethod: z.enum(paymentMethods),
    placedAt: isoTime.optional().describe('Default: now'),
    promisedAt: isoTime
      .optional()
      .describe('Default: placedAt + 1 day in the city zone, + 3 days nationally'),
    allocate: z.boolean().default(true).describe('Reserve stock at once'),
  })
  .refine((b) => b.deliveryMethod === 'ship' || !!b.pickupLocationId, {
    path: ['pickupLocationId'],
    message: 'is required for pickup orders',
  })
  .refine((b) => b.deliveryMethod === 'pickup' || !b.pickupLocationId, {
    path: ['pickupLocationId'],
    message: 'is only for pickup orders',
  });

const lineQtys = z
  .array(z.object({ lineId: id, qty }))
  .min(1)
  .max(500);

export const allocateBody = z
  .object({
    locationId: id.optional().describe('Take everything from here, or fail with 409'),
    lines: lineQtys.optional().describe('Default: every unallocated unit'),
  })
  .nullish();

export const shipBody = z
  .object({
    carrier: z.string().min(1).max(100).nullish().describe('Required unless a store pickup'),
    trackingNumber: z.string().min(1).max(100).nullish(),
    serviceLevel: z.enum(serviceLevels).optional(),
  })
  .nullish();

export const deliverBody = z.object({ deliveredAt: isoTime.optional() }).nullish();

export const cancelShipmentBody = z
  .object({ reason: z.string().min(1).max(500).optional() })
  .nullish();

export const cancelLineBody = z.object({ qty });

export const returnBody = z.object({
  locationId: id,
  lines: lineQtys,
  restock: z.boolean(),
  reason: z.string().trim().min(1).max(500),
});

export const orderParams = z.object({ id });
export const shipmentParams = z.object({ id, shipmentId: id });
export const lineParams = z.object({ id, lineId: id });

export const listOrdersQuery = pageQuerySchema.extend({
  status: z.enum(orderStatuses).optional(),
  customerId: id.optional(),
  channel: z.enum(channels).optional(),
  externalId: z.string().min(1).optional(),
  placedFrom: isoTime.optional().describe('Placed at or after'),
  placedTo: isoTime.optional().describe('Placed before'),
});

const orderLineSchema = z.object({
  id: z.string(),
  lineNo: z.number().int(),
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  unitPrice: z.number().int(),
  taxRateBp: z.number().int(),
  qtyOrdered: z.number().int(),
  qtyAllocated: z.number().int(),
  qtyPacked: z.number().int(),
  qtyShipped: z.number().int(),
  qtyDelivered: z.number().int(),
  qtyCancelled: z.number().int(),
  qtyReturned: z.number().int(),
});

export const shipmentSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  locationId: z.string(),
  kind: z.enum(shipmentKinds),
  status: z.enum(shipmentStatuses),
  carrier: z.string().nullable(),
  serviceLevel: z.enum(serviceLevels),
  trackingNumber: z.string().nullable(),
  priority: z.number().int(),
  promisedAt: z.string().nullable(),
  packedAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  blockedAt: z
    .string()
    .nullable()
    .describe('Held back by pack verification: no pack or ship step until a session matches'),
  blockedReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lines: z.array(
    z.object({
      id: z.string(),
      orderLineId: z.string(),
      productId: z.string(),
      sku: z.string(),
      qty: z.number().int(),
    }),
  ),
});

export const orderSummarySchema = z.object({
  id: z.string(),
  channel: z.enum(channels),
  externalId: z.string(),
  customerId: z.string(),
  status: z.enum(orderStatuses),
  deliveryMethod: z.enum(deliveryMethods),
  pickupLocationId: z.string().nullable(),
  shippingZone: z.enum(shippingZones),
  shipTo: shipToSchema.nullable(),
  currency: z.string(),
  totals: z.object({
    lines: z.number().int(),
    shipping: z.number().int(),
    total: z.number().int(),
    paid: z.number().int(),
  }),
  paymentMethod: z.enum(paymentMethods),
  placedAt: z.string(),
  promisedAt: z.string(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const orderSchema = orderSummarySchema.extend({
  lines: z.array(orderLineSchema),
  shipments: z.array(shipmentSchema),
});

const qtyOfLine = z.object({ lineId: z.string(), sku: z.string(), qty: z.number().int() });

export const allocationSchema = z.object({
  shipments: z.array(
    z.object({ shipmentId: z.string(), locationId: z.string(), lines: z.array(qtyOfLine) }),
  ),
  unallocated: z.array(qtyOfLine).describe('Units no location could reserve'),
});

export const orderWithAllocationSchema = orderSchema.extend({
  allocation: allocationSchema
    .nullable()
    .describe('What this request allocated; null on a repeat or when allocate was false'),
});
