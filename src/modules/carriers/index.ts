export * from './carriers.js';
export { carrierJobHandlers } from './carriers.jobs.js';
export { carrierEventsRoutes } from './carriers.routes.js';
export { listCarrierEvents } from './carriers.service.js';
export { ingestCarrierEvents } from './use-cases/ingest.js';
export { MATCH_JOB, runMatch } from './use-cases/match.js';
