/**
 * A large, realistic catalog and its stock, for `npm run seed:large` and the gateway benchmark
 * (bench/gateway.ts): 200 manufacturers, 110 categories (10 roots x 10 leaves, slugs `large-...`),
 * 60 stores in EU and 20 in CN around real cities, N products named from a vocabulary
 * (`<adjective> <origin or material> <noun>[, <size>]`, e.g. "Organic Yunnan Black Tea, 250 g"),
 * and about 4 inventory levels per product across the stores of one region.
 *
 * Everything is derived from the item's number (a hash, no state), so content and ids are the same
 * on every run: ids are `5eed<kind>-0000-4000-8000-<number in hex>`, and a re-run inserts nothing
 * (ON CONFLICT DO NOTHING) and writes no events. Rows go in through the subgraphs' bulk paths: the
 * catalog's writes its `created` events in the same statement (the relay publishes them, the
 * projections follow), inventory's writes levels and their opening movements.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { RegionCode } from '@miw/contracts';
import { createPool } from '@miw/db';
import { insertCategories, insertManufacturers, insertProducts, insertStores, type Category, type Manufacturer, type Product, type Store } from '@miw/subgraph-catalog/bulk';
import { insertLevels, type BulkLevel } from '@miw/subgraph-inventory/bulk';
import { ORG } from './seed-data';

// ---------------------------------------------------------------------------------------------
// Vocabulary

interface RootCategory {
  name: string;
  slug: string;
  /** What its manufacturers call their trade (`Hangzhou Tea Works`). */
  trade: string;
  children: string[];
  /** The goods of this root: 8 each, 80 in all. */
  nouns: string[];
  /** Optional size suffixes of its products. */
  sizes: string[];
}

