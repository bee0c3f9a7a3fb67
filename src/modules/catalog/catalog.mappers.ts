import type { Address, Contract, Customer, Location, Product, Supplier } from './catalog.js';
import type {
  CustomersTable,
  LocationsTable,
  ProductsTable,
  SuppliersTable,
} from './catalog.table.js';

export function rowToSupplier(row: SuppliersTable): Supplier {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    email: row.email,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function rowToLocation(row: LocationsTable): Location {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as Location['kind'],
    zone: row.zone as Location['zone'],
    address: JSON.parse(row.address) as Address,
    latitude: row.latitude,
    longitude: row.longitude,
    capabilities: {
      ship: row.can_ship === 1,
      pickup: row.can_pickup === 1,
      returns: row.can_return === 1,
    },
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function rowToProduct(
  row: ProductsTable,
  barcodes: string[],
  substitutes: string[],
): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    price: { amount: row.price_amount, currency: row.currency },
    supplierId: row.supplier_id,
    barcodes,
    substitutes,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function rowToCustomer(row: CustomersTable): Customer {
  return {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    locale: row.locale as Customer['locale'],
    tier: row.tier as Customer['tier'],
    address: row.address ? (JSON.parse(row.address) as Address) : null,
    contract: row.contract ? (JSON.parse(row.contract) as Contract) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
