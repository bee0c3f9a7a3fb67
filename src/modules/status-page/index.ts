export type { StatusPageTables } from './status-page.table.js';
export { statusPageRoutes } from './status-page.routes.js';
export { statusPageJobHandlers } from './status-page.jobs.js';
