export * from './packing.js';
export { packingRoutes } from './packing.routes.js';
export { getSession, type SessionDetail, type SessionView } from './use-cases/box.js';
export {
  closeSession,
  type CloseInput,
  type CloseRef,
  type CloseResult,
} from './use-cases/close-session.js';
export { compare, mainDiscrepancy } from './use-cases/compare.js';
export { openSession, type OpenSessionInput } from './use-cases/open-session.js';
export { recordScan, type ScanInput, type ScanResult } from './use-cases/scan.js';
export { packStats } from './use-cases/stats.js';
