/**
 * Demo data for development: a small but complete marketplace. Fixed ids, so seeding is
 * idempotent and docs/tests can name them. Emails are the ones the identity issue logs in with.
 */
import type { OrganizationSeed, UserSeed } from '@miw/subgraph-auth/seed';
import type { CatalogSeed } from '@miw/subgraph-catalog/seed';
import type { LevelSeed } from '@miw/subgraph-inventory/seed';

export const ORG = {
  teaWorks: '0b1e0000-0000-4000-8000-000000000001',
  swiftLogistics: '0b1e0000-0000-4000-8000-000000000002',
  berlinGoods: '0b1e0000-0000-4000-8000-000000000003',
  shanghaiMart: '0b1e0000-0000-4000-8000-000000000004',
};

export const organizations: OrganizationSeed[] = [
  { id: ORG.teaWorks, name: 'Hangzhou Tea Works', kind: 'MANUFACTURER' },
  { id: ORG.swiftLogistics, name: 'Swift 3PL', kind: 'LOGISTICS' },
  { id: ORG.berlinGoods, name: 'Berlin Goods GmbH', kind: 'PARTNER' },
  { id: ORG.shanghaiMart, name: 'Shanghai Mart Ltd', kind: 'PARTNER' },
];

export const users: UserSeed[] = [
  { id: '05e20000-0000-4000-8000-000000000001', email: 'admin@madeinworld.dev', name: 'Ada Admin', role: 'ADMIN', homeRegion: 'eu' },
  { id: '05e20000-0000-4000-8000-000000000002', email: 'maker@teaworks.dev', name: 'Mei Maker', role: 'MANUFACTURER', organizationId: ORG.teaWorks, homeRegion: 'cn' },
  { id: '05e20000-0000-4000-8000-000000000003', email: 'dispatch@swift3pl.dev', name: 'Lars Logistics', role: 'LOGISTICS', organizationId: ORG.swiftLogistics, homeRegion: 'eu' },
  { id: '05e20000-0000-4000-8000-000000000004', email: 'partner@berlingoods.dev', name: 'Paula Partner', role: 'PARTNER', organizationId: ORG.berlinGoods, homeRegion: 'eu' },
  { id: '05e20000-0000-4000-8000-000000000005', email: 'partner@shanghaimart.dev', name: 'Wang Partner', role: 'PARTNER', organizationId: ORG.shanghaiMart, homeRegion: 'cn' },
  { id: '05e20000-0000-4000-8000-000000000006', email: 'shopper@example.com', name: 'Sam Shopper', role: 'CUSTOMER', homeRegion: 'eu' },
];

const MANUFACTURER = 'aa000000-0000-4000-8000-000000000001';
const CATEGORY = { drinks: 'ca700000-0000-4000-8000-000000000001', tea: 'ca700000-0000-4000-8000-000000000002' };
export const STORE = { berlin: '5707e000-0000-4000-8000-000000000001', shanghai: '5707e000-0000-4000-8000-000000000002' };
export const PRODUCT = {
  longjing: '9d000000-0000-4000-8000-000000000001',
  oolong: '9d000000-0000-4000-8000-000000000002',
  puerh: '9d000000-0000-4000-8000-000000000003',
};

export const catalog: CatalogSeed = {
  manufacturers: [{ id: MANUFACTURER, name: 'Hangzhou Tea Works', organizationId: ORG.teaWorks, country: 'CN', originRegion: 'eu' }],
  categories: [
    { id: CATEGORY.drinks, name: 'Drinks', slug: 'drinks', originRegion: 'eu' },
    { id: CATEGORY.tea, name: 'Tea', slug: 'tea', parentId: CATEGORY.drinks, originRegion: 'eu' },
  ],
  stores: [
    { id: STORE.berlin, code: 'EU-BER-01', name: 'MadeInWorld Berlin', region: 'eu', partnerOrganizationId: ORG.berlinGoods, originRegion: 'eu', address: { line1: 'Friedrichstrasse 1', city: 'Berlin', postalCode: '10117', country: 'DE' } },
    { id: STORE.shanghai, code: 'CN-SHA-01', name: 'MadeInWorld Shanghai', region: 'cn', partnerOrganizationId: ORG.shanghaiMart, originRegion: 'eu', address: { line1: '1 Nanjing Road', city: 'Shanghai', postalCode: '200001', country: 'CN' } },
  ],
  products: [
    { id: PRODUCT.longjing, sku: 'TEA-LONGJING-100', name: 'Longjing green tea, 100 g', description: 'Dragon Well tea from West Lake, spring harvest.', priceAmount: 1890, currency: 'EUR', status: 'ACTIVE', manufacturerId: MANUFACTURER, categoryId: CATEGORY.tea, attributes: { grams: 100, origin: 'Hangzhou' }, originRegion: 'eu' },
    { id: PRODUCT.oolong, sku: 'TEA-OOLONG-100', name: 'Tieguanyin oolong, 100 g', description: 'Lightly roasted oolong from Anxi.', priceAmount: 1590, currency: 'EUR', status: 'ACTIVE', manufacturerId: MANUFACTURER, categoryId: CATEGORY.tea, attributes: { grams: 100, origin: 'Anxi' }, originRegion: 'eu' },
    { id: PRODUCT.puerh, sku: 'TEA-PUERH-357', name: 'Pu-erh cake, 357 g', description: 'Aged ripe pu-erh from Yunnan.', priceAmount: 4200, currency: 'EUR', status: 'DRAFT', manufacturerId: MANUFACTURER, categoryId: CATEGORY.tea, attributes: { grams: 357, origin: 'Yunnan' }, originRegion: 'eu' },
  ],
};

const level = (n: number, storeId: string, productId: string, onHand: number): LevelSeed => ({
  id: `1e7e1000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  storeId,
  productId,
  onHand,
  lowStockThreshold: 5,
});

export const inventory: Record<'eu' | 'cn', LevelSeed[]> = {
  eu: [level(1, STORE.berlin, PRODUCT.longjing, 40), level(2, STORE.berlin, PRODUCT.oolong, 4)],
  cn: [level(3, STORE.shanghai, PRODUCT.longjing, 120), level(4, STORE.shanghai, PRODUCT.oolong, 60)],
};
