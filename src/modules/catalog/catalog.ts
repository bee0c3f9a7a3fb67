export const locationKinds = ['warehouse', 'store'] as const;
export type LocationKind = (typeof locationKinds)[number];
export const zones = ['city', 'national'] as const;
export type Zone = (typeof zones)[number];
export const tiers = ['b2c', 'b2b', 'vip'] as const;
export type Tier = (typeof tiers)[number];
export const locales = ['en', 'es', 'pt'] as const;
export type Locale = (typeof locales)[number];

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  region?: string;
  country: string;
}

export interface Supplier {
  id: string;
  code: string;
  name: string;
  email: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Location {
  id: string;
  code: string;
  name: string;
  kind: LocationKind;
  zone: Zone;
  address: Address;
  latitude: number | null;
  longitude: number | null;
  capabilities: { ship: boolean; pickup: boolean; returns: boolean };
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  price: { amount: number; currency: string };
  supplierId: string | null;
  barcodes: string[];
  /** Substitute SKUs in order of preference. */
  substitutes: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * B2B contract terms. Rates are fractions (0.98 = 98 %); the penalty is a share of the value
 * of the shortfall (basis points) plus an optional fixed amount per breach, in minor units.
 */
export interface Contract {
  fillRateTarget: number;
  onTimeTarget: number;
  penaltyBpOfShortfall: number;
  penaltyFixedPerBreach: number;
  /** Days within which a shortfall may still ship without a breach. */
  catchUpDays: number;
}

export interface Customer {
  id: string;
  externalId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
  tier: Tier;
  address: Address | null;
  contract: Contract | null;
  createdAt: string;
  updatedAt: string;
}

export const capabilityNames = ['ship', 'pickup', 'returns'] as const;
export type Capability = (typeof capabilityNames)[number];
export type Capabilities = Location['capabilities'];

/** What a location can do when it is created without saying. */
export const defaultCapabilities: Record<LocationKind, Capabilities> = {
  warehouse: { ship: true, pickup: false, returns: true },
  store: { ship: false, pickup: true, returns: true },
};

/** The most products one `POST /api/products/batch` may carry. */
export const maxProductBatch = 1000;

export const contractDefaults = { penaltyFixedPerBreach: 0, catchUpDays: 7 } as const;

// Inputs of the service functions. Fields left out of a change keep their value; `null` clears.

export interface NewSupplier {
  code: string;
  name: string;
  email?: string | null;
}

export type SupplierChanges = Partial<NewSupplier>;

export interface NewLocation {
  code: string;
  name: string;
  kind: LocationKind;
  zone: Zone;
  address: Address;
  latitude?: number | null;
  longitude?: number | null;
  /** Merged over the kind's `defaultCapabilities`. */
  capabilities?: Partial<Capabilities>;
  active?: boolean;
}

/** `capabilities` is merged over the current ones. */
export type LocationChanges = Partial<NewLocation>;

export interface NewProduct {
  sku: string;
  name: string;
  price: { amount: number; currency: string };
  supplierId?: string | null;
  barcodes?: string[];
  /** SKUs, in order of preference. */
  substitutes?: string[];
  active?: boolean;
}

/** `barcodes` and `substitutes`, when given, replace the current lists. The SKU never changes. */
export type ProductChanges = Partial<Omit<NewProduct, 'sku'>>;

export type ContractTerms = Omit<Contract, 'penaltyFixedPerBreach' | 'catchUpDays'> &
  Partial<Pick<Contract, 'penaltyFixedPerBreach' | 'catchUpDays'>>;

export interface NewCustomer {
  externalId?: string | null;
  name: string;
  email?: string | null;
  phone?: string | null;
  locale?: Locale;
  tier?: Tier;
  address?: Address | null;
  /** Only for `b2b` customers. */
  contract?: ContractTerms | null;
}

export type CustomerChanges = Partial<NewCustomer>;
