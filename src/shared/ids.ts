import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** Sortable ids made in the app: a readable prefix and a ULID (`ord_01J9…`). */
export function newId(prefix: string): string {
  return `${prefix}_${next().toLowerCase()}`;
}
