import { z } from 'zod';
import { reservedActorNames, userRoles } from './auth.js';
import { passwordRules } from './password.js';

const personName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((n) => !reservedActorNames.includes(n.toLowerCase()), {
    message: `may not be ${reservedActorNames.join(' or ')}`,
  });

export const email = z.email().max(254);

export const password = z
  .string()
  .min(passwordRules.min, `must be at least ${passwordRules.min} characters`)
  .max(passwordRules.max);

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(userRoles),
  locationId: z.string().nullable().describe('The store a `store` user works at'),
  mustChangePassword: z.boolean(),
  status: z
    .enum(['invited', 'active', 'deactivated'])
    .describe('invited: has not set a password yet'),
  createdAt: z.string(),
  deactivatedAt: z.string().nullable(),
});

/** The signed-in person, as the console needs them. */
export const sessionUserSchema = userSchema.pick({
  id: true,
  email: true,
  name: true,
  role: true,
  locationId: true,
  mustChangePassword: true,
});

export const signedInSchema = z.object({
  user: sessionUserSchema,
  csrfToken: z.string().describe('Send it as X-CSRF-Token on every write made with the cookie'),
  demo: z.boolean().describe('A demo store: its accounts have published passwords'),
});

export const signInBody = z.object({ email, password: z.string().min(1).max(passwordRules.max) });

export const passwordBody = z.object({
  currentPassword: z.string().min(1).max(passwordRules.max),
  newPassword: password,
});

export const tokenParams = z.object({ token: z.string().min(20).max(100) });

export const acceptBody = z.object({ name: personName.optional(), password });

export const invitationView = z.object({
  email: z.string(),
  name: z.string(),
  expiresAt: z.string(),
});

export const inviteBody = z.object({
  email,
  name: personName,
  role: z.enum(userRoles),
  locationId: z.string().min(1).nullable().optional().describe('Required for a store user'),
});

export const invitationSchema = z.object({
  link: z.string().describe('The console page that sets the password: /invite/<token>, once'),
  url: z.string().describe('The same link on REDRESS_PUBLIC_URL'),
  expiresAt: z.string(),
});

export const invitedSchema = z.object({ user: userSchema, invitation: invitationSchema });

export const userParams = z.object({ id: z.string().min(1).max(100) });

export const updateUserBody = z
  .object({
    name: personName,
    role: z.enum(userRoles),
    locationId: z.string().min(1).nullable(),
    deactivated: z.boolean().describe('true: can no longer sign in, sessions end; false: again'),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });
