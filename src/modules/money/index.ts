export type { MoneyTables } from './money.table.js';
export { moneyRoutes } from './money.routes.js';
export { moneyJobHandlers } from './money.jobs.js';
