import type { Customer, Location, Product, Supplier } from './catalog.js';

/** Factories for the catalog's tests: every call makes a body no other call has made. */

let n = 0;
export function uniq(prefix: string): string {
  n += 1;
  return `${prefix}-${process.pid}-${n}`;
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { fields?: { path: string; message: string }[] } & Record<string, unknown>;
  };
}

export function fieldPaths(body: unknown): string[] {
  return ((body as ErrorBody).error.details?.fields ?? []).map((f) => f.path).sort();
}

export interface PageOf<T> {
  data: T[];
  nextCursor: string | null;
}

export type { Customer, Location, Product, Supplier };

export function supplierBody<T extends object = object>(over?: T) {
  return { code: uniq('SUP'), name: 'Acme Textiles', email: 'orders@acme.example', ...(over as T) };
}

export function locationBody<T extends object = object>(over?: T) {
  return {
    code: uniq('WH'),
    name: 'Madrid warehouse',
    kind: 'warehouse',
    zone: 'national',
    address: { line1: 'Calle Mayor 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
    ...(over as T),
  };
}

export function productBody<T extends object = object>(over?: T) {
  return {
    sku: uniq('SKU'),
    name: 'Cotton T-shirt',
    price: { amount: 1999, currency: 'EUR' },
    ...(over as T),
  };
}

export function customerBody<T extends object = object>(over?: T) {
  return { name: 'Ana García', email: `${uniq('ana')}@example.com`, ...(over as T) };
}

export const b2bContract = { fillRateTarget: 0.98, onTimeTarget: 0.95, penaltyBpOfShortfall: 500 };
