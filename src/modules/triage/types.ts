export const triageTypes = [
  'late_delivery',
  'missing_item',
  'wrong_item',
  'damaged',
  'return_request',
  'other',
] as const;
export type TriageType = (typeof triageTypes)[number];
