import { z } from 'zod';
import { pageQuerySchema } from '../../shared/pagination.js';
import { capabilityNames, locationKinds, zones } from './catalog.js';
import {
  addressBody,
  addressSchema,
  booleanQuery,
  codeSchema,
  text,
  timestamps,
} from './catalog.schemas.js';

const capabilitiesSchema = z.object({
  ship: z.boolean(),
  pickup: z.boolean(),
  returns: z.boolean(),
});

export const locationSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(locationKinds),
  zone: z.enum(zones),
  address: addressSchema,
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  capabilities: capabilitiesSchema,
  active: z.boolean(),
  ...timestamps,
});

export const createLocationBody = z.object({
  code: codeSchema,
  name: text(200),
  kind: z.enum(locationKinds),
  zone: z.enum(zones).describe('city: same-day delivery zone; national: 24–48 h'),
  address: addressBody,
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  capabilities: capabilitiesSchema
    .partial()
    .optional()
    .describe('Defaults: warehouses ship and take returns; stores offer pickup and take returns'),
  active: z.boolean().optional(),
});

export const updateLocationBody = createLocationBody.partial().extend({
  capabilities: capabilitiesSchema.partial().optional().describe('Merged over the current ones'),
});

export const listLocationsQuery = pageQuerySchema.extend({
  kind: z.enum(locationKinds).optional(),
  zone: z.enum(zones).optional(),
  capability: z.enum(capabilityNames).optional(),
  active: booleanQuery.optional(),
});
