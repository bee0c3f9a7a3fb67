export type { StatusPageTables } from './status-page.table.js';
export { statusPageRoutes } from './status-page.routes.js';
export { statusPageJobHandlers } from './status-page.jobs.js';
export { loadTokenSecret, trackingLink, verifyToken, type TokenClaims } from './token.js';
export type { PublicView } from './status-page.schemas.js';
export { optionTitle, optionWords } from './option-words.js';
