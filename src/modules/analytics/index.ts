export type { AnalyticsTables } from './analytics.table.js';
export { analyticsRoutes } from './analytics.routes.js';
export { analyticsJobHandlers, FOLD_JOB, scheduleAnalyticsFold } from './analytics.jobs.js';
export { foldChanges, rebuildAggregates, type FoldResult } from './use-cases/fold.js';
export { verifyAggregates, type AggregateDifference } from './use-cases/verify.js';
export { computeKpis, type KpiReport } from './use-cases/kpis.js';
export { kpiDefinitions, kpiIds, type KpiId } from './kpi-definitions.js';
