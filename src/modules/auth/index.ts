export { access, actorLabel, roles, type Actor, type Role } from './auth.js';
export { accessProblem, declarePublic, installAuth, type DeclaredRoute } from './auth.hook.js';
export { authRoutes } from './auth.routes.js';
export { createApiKey, ensureFirstAdminKey, revokeKey } from './auth.service.js';
