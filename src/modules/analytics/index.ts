export type { AnalyticsTables } from './analytics.table.js';
export { analyticsRoutes } from './analytics.routes.js';
export { analyticsJobHandlers } from './analytics.jobs.js';
