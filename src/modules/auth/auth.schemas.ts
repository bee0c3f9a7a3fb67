import { z } from 'zod';
import { roles } from './auth.js';

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(roles),
  prefix: z.string().describe('The first characters of the key, to recognise it'),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const createApiKeyBody = z.object({
  name: z.string().trim().min(1).max(200),
  role: z.enum(roles),
});

export const createdApiKeySchema = apiKeySchema.extend({
  key: z.string().describe('The secret key, shown only in this response'),
});
