/** Every role. People hold one of `userRoles`; API keys (integrations) one of `keyRoles`. */
export const roles = [
  'admin',
  'agent',
  'packer',
  'finance',
  'viewer',
  'store',
  'integration',
] as const;
export type Role = (typeof roles)[number];

/** Staff people. `store` is shop staff bound to one store location. */
export const userRoles = ['admin', 'agent', 'packer', 'finance', 'viewer', 'store'] as const;
export type UserRole = (typeof userRoles)[number];

/** API keys: a key has no location, so never `store`; `integration` is for keys only. */
export const keyRoles = ['admin', 'agent', 'packer', 'finance', 'viewer', 'integration'] as const;
export type KeyRole = (typeof keyRoles)[number];

/**
 * Who may do what: the one role table, used by every route's `config.roles` and written out in
 * the README (a test compares the two). Least privilege: personal data of customers (contact
 * details, message contents, credit notes with addresses, voucher codes that spend like money)
 * only for the roles that serve customers or handle money; fulfilment split by who does it
 * (packers pack and ship, stores hand over, carriers and channels report through integrations).
 */
export const access = {
  /** Operational reads without customers' personal data: incidents, plans, packing, carriers. */
  read: ['admin', 'agent', 'packer', 'finance', 'viewer'],
  /** Locations, products, suppliers. */
  referenceRead: ['admin', 'agent', 'packer', 'finance', 'viewer', 'store', 'integration'],
  catalogWrite: ['admin', 'integration'],
  /** Customers and their contact preferences: personal data. */
  customersRead: ['admin', 'agent', 'finance'],
  customersWrite: ['admin', 'agent', 'integration'],
  /** Stock levels, movements, purchase orders, feed freshness, drift. */
  inventoryRead: ['admin', 'agent', 'packer', 'finance', 'viewer', 'store', 'integration'],
  /** Adjustments, counts, purchase orders and their receipts. */
  inventoryWrite: ['admin', 'packer'],
  /** Batches of levels from a POS or WMS. */
  inventoryFeeds: ['admin', 'integration'],
  /** An allocated item the location cannot hand over (a store: only its own). */
  stockRejections: ['admin', 'packer', 'store'],
  ordersRead: ['admin', 'agent', 'packer', 'finance', 'viewer', 'store', 'integration'],
  /** New orders from a channel (or taken by an agent). */
  ordersIntake: ['admin', 'agent', 'integration'],
  /** Allocation, cancellations, returns. */
  ordersWrite: ['admin', 'agent'],
  /** Pack sessions and marking a shipment packed. */
  packing: ['admin', 'packer'],
  /** Shipping and delivering a shipment (a store: only its own, e.g. a pickup handed over). */
  shipping: ['admin', 'packer', 'store', 'integration'],
  /** A pickup came back, or a store handed over a reservation (a store: only its own). */
  receiving: ['admin', 'packer', 'store'],
  /** Reporting a problem from the floor. */
  incidentsReport: ['admin', 'agent', 'packer'],
  /** Transitions, notes, escalation, edits; replies and survey answers taken by phone. */
  incidentsWrite: ['admin', 'agent'],
  carrierEvents: ['admin', 'integration'],
  /** Customer messages with their contents, previews, the phone script, survey answers. */
  messagesRead: ['admin', 'agent'],
  /** Refunds, payments, store credit balances, the cost ledger, contract penalties. */
  moneyRead: ['admin', 'agent', 'finance', 'viewer'],
  /** Vouchers (their codes spend like money) and credit notes (the buyer's name and address). */
  documentsRead: ['admin', 'agent', 'finance'],
  /** Refunds and vouchers for an incident (agents within the auto-approve limit). */
  compensate: ['admin', 'agent', 'finance'],
  /** Recording a payment an order was paid with. */
  payments: ['admin', 'finance', 'integration'],
  /** Spending vouchers and store credit at checkout. */
  spend: ['admin', 'agent', 'finance', 'integration'],
  /** Store credit, credit notes, the ledger, confirming transfers, contract outcomes. */
  moneyWrite: ['admin', 'finance'],
  /** Amounts above the auto-approve limit. */
  approve: ['admin', 'finance'],
  /** Planning and choosing remedies on an incident. */
  remediesWrite: ['admin', 'agent'],
  /** The remedy policy. */
  policyWrite: ['admin'],
  /** KPIs, root causes, corrective actions and their effect. */
  analyticsRead: ['admin', 'agent', 'packer', 'finance', 'viewer'],
  /** Root causes and corrective actions. */
  preventionWrite: ['admin', 'agent'],
  /** A signed-in person's own account: session, password, sign-out. */
  self: ['admin', 'agent', 'packer', 'finance', 'viewer', 'store'],
  /** People, API keys, settings. */
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof access;

/** Who made a request: a signed-in person, or an integration's API key. */
export interface Actor {
  kind: 'user' | 'key';
  id: string;
  /** The person's name ("Ana Costa"), or the key's name (the integration). */
  name: string;
  role: Role;
  /** The store a `store` person works at; null for everyone else. */
  locationId: string | null;
}

/** How an actor is written on timelines and movements: the person's or the integration's name. */
export function actorLabel(actor: Actor | undefined): string {
  return actor ? actor.name : 'system';
}

/**
 * Words the system writes as the actor of its own entries; a person or key may not be named so,
 * or their entries would read as the system's or the customer's.
 */
export const reservedActorNames = ['system', 'customer'];

/** The one location whose work this actor is limited to (a store person), or null. */
export function locationScope(actor: Actor | undefined): string | null {
  // A store person without a store works nowhere: '' matches no location.
  return actor?.role === 'store' ? (actor.locationId ?? '') : null;
}

export interface ApiKey {
  id: string;
  name: string;
  role: KeyRole;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  locationId: string | null;
  mustChangePassword: boolean;
  /** invited: no password set yet; deactivated: can no longer sign in. */
  status: 'invited' | 'active' | 'deactivated';
  createdAt: string;
  deactivatedAt: string | null;
}
