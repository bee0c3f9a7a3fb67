/**
 * The demo store: a homeware and apparel retailer in Portugal with two warehouses and five
 * shops. The SKUs of the end-to-end scenarios (TSHIRT-M-BLUE and its look-alike NAVY,
 * MUG-WHITE, LAMP-OAK and LAMP-WALNUT) are part of it.
 */
export interface DemoLocation {
  code: string;
  name: string;
  kind: 'warehouse' | 'store';
  zone: 'city' | 'national';
  city: string;
  line1: string;
  postalCode: string;
  latitude: number;
  longitude: number;
  capabilities: { ship: boolean; pickup: boolean; returns: boolean };
}

export const demoLocations: DemoLocation[] = [
  {
    code: 'W1',
    name: 'Lisbon warehouse',
    kind: 'warehouse',
    zone: 'city',
    city: 'Lisboa',
    line1: 'Rua do Açúcar 88',
    postalCode: '1950-010',
    latitude: 38.7369,
    longitude: -9.1027,
    capabilities: { ship: true, pickup: false, returns: true },
  },
  {
    code: 'W2',
    name: 'Porto warehouse',
    kind: 'warehouse',
    zone: 'national',
    city: 'Maia',
    line1: 'Zona Industrial da Maia, Lote 12',
    postalCode: '4470-122',
    latitude: 41.2357,
    longitude: -8.6199,
    capabilities: { ship: true, pickup: false, returns: true },
  },
  {
    code: 'S1',
    name: 'Chiado store',
    kind: 'store',
    zone: 'city',
    city: 'Lisboa',
    line1: 'Rua Garrett 50',
    postalCode: '1200-204',
    latitude: 38.7107,
    longitude: -9.142,
    capabilities: { ship: false, pickup: true, returns: true },
  },
  {
    code: 'S2',
    name: 'Porto Baixa store',
    kind: 'store',
    zone: 'national',
    city: 'Porto',
    line1: 'Rua de Santa Catarina 112',
    postalCode: '4000-442',
    latitude: 41.149,
    longitude: -8.606,
    capabilities: { ship: false, pickup: true, returns: true },
  },
  {
    code: 'S3',
    name: 'Alvalade store',
    kind: 'store',
    zone: 'city',
    city: 'Lisboa',
    line1: 'Avenida da Igreja 21',
    postalCode: '1700-235',
    latitude: 38.7527,
    longitude: -9.1437,
    capabilities: { ship: true, pickup: true, returns: true },
  },
  {
    code: 'S4',
    name: 'Coimbra store',
    kind: 'store',
    zone: 'national',
    city: 'Coimbra',
    line1: 'Rua Ferreira Borges 77',
    postalCode: '3000-180',
    latitude: 40.2085,
    longitude: -8.4294,
    capabilities: { ship: false, pickup: true, returns: true },
  },
  {
    code: 'S5',
    name: 'Faro store',
    kind: 'store',
    zone: 'national',
    city: 'Faro',
    line1: 'Rua de Santo António 30',
    postalCode: '8000-283',
    latitude: 37.0176,
    longitude: -7.9342,
    capabilities: { ship: false, pickup: true, returns: true },
  },
];

export const demoSuppliers = [
  { code: 'TEXTIL-NORTE', name: 'Têxtil do Norte, Lda', email: 'orders@textil-norte.example' },
  {
    code: 'CERAMICA-ALCOBACA',
    name: 'Cerâmica de Alcobaça',
    email: 'vendas@ceramica-alcobaca.example',
  },
  { code: 'LUZ-MADEIRA', name: 'Luz & Madeira', email: 'supply@luzmadeira.example' },
  { code: 'CASA-LINHO', name: 'Casa do Linho', email: 'comercial@casadolinho.example' },
  { code: 'COZINHA-PRO', name: 'Cozinha Pro Distribuição', email: 'b2b@cozinhapro.example' },
];

export interface DemoProduct {
  sku: string;
  name: string;
  price: number;
  supplier: string;
  substitutes: string[];
}

const tshirtColors = [
  'BLUE',
  'NAVY',
  'BLACK',
  'CHARCOAL',
  'WHITE',
  'CREAM',
  'RED',
  'BURGUNDY',
  'GREEN',
  'OLIVE',
];
/** Pairs that packers confuse: each is the other's look-alike and first substitute. */
const lookAlike: Record<string, string> = {
  BLUE: 'NAVY',
  NAVY: 'BLUE',
  BLACK: 'CHARCOAL',
  CHARCOAL: 'BLACK',
  WHITE: 'CREAM',
  CREAM: 'WHITE',
  RED: 'BURGUNDY',
  BURGUNDY: 'RED',
  GREEN: 'OLIVE',
  OLIVE: 'GREEN',
};
const sizes = ['XS', 'S', 'M', 'L', 'XL'];
const title = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();

