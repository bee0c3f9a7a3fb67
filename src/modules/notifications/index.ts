export type { NotificationsTables } from './notifications.table.js';
export { notificationsRoutes } from './notifications.routes.js';
export { notificationsJobHandlers } from './notifications.jobs.js';
