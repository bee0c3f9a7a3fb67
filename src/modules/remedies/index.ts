export type { RemediesTables } from './remedies.table.js';
export { remediesRoutes } from './remedies.routes.js';
export { remediesJobHandlers } from './remedies.jobs.js';
export * from './remedies.js';
export { getCurrentPlan } from './use-cases/plan.js';
export { chooseRemedy } from './use-cases/choose.js';
export { serveBackorders } from './use-cases/restock.js';
export { parsePolicy, type Policy } from './policy.js';
