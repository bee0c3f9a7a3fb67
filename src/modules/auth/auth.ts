export const roles = ['admin', 'agent', 'packer', 'finance', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** Who may do what, named once and used by every route's `config.roles`. */
export const access = {
  /** Read-only access to everything operational. */
  read: ['admin', 'agent', 'packer', 'finance', 'viewer'],
  /** Reference data (locations, products, customers). */
  catalogWrite: ['admin'],
  customersWrite: ['admin', 'agent'],
  /** Stock changes: adjustments, receipts, purchase orders. */
  inventoryWrite: ['admin', 'packer'],
  ordersWrite: ['admin', 'agent'],
  /** Physical fulfilment steps: pack, ship, deliver. */
  fulfilment: ['admin', 'agent', 'packer'],
  incidentsWrite: ['admin', 'agent'],
  /** Reporting a problem from the floor. */
  incidentsReport: ['admin', 'agent', 'packer'],
  /** Refunds, store credit, vouchers, credit notes, the ledger. */
  moneyWrite: ['admin', 'finance'],
  /** Approving amounts above the auto-approve limit. */
  approve: ['admin', 'finance'],
  /** Planning, choosing and executing remedies on an incident. */
  remediesWrite: ['admin', 'agent'],
  /** The remedy policy and message templates. */
  policyWrite: ['admin'],
  /** Root causes and corrective actions. */
  preventionWrite: ['admin', 'agent'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export interface Actor {
  keyId: string;
  name: string;
  role: Role;
}

/** How an actor is written on timelines and movements. */
export function actorLabel(actor: Actor | undefined): string {
  return actor ? `staff:${actor.name}` : 'system';
}

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}
