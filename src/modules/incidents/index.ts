export * from './incidents.js';
export * from './lifecycle.js';
export {
  defaultSlaPolicy,
  planClocks,
  slaClockNames,
  type SlaClockName,
  type SlaPolicy,
} from './sla-policy.js';
export type { OpenIncidentInput } from './incidents.schemas.js';
export { incidentsRoutes } from './incidents.routes.js';
export { incidentJobHandlers } from './incidents.jobs.js';
export { NOTIFY_CUSTOMER_JOB, openIncident } from './use-cases/open-incident.js';
export { transitionIncident, type TransitionOptions } from './use-cases/transition.js';
export { markCustomerNotified, SLA_CHECK_JOB } from './use-cases/sla.js';
export { getIncident, listIncidents } from './use-cases/read.js';
