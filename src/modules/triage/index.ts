export { classifyComplaint, reviewThreshold } from './triage.js';
export type { ClassifyOptions, TriageResult } from './triage.js';
export { triageTypes } from './types.js';
export type { TriageType } from './types.js';
export type { Language } from './language.js';
