import { z } from 'zod';
import { keyRoles, reservedActorNames } from './auth.js';

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(keyRoles),
  prefix: z.string().describe('The first characters of the key, to recognise it'),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const createApiKeyBody = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((n) => !reservedActorNames.includes(n.toLowerCase()), {
      message: `may not be ${reservedActorNames.join(' or ')}`,
    })
    .describe('The integration’s name, shown on what the key records'),
  role: z.enum(keyRoles),
});

export const createdApiKeySchema = apiKeySchema.extend({
  key: z.string().describe('The secret key, shown only in this response'),
});
