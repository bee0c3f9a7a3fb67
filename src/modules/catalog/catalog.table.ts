export interface SuppliersTable {
  id: string;
  code: string;
  name: string;
  email: string | null;
  created_at: string;
  updated_at: string;
}

export interface LocationsTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  zone: string;
  /** JSON: { line1, line2?, city, postalCode, region?, country } */
  address: string;
  latitude: number | null;
  longitude: number | null;
  can_ship: number;
  can_pickup: number;
  can_return: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ProductsTable {
  id: string;
  sku: string;
  name: string;
  price_amount: number;
  currency: string;
  supplier_id: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ProductBarcodesTable {
  code: string;
  product_id: string;
}

export interface ProductSubstitutesTable {
  product_id: string;
  substitute_id: string;
  rank: number;
}

export interface CustomersTable {
  id: string;
  external_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  locale: string;
  tier: string;
  /** JSON address or null */
  address: string | null;
  /** JSON B2B contract terms or null */
  contract: string | null;
  created_at: string;
  updated_at: string;
}
