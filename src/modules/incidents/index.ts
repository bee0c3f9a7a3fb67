export * from './incidents.js';
export * from './lifecycle.js';
export * from './public-text.js';
export {
  defaultSlaPolicy,
  planClocks,
  slaClockNames,
  type SlaClockName,
  type SlaPolicy,
} from './sla-policy.js';
export type { OpenIncidentInput, ReportIncidentInput } from './incidents.schemas.js';
export { incidentsRoutes } from './incidents.routes.js';
export { incidentJobHandlers } from './incidents.jobs.js';
export { openIncident } from './use-cases/open-incident.js';
export {
  customerMessageEvents,
  customerMessagePayload,
  NOTIFY_CUSTOMER_JOB,
  queueCustomerMessage,
  type CustomerMessageEvent,
  type CustomerMessagePayload,
} from './use-cases/customer-message.js';
export { transitionIncident, type TransitionOptions } from './use-cases/transition.js';
export { markCustomerNotified, SLA_CHECK_JOB } from './use-cases/sla.js';
export { getIncident, listIncidents } from './use-cases/read.js';
export {
  closedToReports,
  reportIncident,
  type ReportOutcome,
  type ReportSettings,
} from './use-cases/report-incident.js';
export {
  attachFiles,
  openAttachment,
  PHOTO_FIELD,
  type AttachmentFile,
  type UploadPart,
} from './use-cases/attach-files.js';
export { addNote, escalateIncident } from './use-cases/annotate.js';
export { uploadParts } from './attachments.http.js';
export {
  PLAN_REMEDIES_JOB,
  requestRemedyPlan,
  type PlanRemediesPayload,
} from './use-cases/remedy-request.js';