function apparel(): DemoProduct[] {
  const out: DemoProduct[] = [];
  for (const [kind, label, price] of [
    ['TSHIRT', 'Organic cotton T-shirt', 4990],
    ['HOODIE', 'Brushed fleece hoodie', 7990],
    ['SWEATER', 'Merino crew-neck sweater', 8990],
  ] as const) {
    for (const color of tshirtColors) {
      for (const size of sizes) {
        out.push({
          sku: `${kind}-${size}-${color}`,
          name: `${label}, ${title(color)}, size ${size}`,
          price,
          supplier: 'TEXTIL-NORTE',
          substitutes: [`${kind}-${size}-${lookAlike[color] ?? color}`],
        });
      }
    }
  }
  return out;
}

function homeware(): DemoProduct[] {
  const out: DemoProduct[] = [];
  const mugColors = ['WHITE', 'BLACK', 'SAGE', 'TERRACOTTA', 'SAND', 'COBALT', 'MUSTARD', 'GREY'];
  for (const [i, color] of mugColors.entries()) {
    out.push({
      sku: `MUG-${color}`,
      name: `Stoneware mug, ${title(color)}`,
      price: 1290,
      supplier: 'CERAMICA-ALCOBACA',
      substitutes: [`MUG-${mugColors[(i + 1) % mugColors.length]}`],
    });
    out.push({
      sku: `PLATE-${color}`,
      name: `Stoneware dinner plate, ${title(color)}`,
      price: 1890,
      supplier: 'CERAMICA-ALCOBACA',
      substitutes: [`PLATE-${mugColors[(i + 1) % mugColors.length]}`],
    });
    out.push({
      sku: `BOWL-${color}`,
      name: `Stoneware bowl, ${title(color)}`,
      price: 1590,
      supplier: 'CERAMICA-ALCOBACA',
      substitutes: [`BOWL-${mugColors[(i + 1) % mugColors.length]}`],
    });
  }
  const woods = [
    ['OAK', 8900],
    ['WALNUT', 9900],
    ['ASH', 8500],
    ['PINE', 6900],
    ['BIRCH', 7500],
  ] as const;
  for (const [wood, price] of woods) {
    const others = woods.filter(([w]) => w !== wood).map(([w]) => w);
    out.push({
      sku: `LAMP-${wood}`,
      name: `Table lamp, ${title(wood)}`,
      price,
      supplier: 'LUZ-MADEIRA',
      substitutes: wood === 'OAK' ? ['LAMP-WALNUT', 'LAMP-ASH'] : [`LAMP-${others[0]}`],
    });
    out.push({
      sku: `FLOORLAMP-${wood}`,
      name: `Floor lamp, ${title(wood)}`,
      price: price * 2,
      supplier: 'LUZ-MADEIRA',
      substitutes: [`FLOORLAMP-${others[0]}`],
    });
    out.push({
      sku: `SHELF-${wood}`,
      name: `Wall shelf, ${title(wood)}`,
      price: Math.round(price * 0.7),
      supplier: 'LUZ-MADEIRA',
      substitutes: [`SHELF-${others[0]}`],
    });
  }
  const linenColors = ['NATURAL', 'WHITE', 'SAGE', 'BLUSH', 'STONE', 'INDIGO'];
  const bedSizes = [
    ['SINGLE', 5990],
    ['DOUBLE', 7990],
    ['KING', 9990],
  ] as const;
  for (const [ci, color] of linenColors.entries()) {
    const next = linenColors[(ci + 1) % linenColors.length];
    for (const [size, price] of bedSizes) {
      out.push({
        sku: `DUVET-${size}-${color}`,
        name: `Linen duvet cover, ${title(size)}, ${title(color)}`,
        price,
        supplier: 'CASA-LINHO',
        substitutes: [`DUVET-${size}-${next}`],
      });
    }
    out.push({
      sku: `TOWEL-BATH-${color}`,
      name: `Bath towel, ${title(color)}`,
      price: 2490,
      supplier: 'CASA-LINHO',
      substitutes: [`TOWEL-BATH-${next}`],
    });
    out.push({
      sku: `TOWEL-HAND-${color}`,
      name: `Hand towel, ${title(color)}`,
      price: 1290,
      supplier: 'CASA-LINHO',
      substitutes: [`TOWEL-HAND-${next}`],
    });
    out.push({
      sku: `CUSHION-${color}`,
      name: `Linen cushion cover, ${title(color)}`,
      price: 2290,
      supplier: 'CASA-LINHO',
      substitutes: [`CUSHION-${next}`],
    });
  }
  const kitchen = [
    ['PAN-24', 'Cast-iron pan 24 cm', 5490, 'PAN-28'],
    ['PAN-28', 'Cast-iron pan 28 cm', 6490, 'PAN-24'],
    ['POT-4L', 'Enamel pot 4 L', 7990, 'POT-6L'],
    ['POT-6L', 'Enamel pot 6 L', 9490, 'POT-4L'],
    ['KNIFE-CHEF', "Chef's knife 20 cm", 6990, 'KNIFE-SANTOKU'],
    ['KNIFE-SANTOKU', 'Santoku knife 18 cm', 6490, 'KNIFE-CHEF'],
    ['BOARD-OAK', 'Oak chopping board', 3490, 'BOARD-WALNUT'],
    ['BOARD-WALNUT', 'Walnut chopping board', 3990, 'BOARD-OAK'],
    ['KETTLE-STEEL', 'Stovetop kettle, steel', 4490, 'KETTLE-COPPER'],
    ['KETTLE-COPPER', 'Stovetop kettle, copper', 5990, 'KETTLE-STEEL'],
  ] as const;
  for (const [sku, name, price, sub] of kitchen) {
    out.push({ sku, name, price, supplier: 'COZINHA-PRO', substitutes: [sub] });
  }
  const scents = ['FIG', 'CEDAR', 'ORANGE', 'LAVENDER', 'SEA-SALT', 'VETIVER'];
  for (const [i, scent] of scents.entries()) {
    out.push({
      sku: `CANDLE-${scent}`,
      name: `Soy candle, ${title(scent.replace('-', ' '))}`,
      price: 1990,
      supplier: 'CASA-LINHO',
      substitutes: [`CANDLE-${scents[(i + 1) % scents.length]}`],
    });
  }
  return out;
}