const ROOTS: RootCategory[] = [
  {
    name: 'Tea & Coffee',
    slug: 'tea-coffee',
    trade: 'Tea Works',
    children: ['Green tea', 'Black tea', 'Oolong tea', 'White tea', 'Herbal tea', 'Coffee beans', 'Ground coffee', 'Matcha', 'Tea gifts', 'Brewing accessories'],
    nouns: ['Green Tea', 'Black Tea', 'Oolong Tea', 'Jasmine Tea', 'Coffee Beans', 'Espresso Blend', 'Matcha Powder', 'Herbal Infusion'],
    sizes: ['50 g', '100 g', '250 g', '500 g', '1 kg'],
  },
  {
    name: 'Kitchen',
    slug: 'kitchen',
    trade: 'Kitchenware',
    children: ['Cookware', 'Knives', 'Cutting boards', 'Bakeware', 'Utensils', 'Food storage', 'Small appliances', 'Tableware', 'Glassware', 'Kitchen textiles'],
    nouns: ['Cutting Board', 'Chef Knife', 'Frying Pan', 'Saucepan', 'Mixing Bowl', 'Salad Servers', 'Spice Jar', 'Rolling Pin'],
    sizes: ['20 cm', '24 cm', '28 cm', '32 cm', 'set of 3'],
  },
  {
    name: 'Home Decor',
    slug: 'home-decor',
    trade: 'Interiors',
    children: ['Vases', 'Candles', 'Wall art', 'Mirrors', 'Clocks', 'Cushions', 'Rugs', 'Baskets', 'Lamps', 'Picture frames'],
    nouns: ['Flower Vase', 'Candle Holder', 'Table Lamp', 'Wall Clock', 'Picture Frame', 'Storage Basket', 'Wall Mirror', 'Throw Pillow'],
    sizes: ['small', 'medium', 'large', '30 cm', '45 cm'],
  },
  {
    name: 'Textiles',
    slug: 'textiles',
    trade: 'Weavers',
    children: ['Bed linen', 'Towels', 'Blankets', 'Table linen', 'Curtains', 'Scarves', 'Knitwear', 'Aprons', 'Bags', 'Socks'],
    nouns: ['Bath Towel', 'Duvet Cover', 'Throw Blanket', 'Tablecloth', 'Scarf', 'Tote Bag', 'Sweater', 'Kitchen Apron'],
    sizes: ['S', 'M', 'L', '140 x 200 cm', '50 x 70 cm'],
  },
  {
    name: 'Electronics',
    slug: 'electronics',
    trade: 'Electronics',
    children: ['Headphones', 'Speakers', 'Chargers', 'Cables', 'Keyboards', 'Mice', 'Phone cases', 'Smart home', 'Cameras', 'Power banks'],
    nouns: ['Headphones', 'Bluetooth Speaker', 'Phone Charger', 'Charging Cable', 'Keyboard', 'Desk Lamp', 'Power Bank', 'Phone Case'],
    sizes: ['black', 'white', 'graphite', 'silver', 'midnight blue'],
  },
  {
    name: 'Beauty & Care',
    slug: 'beauty-care',
    trade: 'Apothecary',
    children: ['Soaps', 'Shampoo', 'Skin care', 'Body oils', 'Brushes', 'Fragrance', 'Bath', 'Shaving', 'Hair care', 'Gift sets'],
    nouns: ['Soap Bar', 'Shampoo', 'Face Cream', 'Body Oil', 'Hair Brush', 'Lip Balm', 'Bath Salts', 'Shaving Brush'],
    sizes: ['50 ml', '100 ml', '250 ml', 'travel size', 'gift box'],
  },
  {
    name: 'Toys & Games',
    slug: 'toys-games',
    trade: 'Toymakers',
    children: ['Puzzles', 'Board games', 'Building blocks', 'Dolls', 'Plush toys', 'Wooden toys', 'Kites', 'Outdoor toys', 'Learning toys', 'Baby toys'],
    nouns: ['Jigsaw Puzzle', 'Chess Set', 'Building Blocks', 'Spinning Top', 'Stunt Kite', 'Rocking Horse', 'Toy Train', 'Teddy Bear'],
    sizes: ['ages 3+', 'ages 6+', 'ages 8+', 'travel size', 'gift box'],
  },
  {
    name: 'Garden & Outdoor',
    slug: 'garden-outdoor',
    trade: 'Garden Supply',
    children: ['Planters', 'Seeds', 'Garden tools', 'Garden furniture', 'Outdoor lighting', 'Bird care', 'Watering', 'Grills', 'Camping', 'Hammocks'],
    nouns: ['Plant Pot', 'Watering Can', 'Garden Trowel', 'Bird Feeder', 'Hammock', 'Lantern', 'Pruning Shears', 'Seed Kit'],
    sizes: ['small', 'large', '5 l', '10 l', 'pack of 2'],
  },
  {
    name: 'Stationery',
    slug: 'stationery',
    trade: 'Paperworks',
    children: ['Notebooks', 'Pens', 'Paper', 'Desk organizers', 'Calendars', 'Art supplies', 'Greeting cards', 'Gift wrap', 'Ink', 'Pencil cases'],
    nouns: ['Notebook', 'Fountain Pen', 'Pencil Case', 'Sketchbook', 'Desk Organizer', 'Greeting Card', 'Ink Bottle', 'Wall Calendar'],
    sizes: ['A5', 'A4', 'pocket size', 'pack of 10', '50 ml'],
  },
  {
    name: 'Sports & Travel',
    slug: 'sports-travel',
    trade: 'Outfitters',
    children: ['Yoga', 'Running', 'Cycling', 'Hiking', 'Swimming', 'Fitness', 'Water bottles', 'Backpacks', 'Travel accessories', 'Team sports'],
    nouns: ['Yoga Mat', 'Water Bottle', 'Backpack', 'Running Shoes', 'Cycling Gloves', 'Travel Pillow', 'Jump Rope', 'Dry Bag'],
    sizes: ['one size', 'S/M', 'L/XL', 'pack of 2', 'travel size'],
  },
];

const ADJECTIVES = [
  'Organic', 'Handmade', 'Vintage', 'Classic', 'Premium', 'Artisan', 'Rustic', 'Modern', 'Compact', 'Deluxe',
  'Traditional', 'Minimalist', 'Heritage', 'Natural', 'Handcrafted', 'Lightweight', 'Portable', 'Durable', 'Elegant', 'Signature',
  'Essential', 'Refined', 'Everyday', 'Festive', 'Seasonal', 'Wild', 'Smoked', 'Aged', 'Golden', 'Pure',
  'Soft', 'Sturdy', 'Slim', 'Large', 'Mini', 'Rugged', 'Polished', 'Woven', 'Hammered', 'Glazed',
];

/** Where goods come from: `from Yunnan` in a description. */
const PLACES = [
  'Yunnan', 'Hangzhou', 'Fujian', 'Sichuan', 'Kyoto', 'Darjeeling', 'Assam', 'Ceylon', 'Kenya', 'Bavaria',
  'Tuscany', 'Provence', 'Highland', 'Connemara', 'Tyrol', 'Andalusia', 'Marrakech', 'Anatolia', 'Isfahan', 'Himalaya',
  'Lisbon', 'Brittany', 'Flanders', 'Venice', 'Bohemia', 'Dalarna', 'Jutland', 'Iceland', 'Sicily', 'Shanghai',
];
/** What goods are made of: `in bamboo` in a description. */
const MATERIALS = [
  'Bamboo', 'Oak', 'Walnut', 'Teak', 'Beech', 'Cherry Wood', 'Olive Wood', 'Ceramic', 'Porcelain', 'Stoneware',
  'Terracotta', 'Cast Iron', 'Copper', 'Brass', 'Steel', 'Aluminium', 'Linen', 'Cotton', 'Wool', 'Cashmere',
  'Silk', 'Leather', 'Cork', 'Rattan', 'Jute', 'Glass', 'Marble', 'Slate', 'Hemp', 'Felt',
];
/** The middle word of a name: 30 origins and 30 materials. */
const ORIGINS = [...PLACES, ...MATERIALS];

