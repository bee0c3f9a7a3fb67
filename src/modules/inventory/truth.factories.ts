import { randomBytes } from 'node:crypto';
import type { TestApp } from '../../test/harness.js';

/**
 * The scenarios' store built through the HTTP API, with fresh codes and SKUs on every call so
 * tests sharing a database stay apart: W1 (city), W2 (national), S1 (city store, pickup), S2
 * (national store); LAMP-OAK (8,900) with its substitute LAMP-WALNUT (9,900), MUG-WHITE (1,290).
 */
export interface World {
  tag: string;
  w1: string;
  w2: string;
  s1: string;
  s2: string;
  oak: { id: string; sku: string };
  walnut: { id: string; sku: string };
  mug: { id: string; sku: string };
  customerId: string;
}

const address = { line1: '1 Rua Augusta', city: 'Lisboa', postalCode: '1100-048', country: 'PT' };

async function ok<T>(res: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function makeWorld(t: TestApp): Promise<World> {
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const location = async (code: string, kind: 'warehouse' | 'store', zone: 'city' | 'national') =>
    (
      await ok(
        t.call<{ id: string }>('POST', '/api/locations', {
          code: `${code}-${tag}`,
          name: `${code} ${tag}`,
          kind,
          zone,
          address,
        }),
        `location ${code}`,
      )
    ).id;
  const product = async (sku: string, amount: number, substitutes: string[] = []) => {
    const body = await ok(
      t.call<{ id: string; sku: string }>('POST', '/api/products', {
        sku: `${sku}-${tag}`,
        name: sku,
        price: { amount, currency: 'EUR' },
        substitutes,
      }),
      `product ${sku}`,
    );
    return { id: body.id, sku: body.sku };
  };
  const w1 = await location('W1', 'warehouse', 'city');
  const w2 = await location('W2', 'warehouse', 'national');
  const s1 = await location('S1', 'store', 'city');
  const s2 = await location('S2', 'store', 'national');
  const walnut = await product('LAMP-WALNUT', 9_900);
  const oak = await product('LAMP-OAK', 8_900, [walnut.sku]);
  const mug = await product('MUG-WHITE', 1_290);
  const customer = await ok(
    t.call<{ id: string }>('POST', '/api/customers', { name: `Ana ${tag}`, email: null }),
    'customer',
  );
  return { tag, w1, w2, s1, s2, oak, walnut, mug, customerId: customer.id };
}

export interface FeedBody {
  locationId: string;
  kind: 'levels' | 'deltas' | 'counts';
  items: unknown[];
  source?: string;
}

export interface FeedResponse {
  batchId: string;
  applied: number;
  ignoredStale: number;
  rejected: { index: number; sku: string | null; reason: string; message: string }[];
  movements: number;
}

export function postFeed(t: TestApp, body: FeedBody, as?: string) {
  return t.call<FeedResponse>('POST', '/api/inventory/feeds', { source: 'pos-test', ...body }, as);
}

export async function receive(t: TestApp, sku: string, locationId: string, qty: number) {
  await ok(
    t.call('POST', '/api/inventory/adjustments', {
      items: [{ sku, locationId, kind: 'receipt', qty }],
    }),
    'receipt',
  );
}

/** On hand, reserved and available of a SKU at a location, as the API shows it. */
export async function stockOf(t: TestApp, sku: string, locationId: string) {
  const page = await ok(
    t.call<{ data: { onHand: number; reserved: number; available: number }[] }>(
      'GET',
      `/api/inventory?sku=${sku}&locationId=${locationId}`,
    ),
    'levels',
  );
  const level = page.data[0];
  return level
    ? { onHand: level.onHand, reserved: level.reserved, available: level.available }
    : { onHand: 0, reserved: 0, available: 0 };
}

export function orderBody(w: World, o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'web',
    externalId: `EXT-${randomBytes(4).toString('hex')}`,
    customerId: w.customerId,
    shippingZone: 'city',
    currency: 'EUR',
    paymentMethod: 'card',
    lines: [{ sku: w.oak.sku, qty: 1 }],
    ...o,
  };
}

export const MINUTE = 60_000;