export const demoProducts: DemoProduct[] = [...apparel(), ...homeware()];

/** A valid EAN-13 for the n-th product (Portuguese prefix 560, check digit computed). */
export function ean13(n: number): string {
  const body = `560${String(1_000_000_000 + n).slice(1)}`.slice(0, 12);
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

const firstNames = {
  pt: [
    'Ana',
    'João',
    'Maria',
    'Pedro',
    'Inês',
    'Tiago',
    'Beatriz',
    'Rui',
    'Sofia',
    'Miguel',
    'Carla',
    'Nuno',
  ],
  es: ['Lucía', 'Javier', 'Carmen', 'Pablo', 'Elena', 'Diego', 'Marta', 'Álvaro'],
  en: ['Emma', 'James', 'Olivia', 'Thomas', 'Grace', 'Daniel', 'Chloe', 'Samuel'],
} as const;
const lastNames = {
  pt: [
    'Silva',
    'Santos',
    'Ferreira',
    'Pereira',
    'Oliveira',
    'Costa',
    'Rodrigues',
    'Martins',
    'Sousa',
    'Gomes',
  ],
  es: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Romero'],
  en: ['Smith', 'Taylor', 'Brown', 'Wilson', 'Walker', 'Hughes'],
} as const;
export const demoCities = [
  { city: 'Lisboa', zone: 'city', postalCode: '1000-001' },
  { city: 'Lisboa', zone: 'city', postalCode: '1250-096' },
  { city: 'Amadora', zone: 'city', postalCode: '2700-010' },
  { city: 'Porto', zone: 'national', postalCode: '4000-001' },
  { city: 'Braga', zone: 'national', postalCode: '4700-001' },
  { city: 'Coimbra', zone: 'national', postalCode: '3000-001' },
  { city: 'Faro', zone: 'national', postalCode: '8000-001' },
  { city: 'Aveiro', zone: 'national', postalCode: '3800-001' },
] as const;

export { firstNames, lastNames };

export const demoB2bCustomers = [
  {
    name: 'Hotel Miradouro, S.A.',
    email: 'compras@hotelmiradouro.example',
    city: 'Lisboa',
    fillRateTarget: 0.98,
    onTimeTarget: 0.95,
    penaltyBpOfShortfall: 300,
  },
  {
    name: 'Café Ribeira, Lda',
    email: 'encomendas@caferibeira.example',
    city: 'Porto',
    fillRateTarget: 0.97,
    onTimeTarget: 0.9,
    penaltyBpOfShortfall: 200,
  },
  {
    name: 'Restaurante O Pátio',
    email: 'geral@opatio.example',
    city: 'Coimbra',
    fillRateTarget: 0.95,
    onTimeTarget: 0.9,
    penaltyBpOfShortfall: 150,
  },
] as const;