/** The words names are made of (40 adjectives x 60 origins and materials x 80 nouns), for tests. */
export const VOCABULARY = { adjectives: ADJECTIVES, origins: ORIGINS, nouns: ROOTS.flatMap((r) => r.nouns) };

const COLORS = ['natural', 'black', 'white', 'sage', 'charcoal', 'sand', 'terracotta', 'indigo', 'mustard', 'forest green'];
const TRAITS = [
  'Made in small batches and checked by hand',
  'Designed to last for years of daily use',
  'A favourite gift, packed in recycled paper',
  'Easy to clean and to care for',
  'Sourced directly from the workshop',
  'Each piece is slightly different',
  'Shipped from the nearest store',
  'Certified by an independent lab',
  'Light enough to take anywhere',
  'A bestseller of the season',
  'Comes with a two-year guarantee',
  'Tested by our buyers before it goes on sale',
];

/** Cities of the manufacturers (with their country), 40. */
const MAKER_PLACES: [string, string][] = [
  ['Hangzhou', 'CN'], ['Kunming', 'CN'], ['Xiamen', 'CN'], ['Jingdezhen', 'CN'], ['Shenzhen', 'CN'], ['Suzhou', 'CN'], ['Chengdu', 'CN'], ['Ningbo', 'CN'],
  ['Kyoto', 'JP'], ['Osaka', 'JP'], ['Seoul', 'KR'], ['Taipei', 'TW'], ['Jaipur', 'IN'], ['Kolkata', 'IN'], ['Colombo', 'LK'], ['Nairobi', 'KE'],
  ['Munich', 'DE'], ['Hamburg', 'DE'], ['Solingen', 'DE'], ['Selb', 'DE'], ['Lyon', 'FR'], ['Limoges', 'FR'], ['Grasse', 'FR'], ['Florence', 'IT'],
  ['Milan', 'IT'], ['Murano', 'IT'], ['Porto', 'PT'], ['Valencia', 'ES'], ['Ghent', 'BE'], ['Delft', 'NL'], ['Aarhus', 'DK'], ['Gothenburg', 'SE'],
  ['Tampere', 'FI'], ['Bergen', 'NO'], ['Krakow', 'PL'], ['Brno', 'CZ'], ['Graz', 'AT'], ['Edinburgh', 'GB'], ['Galway', 'IE'], ['Reykjavik', 'IS'],
];
const COMPANY_SUFFIX: Record<string, string> = { CN: 'Co., Ltd', DE: 'GmbH', FR: 'SARL', IT: 'S.r.l.', ES: 'S.L.', PT: 'Lda', NL: 'B.V.', BE: 'BV', SE: 'AB', DK: 'ApS', FI: 'Oy', NO: 'AS', AT: 'GmbH', CZ: 's.r.o.', PL: 'Sp. z o.o.', GB: 'Ltd', IE: 'Ltd', JP: 'K.K.', KR: 'Co.', IN: 'Pvt Ltd' };

interface City {
  name: string;
  code: string;
  country: string;
  postalCode: string;
  street: string;
  lat: number;
  lng: number;
}
const city = (name: string, code: string, country: string, postalCode: string, street: string, lat: number, lng: number): City => ({ name, code, country, postalCode, street, lat, lng });

