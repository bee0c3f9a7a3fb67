export type { NotificationsTables } from './notifications.table.js';
export { notificationsRoutes } from './notifications.routes.js';
export { notificationsJobHandlers } from './notifications.jobs.js';
export type {
  ContactPreferences,
  Message,
  MessageStatus,
  SendChannel,
  Survey,
} from './notifications.js';
export { getSurvey, listMessages } from './notifications.service.js';
export { recordSurveyAnswer, type SurveyAnswer } from './use-cases/surveys.js';
export { scoreUrl } from './compose.js';
