export type { RemediesTables } from './remedies.table.js';
export { remediesRoutes } from './remedies.routes.js';
export { remediesJobHandlers } from './remedies.jobs.js';
