/**
 * Demo catalog: a category tree three levels deep, several manufacturers, 30 products with images
 * and attributes, and stores with coordinates in EU and CN cities. Fixed ids (seeding is idempotent).
 */
import type { CatalogSeed } from '@miw/subgraph-catalog/seed';
import type { RegionCode } from '@miw/contracts';

type Product = CatalogSeed['products'][number];

const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const IMAGES = 'https://images.madeinworld.dev/products';

export function catalogSeed(org: { teaWorks: string; berlinGoods: string; shanghaiMart: string }) {
  const MANUFACTURER = {
    teaWorks: 'aa000000-0000-4000-8000-000000000001',
    yunnanLeaf: 'aa000000-0000-4000-8000-000000000002',
    bavariaPorcelain: 'aa000000-0000-4000-8000-000000000003',
    lyonCopper: 'aa000000-0000-4000-8000-000000000004',
    shenzhenSound: 'aa000000-0000-4000-8000-000000000005',
    nordicLinen: 'aa000000-0000-4000-8000-000000000006',
  };
  // Level 1 roots, level 2 groups, level 3 leaves.
  const tree: [key: string, name: string, parent: string | null][] = [
    ['drinks', 'Drinks', null],
    ['tea', 'Tea', 'drinks'],
    ['green-tea', 'Green tea', 'tea'],
    ['oolong-tea', 'Oolong tea', 'tea'],
    ['dark-tea', 'Dark tea', 'tea'],
    ['coffee', 'Coffee', 'drinks'],
    ['coffee-beans', 'Coffee beans', 'coffee'],
    ['home-kitchen', 'Home & kitchen', null],
    ['teaware', 'Teaware', 'home-kitchen'],
    ['teapots', 'Teapots', 'teaware'],
    ['cups', 'Cups', 'teaware'],
    ['cookware', 'Cookware', 'home-kitchen'],
    ['pans', 'Pans', 'cookware'],
    ['textiles', 'Textiles', 'home-kitchen'],
    ['table-linen', 'Table linen', 'textiles'],
    ['electronics', 'Electronics', null],
    ['audio', 'Audio', 'electronics'],
    ['headphones', 'Headphones', 'audio'],
    ['speakers', 'Speakers', 'audio'],
  ];
  // The first two keep the ids of the earlier, smaller seed.
  const CATEGORY: Record<string, string> = { drinks: 'ca700000-0000-4000-8000-000000000001', tea: 'ca700000-0000-4000-8000-000000000002' };
  tree.forEach(([key], i) => (CATEGORY[key] ??= id('ca700000', 100 + i)));

  const STORE = { berlin: '5707e000-0000-4000-8000-000000000001', shanghai: '5707e000-0000-4000-8000-000000000002' };
  const stores: CatalogSeed['stores'] = [
    ['EU-BER-01', 'MadeInWorld Berlin', 'eu', 'Friedrichstrasse 1', 'Berlin', '10117', 'DE', 52.5163, 13.3889, STORE.berlin],
    ['CN-SHA-01', 'MadeInWorld Shanghai', 'cn', '1 Nanjing Road', 'Shanghai', '200001', 'CN', 31.2355, 121.4854, STORE.shanghai],
    ['EU-MUC-01', 'MadeInWorld Munich', 'eu', 'Kaufingerstrasse 12', 'Munich', '80331', 'DE', 48.1374, 11.5733, id('5707e000', 3)],
    ['EU-PAR-01', 'MadeInWorld Paris', 'eu', '25 Rue de Rivoli', 'Paris', '75004', 'FR', 48.8556, 2.3585, id('5707e000', 4)],
    ['EU-MIL-01', 'MadeInWorld Milan', 'eu', 'Via Torino 40', 'Milan', '20123', 'IT', 45.4612, 9.1856, id('5707e000', 5)],
    ['EU-AMS-01', 'MadeInWorld Amsterdam', 'eu', 'Kalverstraat 92', 'Amsterdam', '1012 PH', 'NL', 52.3702, 4.8912, id('5707e000', 6)],
    ['CN-BJS-01', 'MadeInWorld Beijing', 'cn', '88 Wangfujing Street', 'Beijing', '100006', 'CN', 39.9139, 116.4103, id('5707e000', 7)],
    ['CN-SZX-01', 'MadeInWorld Shenzhen', 'cn', '3 Huaqiang North Road', 'Shenzhen', '518031', 'CN', 22.5431, 114.0863, id('5707e000', 8)],
    ['CN-HGH-01', 'MadeInWorld Hangzhou', 'cn', '20 Hubin Road', 'Hangzhou', '310006', 'CN', 30.2592, 120.1644, id('5707e000', 9)],
    ['CN-CTU-01', 'MadeInWorld Chengdu', 'cn', '6 Chunxi Road', 'Chengdu', '610016', 'CN', 30.6571, 104.0817, id('5707e000', 10)],
  ].map(([code, name, region, line1, city, postalCode, country, latitude, longitude, storeId]) => ({
    id: storeId as string,
    code: code as string,
    name: name as string,
    region: region as RegionCode,
    partnerOrganizationId: region === 'eu' ? org.berlinGoods : org.shanghaiMart,
    address: { line1, city, postalCode, country },
    latitude: latitude as number,
    longitude: longitude as number,
    originRegion: 'eu' as const,
  }));

  const PRODUCT = {
    longjing: '9d000000-0000-4000-8000-000000000001',
    oolong: '9d000000-0000-4000-8000-000000000002',
    puerh: '9d000000-0000-4000-8000-000000000003',
  };
  let n = 3;
  const product = (
    sku: string,
    name: string,
    description: string,
    priceAmount: number,
    manufacturerId: string,
    category: string,
    attributes: Record<string, string | number | boolean>,
    status: Product['status'] = 'ACTIVE',
    productId = id('9d000000', ++n),
  ): Product => ({
    id: productId,
    sku,
    name,
    description,
    priceAmount,
    currency: 'EUR',
    status,
    manufacturerId,
    categoryId: CATEGORY[category]!,
    attributes,
    images: [`${IMAGES}/${sku.toLowerCase()}-1.jpg`, `${IMAGES}/${sku.toLowerCase()}-2.jpg`],
    originRegion: 'eu',
  });
  const M = MANUFACTURER;
  const products: Product[] = [
    product('TEA-LONGJING-100', 'Longjing green tea, 100 g', 'Dragon Well tea from West Lake, spring harvest.', 1890, M.teaWorks, 'green-tea', { grams: 100, origin: 'Hangzhou' }, 'ACTIVE', PRODUCT.longjing),
    product('TEA-OOLONG-100', 'Tieguanyin oolong, 100 g', 'Lightly roasted oolong from Anxi.', 1590, M.teaWorks, 'oolong-tea', { grams: 100, origin: 'Anxi' }, 'ACTIVE', PRODUCT.oolong),
    product('TEA-PUERH-357', 'Pu-erh cake, 357 g', 'Aged ripe pu-erh from Yunnan.', 4200, M.yunnanLeaf, 'dark-tea', { grams: 357, origin: 'Yunnan', vintage: 2019 }, 'DRAFT', PRODUCT.puerh),
    product('TEA-BILUOCHUN-50', 'Biluochun green tea, 50 g', 'Spiral-rolled green tea from Lake Tai with a fruity aroma.', 1650, M.teaWorks, 'green-tea', { grams: 50, origin: 'Suzhou' }),
    product('TEA-MAOFENG-100', 'Huangshan Maofeng, 100 g', 'Downy green tea from the Yellow Mountains.', 1450, M.teaWorks, 'green-tea', { grams: 100, origin: 'Huangshan' }),
    product('TEA-DAHONGPAO-50', 'Da Hong Pao rock oolong, 50 g', 'Charcoal-roasted Wuyi rock tea.', 2490, M.teaWorks, 'oolong-tea', { grams: 50, origin: 'Wuyishan', roast: 'heavy' }),
    product('TEA-DONGDING-100', 'Dong Ding oolong, 100 g', 'Medium roasted ball-rolled oolong.', 1990, M.yunnanLeaf, 'oolong-tea', { grams: 100, roast: 'medium' }),
    product('TEA-SHENG-200', 'Raw pu-erh tuocha, 200 g', 'Young sheng pu-erh pressed into a bowl.', 2300, M.yunnanLeaf, 'dark-tea', { grams: 200, origin: 'Menghai' }),
    product('TEA-LIUBAO-250', 'Liu Bao dark tea, 250 g', 'Basket-aged dark tea from Guangxi.', 2750, M.yunnanLeaf, 'dark-tea', { grams: 250, origin: 'Wuzhou' }),
    product('TEA-DIANHONG-100', 'Dian Hong golden tips, 100 g', 'Yunnan black tea with malty, honeyed notes.', 1790, M.yunnanLeaf, 'tea', { grams: 100, origin: 'Fengqing' }),
    product('COF-YUNNAN-250', 'Yunnan arabica beans, 250 g', 'Washed arabica from Pu’er, medium roast.', 1290, M.yunnanLeaf, 'coffee-beans', { grams: 250, roast: 'medium', process: 'washed' }),
    product('COF-ESPRESSO-1000', 'Espresso blend beans, 1 kg', 'Dark roast blend for espresso machines.', 2890, M.yunnanLeaf, 'coffee-beans', { grams: 1000, roast: 'dark' }),
    product('WARE-YIXING-200', 'Yixing clay teapot, 200 ml', 'Hand-thrown zisha clay teapot.', 8900, M.teaWorks, 'teapots', { millilitres: 200, material: 'zisha clay' }),
    product('WARE-GAIWAN-150', 'Porcelain gaiwan, 150 ml', 'White porcelain lidded bowl for brewing.', 2400, M.bavariaPorcelain, 'teapots', { millilitres: 150, material: 'porcelain' }),
    product('WARE-KETTLE-1000', 'Cast iron tetsubin kettle, 1 l', 'Enamelled inside, for the stove.', 7900, M.lyonCopper, 'teapots', { millilitres: 1000, material: 'cast iron' }),
    product('WARE-CUPS-6', 'Celadon tea cups, set of 6', 'Crackle-glazed celadon cups, 60 ml each.', 3200, M.bavariaPorcelain, 'cups', { pieces: 6, millilitres: 60 }),
    product('WARE-MUG-350', 'Porcelain mug, 350 ml', 'Dishwasher-safe mug from Bavaria.', 1490, M.bavariaPorcelain, 'cups', { millilitres: 350, color: 'white' }),
    product('WARE-ESPRESSO-2', 'Espresso cups, set of 2', 'Thick-walled porcelain cups with saucers.', 1990, M.bavariaPorcelain, 'cups', { pieces: 2, millilitres: 90 }),
    product('PAN-COPPER-24', 'Copper sauté pan, 24 cm', 'Tin-lined copper, cast iron handle.', 18900, M.lyonCopper, 'pans', { diameterCm: 24, material: 'copper' }),
    product('PAN-CARBON-28', 'Carbon steel frying pan, 28 cm', 'Seasons with use; induction ready.', 5900, M.lyonCopper, 'pans', { diameterCm: 28, material: 'carbon steel' }),
    product('PAN-WOK-32', 'Hand-hammered wok, 32 cm', 'Carbon steel wok with a wooden handle.', 4900, M.lyonCopper, 'pans', { diameterCm: 32, material: 'carbon steel' }, 'DRAFT'),
    product('LIN-TABLE-160', 'Linen tablecloth, 160 x 250 cm', 'Stonewashed European flax.', 8900, M.nordicLinen, 'table-linen', { widthCm: 160, lengthCm: 250, color: 'natural' }),
    product('LIN-NAPKIN-4', 'Linen napkins, set of 4', 'Stonewashed flax napkins, 45 x 45 cm.', 2900, M.nordicLinen, 'table-linen', { pieces: 4, color: 'sage' }),
    product('LIN-RUNNER-40', 'Table runner, 40 x 150 cm', 'Herringbone weave in charcoal.', 3900, M.nordicLinen, 'table-linen', { widthCm: 40, lengthCm: 150, color: 'charcoal' }, 'ARCHIVED'),
    product('AUD-HP-ANC', 'Wireless noise cancelling headphones', 'Over-ear, 30 hours of battery, USB-C.', 19900, M.shenzhenSound, 'headphones', { batteryHours: 30, wireless: true, color: 'black' }),
    product('AUD-HP-EARBUDS', 'True wireless earbuds', 'In-ear buds with charging case.', 7900, M.shenzhenSound, 'headphones', { batteryHours: 24, wireless: true, color: 'white' }),
    product('AUD-HP-STUDIO', 'Studio monitor headphones', 'Closed-back, wired, 3 m cable.', 12900, M.shenzhenSound, 'headphones', { wireless: false, impedanceOhm: 32 }),
    product('AUD-SPK-MINI', 'Portable Bluetooth speaker', 'Waterproof mini speaker, 12 hours.', 4900, M.shenzhenSound, 'speakers', { batteryHours: 12, waterproof: 'IP67' }),
    product('AUD-SPK-SHELF', 'Bookshelf speakers, pair', 'Two-way passive speakers in walnut.', 29900, M.shenzhenSound, 'speakers', { pieces: 2, finish: 'walnut' }),
    product('AUD-SPK-SOUNDBAR', 'Soundbar with subwoofer', 'Dolby Atmos soundbar, wireless sub.', 39900, M.shenzhenSound, 'speakers', { channels: '3.1.2' }),
  ];

  const catalog: CatalogSeed = {
    manufacturers: [
      { id: M.teaWorks, name: 'Hangzhou Tea Works', organizationId: org.teaWorks, country: 'CN', originRegion: 'eu' },
      { id: M.yunnanLeaf, name: 'Yunnan Leaf Co.', country: 'CN', originRegion: 'eu' },
      { id: M.bavariaPorcelain, name: 'Bavaria Porzellan', country: 'DE', originRegion: 'eu' },
      { id: M.lyonCopper, name: 'Cuivrerie de Lyon', country: 'FR', originRegion: 'eu' },
      { id: M.shenzhenSound, name: 'Shenzhen Sound Ltd', country: 'CN', originRegion: 'eu' },
      { id: M.nordicLinen, name: 'Nordic Linen AB', country: 'SE', originRegion: 'eu' },
    ],
    categories: tree.map(([key, name, parent]) => ({ id: CATEGORY[key]!, name, slug: key, parentId: parent ? CATEGORY[parent]! : null, originRegion: 'eu' })),
    stores,
    products,
  };
  return { catalog, STORE, PRODUCT };
}