/** 20 EU cities with 3 stores each, 10 CN cities with 2 each. */
const STORE_CITIES: Record<RegionCode, { perCity: number; cities: City[] }> = {
  eu: {
    perCity: 3,
    cities: [
      city('Berlin', 'BER', 'DE', '10117', 'Friedrichstrasse', 52.52, 13.405), city('Munich', 'MUC', 'DE', '80331', 'Kaufingerstrasse', 48.1374, 11.5755),
      city('Hamburg', 'HAM', 'DE', '20095', 'Spitalerstrasse', 53.5511, 9.9937), city('Paris', 'PAR', 'FR', '75004', 'Rue de Rivoli', 48.8566, 2.3522),
      city('Lyon', 'LYS', 'FR', '69002', 'Rue de la Republique', 45.764, 4.8357), city('Marseille', 'MRS', 'FR', '13001', 'La Canebiere', 43.2965, 5.3698),
      city('Milan', 'MIL', 'IT', '20123', 'Via Torino', 45.4642, 9.19), city('Rome', 'ROM', 'IT', '00186', 'Via del Corso', 41.9028, 12.4964),
      city('Madrid', 'MAD', 'ES', '28013', 'Gran Via', 40.4168, -3.7038), city('Barcelona', 'BCN', 'ES', '08002', 'Passeig de Gracia', 41.3874, 2.1686),
      city('Amsterdam', 'AMS', 'NL', '1012 PH', 'Kalverstraat', 52.3676, 4.9041), city('Rotterdam', 'RTM', 'NL', '3011', 'Lijnbaan', 51.9244, 4.4777),
      city('Vienna', 'VIE', 'AT', '1010', 'Kaerntner Strasse', 48.2082, 16.3738), city('Brussels', 'BRU', 'BE', '1000', 'Rue Neuve', 50.8503, 4.3517),
      city('Lisbon', 'LIS', 'PT', '1100-048', 'Rua Augusta', 38.7223, -9.1393), city('Stockholm', 'STO', 'SE', '111 57', 'Drottninggatan', 59.3293, 18.0686),
      city('Copenhagen', 'CPH', 'DK', '1160', 'Stroget', 55.6761, 12.5683), city('Prague', 'PRG', 'CZ', '110 00', 'Na Prikope', 50.0755, 14.4378),
      city('Warsaw', 'WAW', 'PL', '00-001', 'Nowy Swiat', 52.2297, 21.0122), city('Dublin', 'DUB', 'IE', 'D02', 'Grafton Street', 53.3498, -6.2603),
    ],
  },
  cn: {
    perCity: 2,
    cities: [
      city('Shanghai', 'SHA', 'CN', '200001', 'Nanjing Road', 31.2304, 121.4737), city('Beijing', 'BJS', 'CN', '100006', 'Wangfujing Street', 39.9042, 116.4074),
      city('Shenzhen', 'SZX', 'CN', '518031', 'Huaqiang North Road', 22.5431, 114.0579), city('Guangzhou', 'CAN', 'CN', '510030', 'Beijing Road', 23.1291, 113.2644),
      city('Hangzhou', 'HGH', 'CN', '310006', 'Hubin Road', 30.2741, 120.1551), city('Chengdu', 'CTU', 'CN', '610016', 'Chunxi Road', 30.5728, 104.0668),
      city('Wuhan', 'WUH', 'CN', '430021', 'Jianghan Road', 30.5928, 114.3055), city('Nanjing', 'NKG', 'CN', '210005', 'Xinjiekou', 32.0603, 118.7969),
      city("Xi'an", 'XIY', 'CN', '710001', 'Dongdajie', 34.3416, 108.9398), city('Chongqing', 'CKG', 'CN', '400010', 'Jiefangbei', 29.563, 106.5516),
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Deterministic values

/** A well-mixed 32-bit hash of small integers: every value of an item derives from its number and a salt. */
function hash(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ part, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}
const pick = <T>(list: readonly T[], h: number): T => list[h % list.length]!;
/** A number in [0, 1) from a hash. */
const unit = (h: number) => h / 2 ** 32;

/** Salts of an item's derived values (one per value, so they vary independently). */
const Salt = { Adjective: 1, Origin: 2, Noun: 3, HasSize: 4, Size: 5, Maker: 6, Price: 7, Status: 8, Images: 9, Color: 10, Trait: 11, LevelCount: 12, LevelStart: 13, OnHand: 14, Jitter: 15 } as const;

/** The kinds of the ids (`5eed<kind>-...`): one per entity and, for stock, per region. */
const KIND = { product: 0x0001, manufacturer: 0x0002, category: 0x0003, store: 0x0004, level: { eu: 0x0005, cn: 0x0015 }, movement: { eu: 0x0006, cn: 0x0016 } } as const;

/** The id of item `n` of a kind, e.g. largeId(1, 42) = `5eed0001-0000-4000-8000-00000000002a`. */
export const largeId = (kind: number, n: number): string => `5eed${kind.toString(16).padStart(4, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Products are created one minute apart from here (deterministic timestamps: a re-run builds identical rows and events). */
const BASE_TIME = Date.UTC(2026, 0, 1);
const REFERENCE_TIME = new Date(BASE_TIME - 24 * 3600_000);
const IMAGES = 'https://images.madeinworld.dev/large';
const CORRELATION_ID = 'seed-large';

export const MANUFACTURERS = 200;
export const CATEGORIES = ROOTS.length * (1 + 10);

/** Manufacturer `n` (1..200): manufacturers 1, 11, 21, ... make the goods of the first root category. */
function manufacturer(n: number): Manufacturer {
  const root = (n - 1) % ROOTS.length;
  const k = Math.floor((n - 1) / ROOTS.length);
  // 7 is coprime with 40: the 20 makers of one root live in 20 different places.
  const [place, country] = MAKER_PLACES[(k * 7 + root * 3) % MAKER_PLACES.length]!;
  return {
    id: largeId(KIND.manufacturer, n),
    name: `${place} ${ROOTS[root]!.trade} ${COMPANY_SUFFIX[country] ?? 'Ltd'}`,
    organizationId: null,
    country,
    originRegion: 'eu',
    createdAt: REFERENCE_TIME,
    updatedAt: REFERENCE_TIME,
    deletedAt: null,
  };
}

export const largeManufacturers = (): Manufacturer[] => Array.from({ length: MANUFACTURERS }, (_, i) => manufacturer(i + 1));

const rootId = (root: number) => largeId(KIND.category, root + 1);
const leafId = (root: number, child: number) => largeId(KIND.category, 11 + root * 10 + child);
const slugOf = (name: string) => name.toLowerCase().replace(/&/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The 10 roots, then their 100 leaves (slugs `large-<root>` and `large-<root>-<leaf>`). */
export function largeCategories(): Category[] {
  const row = (id: string, name: string, slug: string, parentId: string | null): Category => ({ id, name, slug, parentId, originRegion: 'eu', createdAt: REFERENCE_TIME, updatedAt: REFERENCE_TIME, deletedAt: null });
  return [
    ...ROOTS.map((root, r) => row(rootId(r), root.name, `large-${root.slug}`, null)),
    ...ROOTS.flatMap((root, r) => root.children.map((child, c) => row(leafId(r, c), child, `large-${root.slug}-${slugOf(child)}`, rootId(r)))),
  ];
}

/** The stores of both regions: 60 in EU, then 20 in CN (numbers 1..80), run by the demo partners. */
export function largeStores(): Store[] {
  const stores: Store[] = [];
  for (const region of ['eu', 'cn'] as const) {
    const { perCity, cities } = STORE_CITIES[region];
    cities.forEach((c, ci) => {
      for (let k = 0; k < perCity; k++) {
        const n = stores.length + 1;
        const jitter = (salt: number) => (unit(hash(n, Salt.Jitter, salt)) - 0.5) * 0.08;
        stores.push({
          id: largeId(KIND.store, n),
          code: `LG-${region.toUpperCase()}-${c.code}-${String(k + 1).padStart(2, '0')}`,
          name: `MadeInWorld ${c.name} ${['Central', 'North', 'South'][k]}`,
          region,
          address: { line1: `${10 + ((ci * 13 + k * 29) % 180)} ${c.street}`, city: c.name, postalCode: c.postalCode, country: c.country },
          partnerOrganizationId: region === 'eu' ? ORG.berlinGoods : ORG.shanghaiMart,
          latitude: Number((c.lat + jitter(1)).toFixed(5)),
          longitude: Number((c.lng + jitter(2)).toFixed(5)),
          originRegion: 'eu',
          createdAt: REFERENCE_TIME,
          updatedAt: REFERENCE_TIME,
          deletedAt: null,
        });
      }
    });
  }
  return stores;
}

/** The name parts of product `n`: the words the search terms are taken from. */
function nameParts(n: number) {
  const leaf = (n - 1) % 100; // products 1..100 fill every leaf once, then round again
  const root = Math.floor(leaf / 10);
  const spec = ROOTS[root]!;
  const origin = pick(ORIGINS, hash(n, Salt.Origin));
  return {
    root,
    child: leaf % 10,
    adjective: pick(ADJECTIVES, hash(n, Salt.Adjective)),
    origin,
    material: MATERIALS.includes(origin),
    noun: pick(spec.nouns, hash(n, Salt.Noun)),
    size: hash(n, Salt.HasSize) % 10 < 4 ? pick(spec.sizes, hash(n, Salt.Size)) : null,
  };
}

/** Price in cents, 100 to 50,000, log-uniform (many cheap goods, a few expensive), shop-like endings above 10 EUR. */
function priceOf(n: number): number {
  const raw = 100 * 500 ** unit(hash(n, Salt.Price));
  return raw < 1000 ? Math.round(raw) : Math.round(raw / 10) * 10 - 1;
}

/** 92% ACTIVE, 5% DRAFT, 3% ARCHIVED. */
function statusOf(n: number): Product['status'] {
  const p = hash(n, Salt.Status) % 100;
  return p < 92 ? 'ACTIVE' : p < 97 ? 'DRAFT' : 'ARCHIVED';
}

export const largeProductId = (n: number): string => largeId(KIND.product, n);
export const isActiveProduct = (n: number): boolean => statusOf(n) === 'ACTIVE';

/** Product `n` (1..N). */
export function largeProduct(n: number): Product {
  const parts = nameParts(n);
  const maker = manufacturer(1 + parts.root + ROOTS.length * (hash(n, Salt.Maker) % (MANUFACTURERS / ROOTS.length)));
  const base = `${parts.adjective} ${parts.origin} ${parts.noun}`;
  const sku = `LG-${String(n).padStart(6, '0')}`;
  const createdAt = new Date(BASE_TIME + n * 60_000);
  const what = `${parts.adjective} ${parts.noun.toLowerCase()} ${parts.material ? `in ${parts.origin.toLowerCase()}` : `from ${parts.origin}`}`;
  return {
    id: largeProductId(n),
    sku,
    name: parts.size ? `${base}, ${parts.size}` : base,
    description: `${what} by ${maker.name.replace(/\.$/, '')}. ${pick(TRAITS, hash(n, Salt.Trait))}.`,
    priceAmount: priceOf(n),
    currency: 'EUR',
    attributes: { [parts.material ? 'material' : 'origin']: parts.origin, color: pick(COLORS, hash(n, Salt.Color)), ...(parts.size ? { size: parts.size } : {}) },
    images: Array.from({ length: 1 + (hash(n, Salt.Images) % 3) }, (_, k) => `${IMAGES}/${sku.toLowerCase()}-${k + 1}.jpg`),
    status: statusOf(n),
    manufacturerId: maker.id,
    categoryId: leafId(parts.root, parts.child),
    originRegion: 'eu',
    createdAt,
    updatedAt: createdAt,
    deletedAt: null,
  };
}

/** Levels of a product in one store each: 3 to 5 (4 on average) of the region's stores, 0..200 units (10% none). */
export function largeLevels(n: number, region: RegionCode, stores: Store[]): BulkLevel[] {
  const here = stores.filter((s) => s.region === region);
  const count = 3 + (hash(n, Salt.LevelCount) % 3);
  const start = hash(n, Salt.LevelStart) % here.length;
  return Array.from({ length: Math.min(count, here.length) }, (_, k) => {
    const h = hash(n, Salt.OnHand, k);
    const index = n * 8 + k;
    // A stride of 7 is coprime with 60 and 20: the stores are distinct.
    return { id: largeId(KIND.level[region], index), storeId: here[(start + k * 7) % here.length]!.id, productId: largeProductId(n), onHand: h % 10 === 0 ? 0 : 1 + ((h >>> 4) % 200), lowStockThreshold: 5, movementId: largeId(KIND.movement[region], index) };
  });
}

// ---------------------------------------------------------------------------------------------
// Search terms

/** A PRNG (mulberry32) for the search terms: one sequence per seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One typo in `word` (length >= 5), never in its first letter: a letter substituted, dropped, or two neighbours swapped. */
function typo(word: string, next: () => number): string {
  const at = 1 + Math.floor(next() * (word.length - 1));
  const kind = Math.floor(next() * 3);
  if (kind === 0) {
    const letters = LETTERS.replace(word[at]!, '');
    return word.slice(0, at) + letters[Math.floor(next() * letters.length)] + word.slice(at + 1);
  }
  if (kind === 1) return word.slice(0, at) + word.slice(at + 1);
  const i = Math.min(at, word.length - 2);
  // Swapping two equal letters changes nothing: drop one instead.
  if (word[i] === word[i + 1]) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/**
 * `count` search terms as shoppers type them: two neighbouring words of a real (ACTIVE) product
 * name among products 1..`products`, lower case; every second term has one typo in a word of 5
 * letters or more. The same seed gives the same terms.
 */
export function searchTerms(products: number, count: number, seed: number): string[] {
  const next = random(seed);
  const terms: string[] = [];
  while (terms.length < count) {
    const n = 1 + Math.floor(next() * products);
    if (!isActiveProduct(n)) continue;
    const words = largeProduct(n).name.split(',')[0]!.toLowerCase().split(' ');
    const at = Math.floor(next() * (words.length - 1));
    const pair = words.slice(at, at + 2);
    if (terms.length % 2 === 1) {
      const long = pair.map((w, i) => (/^[a-z]{5,}$/.test(w) ? i : -1)).filter((i) => i >= 0);
      if (long.length === 0) continue;
      const i = long[Math.floor(next() * long.length)]!;
      pair[i] = typo(pair[i]!, next);
    }
    terms.push(pair.join(' '));
  }
  return terms;
}

// ---------------------------------------------------------------------------------------------
// Loading

/** The databases: the master region's (catalog) and the one whose stock is loaded (the same URL for EU). */
export interface LargeUrls {
  catalog: string;
  inventory: string;
}

export interface LargeOptions {
  products: number;
  /** Whose stores get the stock. */
  region: RegionCode;
}

/** Rows written (or found written) so far, out of all the load's rows. */
export interface LargeProgress {
  phase: 'catalog' | 'stock' | 'propagation';
  done: number;
  total: number;
  /** A short note for the progress line (e.g. events left to publish). */
  note?: string;
}

export interface LargeLoad {
  /** Rows inserted by this run (0 on a re-run). */
  inserted: { manufacturers: number; categories: number; stores: number; products: number; levels: number; movements: number };
  /** Catalog events written to the outbox by this run. */
  events: number;
  /** Rows of the data set, inserted now or before. */
  rows: { products: number; levels: number };
  seconds: number;
}

const PRODUCT_BATCH = 1_000;
const LEVEL_BATCH = 5_000;

/** How many ids of `kind` numbered `from`..`to` exist in `table` (ids sort like their numbers). */
async function countRange(pool: pg.Pool, table: string, kind: number, from: number, to: number): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE id BETWEEN $1::uuid AND $2::uuid`, [largeId(kind, from), largeId(kind, to)]);
  return Number(rows[0]!.n);
}

async function withPools<T>(urls: LargeUrls, run: (catalog: pg.Pool, inventory: pg.Pool) => Promise<T>): Promise<T> {
  const catalog = createPool({ url: urls.catalog, max: 2, name: 'seed-large' });
  const inventory = urls.inventory === urls.catalog ? catalog : createPool({ url: urls.inventory, max: 2, name: 'seed-large' });
  try {
    return await run(catalog, inventory);
  } finally {
    await catalog.end();
    if (inventory !== catalog) await inventory.end();
  }
}

/** Products 1..`products` in batches of PRODUCT_BATCH; skipped when every one exists. */
async function loadProducts(pool: pg.Pool, products: number, counted: (rows: number) => void): Promise<{ inserted: number; events: number }> {
  const out = { inserted: 0, events: 0 };
  if ((await countRange(pool, 'catalog.product', KIND.product, 1, products)) === products) return (counted(products), out);
  for (let first = 1; first <= products; first += PRODUCT_BATCH) {
    const rows = Array.from({ length: Math.min(PRODUCT_BATCH, products - first + 1) }, (_, i) => largeProduct(first + i));
    const written = await insertProducts(pool, rows, CORRELATION_ID);
    out.inserted += written.inserted;
    out.events += written.events;
    counted(rows.length);
  }
  return out;
}

/** The levels of products 1..`products` in the region, in batches of LEVEL_BATCH; skipped when every one exists. */
async function loadLevels(pool: pg.Pool, { products, region }: LargeOptions, stores: Store[], total: number, counted: (rows: number) => void): Promise<{ levels: number; movements: number }> {
  const out = { levels: 0, movements: 0 };
  if ((await countRange(pool, 'inventory.inventory_level', KIND.level[region], 8, products * 8 + 7)) === total) return (counted(total), out);
  let batch: BulkLevel[] = [];
  const flush = async () => {
    const written = await insertLevels(pool, batch, CORRELATION_ID, REFERENCE_TIME);
    out.levels += written.levels;
    out.movements += written.movements;
    counted(batch.length);
    batch = [];
  };
  for (let n = 1; n <= products; n++) {
    batch.push(...largeLevels(n, region, stores));
    if (batch.length >= LEVEL_BATCH) await flush();
  }
  if (batch.length) await flush();
  return out;
}

/**
 * Loads the data set: manufacturers, categories and stores, then products (with their events) and
 * the region's levels side by side, then VACUUM (ANALYZE) of what changed. Rows that exist are skipped, so
 * a re-run is quick and writes nothing.
 */
export async function loadLargeCatalog(urls: LargeUrls, options: LargeOptions, progress: (p: LargeProgress) => void = () => undefined): Promise<LargeLoad> {
  const started = performance.now();
  const stores = largeStores();
  let levelTotal = 0;
  for (let n = 1; n <= options.products; n++) levelTotal += largeLevels(n, options.region, stores).length;
  const manufacturers = largeManufacturers();
  const categories = largeCategories();
  const total = manufacturers.length + categories.length + stores.length + options.products + levelTotal;
  let done = 0;
  const counted = (phase: LargeProgress['phase']) => (rows: number) => progress({ phase, done: (done += rows), total });
  return withPools(urls, async (catalog, inventory) => {
    const m = await insertManufacturers(catalog, manufacturers, CORRELATION_ID);
    const c = await insertCategories(catalog, categories, CORRELATION_ID);
    const s = await insertStores(catalog, stores, CORRELATION_ID);
    counted('catalog')(manufacturers.length + categories.length + stores.length);
    const [p, l] = await Promise.all([loadProducts(catalog, options.products, counted('catalog')), loadLevels(inventory, options, stores, levelTotal, counted('stock'))]);
    // Vacuumed with fresh statistics: the planner sees the large tables as they are now, index-only
    // scans work at once, and autovacuum does not start on them in the middle of a measurement.
    if (p.inserted) await catalog.query('VACUUM (ANALYZE) catalog.product, catalog.manufacturer, catalog.category, catalog.store, catalog.category_product_count, catalog.search_term');
    if (l.levels) await inventory.query('VACUUM (ANALYZE) inventory.inventory_level, inventory.inventory_movement');
    return {
      inserted: { manufacturers: m.inserted, categories: c.inserted, stores: s.inserted, products: p.inserted, levels: l.levels, movements: l.movements },
      events: m.events + c.events + s.events + p.events,
      rows: { products: options.products, levels: levelTotal },
      seconds: (performance.now() - started) / 1000,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Propagation

/** Whether the services that carry the data on are connected: the EU catalog's relay and the region's inventory. */
async function servicesConnected(catalog: pg.Pool, inventory: pg.Pool, region: RegionCode): Promise<string[]> {
  const connected = async (pool: pg.Pool, name: string) =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [name])).rows[0]!.n) > 0;
  const missing: string[] = [];
  if (!(await connected(catalog, 'catalog-eu-relay'))) missing.push('the EU catalog (its outbox relay)');
  if (!(await connected(inventory, `inventory-${region}`))) missing.push(`${region.toUpperCase()} inventory`);
  return missing;
}

/**
 * Waits until the catalog relay has published every outbox row and the region's inventory
 * projection knows every product of the data set, reporting progress each second. Answers with
 * what is not running when the services are not connected (nothing to wait for); fails after
 * `stallMs` without any progress.
 */
export async function waitForPropagation(urls: LargeUrls, { products, region }: LargeOptions, progress: (p: LargeProgress) => void = () => undefined, stallMs = 120_000): Promise<{ notRunning: string[] }> {
  return withPools(urls, async (catalog, inventory) => {
    const missing = await servicesConnected(catalog, inventory, region);
    if (missing.length) return { notRunning: missing };
    let last = '';
    let lastChange = performance.now();
    for (;;) {
      const unpublished = Number((await catalog.query<{ n: string }>('SELECT count(*) AS n FROM catalog.outbox WHERE published_at IS NULL')).rows[0]!.n);
      // Both catalog projections of the region (inventory's and orders', in the same database):
      // until they have caught up, the system is busy applying events.
      const projected = Math.min(
        await countRange(inventory, 'inventory.catalog_product', KIND.product, 1, products),
        await countRange(inventory, 'orders.catalog_product', KIND.product, 1, products),
      );
      progress({ phase: 'propagation', done: projected, total: products, note: `${unpublished} events to publish` });
      if (unpublished === 0 && projected === products) return { notRunning: [] };
      const state = `${unpublished}/${projected}`;
      if (state !== last) [last, lastChange] = [state, performance.now()];
      else if (performance.now() - lastChange > stallMs) {
        throw new Error(`no progress for ${stallMs / 1000} s: ${unpublished} catalog events unpublished, ${projected} of ${products} products in ${region.toUpperCase()} inventory's and orders' projections`);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Progress

/**
 * A progress bar for `LargeProgress` on stderr: percent, rows and rows/s, redrawn in place on a
 * terminal (at most 10 times a second), one line per 10% elsewhere (logs, CI).
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let label = '';
  let since = 0;
  let from = 0;
  let drawn = 0;
  let decile = -1;
  const end = () => {
    if (label && stream.isTTY) stream.write('\n');
    label = '';
  };
  return {
    update(p: LargeProgress) {
      const now = performance.now();
      const name = p.phase === 'propagation' ? 'propagating' : 'loading';
      if (name !== label) {
        end();
        [label, since, from, decile] = [name, now, p.done, -1];
      }
      const ratio = p.total ? Math.min(1, p.done / p.total) : 1;
      const rate = (p.done - from) / Math.max(0.001, (now - since) / 1000);
      const width = 30;
      const bar = `${'#'.repeat(Math.round(ratio * width))}${'.'.repeat(width - Math.round(ratio * width))}`;
      const line = `${label.padEnd(11)} [${bar}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} rows  ${Math.round(rate).toLocaleString('en')} rows/s${p.note ? `  (${p.note})` : ''}`;
      if (stream.isTTY) {
        if (now - drawn < 100 && ratio < 1) return;
        drawn = now;
        stream.write(`\r${line}\x1b[K`);
      } else if (Math.floor(ratio * 10) > decile) {
        decile = Math.floor(ratio * 10);
        stream.write(`${line}\n`);
      }
    },
    end,
  };
}
