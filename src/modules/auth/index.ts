export {
  access,
  actorLabel,
  keyRoles,
  locationScope,
  roles,
  userRoles,
  type Actor,
  type Capability,
  type KeyRole,
  type Role,
  type User,
  type UserRole,
} from './auth.js';
export { authEnvOf } from './auth.env.js';
export { accessProblem, declarePublic, installAuth, type DeclaredRoute } from './auth.hook.js';
export { authRoutes } from './auth.routes.js';
export { createApiKey, ensureFirstAdminKey, revokeKey } from './auth.service.js';
export { sessionRoutes } from './session.routes.js';
export { sessionCookie } from './sessions.service.js';
export { signInLimits, type AuthEnv } from './use-cases/sign-in.js';
export { createUserWithPassword, ensureFirstAdmin, inviteUser } from './use-cases/people.js';
export { usersRoutes } from './users.routes.js';
export { hasActiveDemoUser } from './users.repository.js';
