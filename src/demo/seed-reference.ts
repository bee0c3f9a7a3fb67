import type { ApiClient } from './api-client.js';
import {
  demoB2bCustomers,
  demoCities,
  demoLocations,
  demoProducts,
  demoSuppliers,
  ean13,
  firstNames,
  lastNames,
} from './demo-catalog.js';
import type { Random } from './random.js';

export interface DemoCustomer {
  id: string;
  zone: 'city' | 'national';
  city: string;
  postalCode: string;
  tier: 'b2c' | 'b2b' | 'vip';
}

export interface DemoReference {
  locationId: Map<string, string>;
  supplierId: Map<string, string>;
  skus: string[];
  lookAlike: Map<string, string>;
  customers: DemoCustomer[];
}

const asciiSlug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Suppliers, locations, products, customers, opening stock and inbound purchase orders. */
export async function seedReference(api: ApiClient, rnd: Random): Promise<DemoReference> {
  const supplierId = new Map<string, string>();
  for (const s of demoSuppliers) {
    const made = await api.post<{ id: string }>('/api/suppliers', s);
    supplierId.set(s.code, made.id);
  }
  const locationId = new Map<string, string>();
  for (const l of demoLocations) {
    const made = await api.post<{ id: string }>('/api/locations', {
      code: l.code,
      name: l.name,
      kind: l.kind,
      zone: l.zone,
      address: { line1: l.line1, city: l.city, postalCode: l.postalCode, country: 'PT' },
      latitude: l.latitude,
      longitude: l.longitude,
      capabilities: l.capabilities,
    });
    locationId.set(l.code, made.id);
  }
  await api.post('/api/products/batch', {
    products: demoProducts.map((p, i) => ({
      sku: p.sku,
      name: p.name,
      price: { amount: p.price, currency: 'EUR' },
      supplierId: supplierId.get(p.supplier),
      barcodes: [ean13(i + 1)],
      substitutes: p.substitutes,
    })),
  });
  const lookAlike = new Map(demoProducts.map((p) => [p.sku, p.substitutes[0] ?? p.sku]));

  const customers: DemoCustomer[] = [];
  for (let i = 0; i < 140; i++) {
    const locale = rnd.pick(['pt', 'pt', 'pt', 'pt', 'es', 'en'] as const);
    const first = rnd.pick(firstNames[locale]);
    const last = rnd.pick(lastNames[locale]);
    const place = rnd.pick(demoCities);
    const tier = rnd.chance(0.08) ? 'vip' : 'b2c';
    const made = await api.post<{ id: string }>('/api/customers', {
      externalId: `web-c${1000 + i}`,
      name: `${first} ${last}`,
      email: `${asciiSlug(first)}.${asciiSlug(last)}${i}@mail.example`,
      phone: `+3519${String(10_000_000 + i * 7919).slice(0, 8)}`,
      locale,
      tier,
      address: {
        line1: `Rua ${rnd.pick(['das Flores', 'do Sol', 'Nova', 'da Liberdade'])} ${rnd.int(1, 200)}`,
        city: place.city,
        postalCode: place.postalCode,
        country: 'PT',
      },
    });
    customers.push({
      id: made.id,
      zone: place.zone,
      city: place.city,
      postalCode: place.postalCode,
      tier,
    });
  }
  for (const [i, b] of demoB2bCustomers.entries()) {
    const place = demoCities.find((c) => c.city === b.city) ?? demoCities[0];
    const made = await api.post<{ id: string }>('/api/customers', {
      externalId: `b2b-${i + 1}`,
      name: b.name,
      email: b.email,
      locale: 'pt',
      tier: 'b2b',
      address: {
        line1: 'Avenida Principal 1',
        city: place.city,
        postalCode: place.postalCode,
        country: 'PT',
      },
      contract: {
        fillRateTarget: b.fillRateTarget,
        onTimeTarget: b.onTimeTarget,
        penaltyBpOfShortfall: b.penaltyBpOfShortfall,
      },
    });
    customers.push({
      id: made.id,
      zone: place.zone,
      city: place.city,
      postalCode: place.postalCode,
      tier: 'b2b',
    });
  }

  await seedStock(api, rnd, locationId);
  return { locationId, supplierId, skus: demoProducts.map((p) => p.sku), lookAlike, customers };
}

async function seedStock(api: ApiClient, rnd: Random, locationId: Map<string, string>) {
  const items: object[] = [];
  for (const p of demoProducts) {
    for (const l of demoLocations) {
      const isWarehouse = l.kind === 'warehouse';
      // Stores carry part of the range; LAMP-OAK is the scarce lamp of the scenarios.
      if (!isWarehouse && !rnd.chance(0.7)) continue;
      let qty = isWarehouse ? rnd.int(15, 70) : rnd.int(2, 8);
      if (p.sku === 'LAMP-OAK') qty = l.code === 'S1' ? 1 : l.code === 'W1' ? 2 : 0;
      if (p.sku.startsWith('MUG-') && isWarehouse) qty += 300; // B2B hotel and café orders
      if (qty > 0) {
        items.push({
          kind: 'receipt',
          sku: p.sku,
          locationId: locationId.get(l.code),
          qty,
          reason: 'Opening stock',
        });
      }
    }
  }
  for (let i = 0; i < items.length; i += 500) {
    await api.post('/api/inventory/adjustments', { items: items.slice(i, i + 500) });
  }
}

/** Open purchase orders give restock dates; created when the simulation reaches "now". */
export async function seedPurchaseOrders(
  api: ApiClient,
  ref: DemoReference,
  rnd: Random,
  now: Date,
): Promise<number> {
  const plans = [
    {
      ref: 'PO-2026-LAMP',
      supplier: 'LUZ-MADEIRA',
      at: 'W1',
      days: 6,
      lines: [
        ['LAMP-OAK', 5],
        ['LAMP-WALNUT', 4],
      ],
    },
    {
      ref: 'PO-2026-TEX1',
      supplier: 'TEXTIL-NORTE',
      at: 'W1',
      days: 4,
      lines: [
        ['TSHIRT-M-BLUE', 40],
        ['TSHIRT-M-NAVY', 40],
        ['HOODIE-L-BLACK', 20],
      ],
    },
    {
      ref: 'PO-2026-TEX2',
      supplier: 'TEXTIL-NORTE',
      at: 'W2',
      days: 9,
      lines: [
        ['SWEATER-M-GREEN', 25],
        ['SWEATER-L-OLIVE', 25],
      ],
    },
    {
      ref: 'PO-2026-CER',
      supplier: 'CERAMICA-ALCOBACA',
      at: 'W2',
      days: 12,
      lines: [
        ['MUG-WHITE', 300],
        ['PLATE-WHITE', 120],
      ],
    },
    {
      ref: 'PO-2026-LIN',
      supplier: 'CASA-LINHO',
      at: 'W1',
      days: 3,
      lines: [
        ['DUVET-DOUBLE-NATURAL', 15],
        ['TOWEL-BATH-WHITE', 60],
      ],
    },
  ] as const;
  for (const p of plans) {
    const expected = new Date(now.getTime() + (p.days * 24 + rnd.int(0, 6)) * 3_600_000);
    await api.post('/api/inventory/purchase-orders', {
      reference: p.ref,
      supplierId: ref.supplierId.get(p.supplier),
      locationId: ref.locationId.get(p.at),
      expectedAt: expected.toISOString(),
      lines: p.lines.map(([sku, qty]) => ({ sku, qty })),
    });
  }
  return plans.length;
}
