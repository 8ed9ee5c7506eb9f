/**
 * Demo data for development: a small but complete marketplace. Fixed ids, so seeding is
 * idempotent and docs/tests can name them. Emails are the ones the identity issue logs in with.
 */
import type { OrganizationSeed, UserSeed } from '@miw/subgraph-auth/seed';
import type { LevelSeed } from '@miw/subgraph-inventory/seed';
import { catalogSeed } from './seed-catalog';
import type { RegionCode } from '@miw/contracts';

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
  { id: '05e20000-0000-4000-8000-000000000002', email: 'maker@teaworks.dev', name: 'Mei Maker', role: 'MANUFACTURER', organizationId: ORG.teaWorks, homeRegion: 'cn', locale: 'zh-CN' },
  { id: '05e20000-0000-4000-8000-000000000003', email: 'dispatch@swift3pl.dev', name: 'Lars Logistics', role: 'LOGISTICS', organizationId: ORG.swiftLogistics, homeRegion: 'eu' },
  { id: '05e20000-0000-4000-8000-000000000004', email: 'partner@berlingoods.dev', name: 'Paula Partner', role: 'PARTNER', organizationId: ORG.berlinGoods, homeRegion: 'eu' },
  { id: '05e20000-0000-4000-8000-000000000005', email: 'partner@shanghaimart.dev', name: 'Wang Partner', role: 'PARTNER', organizationId: ORG.shanghaiMart, homeRegion: 'cn', locale: 'zh-CN' },
  { id: '05e20000-0000-4000-8000-000000000006', email: 'shopper@example.com', name: 'Sam Shopper', role: 'CUSTOMER', homeRegion: 'eu' },
];

// The catalog part lives in seed-catalog.ts.
export const { catalog, STORE, PRODUCT } = catalogSeed(ORG);

const level = (n: number, storeId: string, productId: string, onHand: number): LevelSeed => ({
  id: `1e7e1000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  storeId,
  productId,
  onHand,
  lowStockThreshold: 5,
});

/**
 * The named demo levels: docs and tests read these figures (Longjing 40 in Berlin and 120 in
 * Shanghai, Oolong running low in Berlin), so they keep their ids and quantities.
 */
export const inventory: Record<RegionCode, LevelSeed[]> = {
  eu: [level(1, STORE.berlin, PRODUCT.longjing, 40), level(2, STORE.berlin, PRODUCT.oolong, 4)],
  cn: [level(3, STORE.shanghai, PRODUCT.longjing, 120), level(4, STORE.shanghai, PRODUCT.oolong, 60)],
};

/** The trailing number of a seeded id (`...-000000000007` is 7): stable whatever the list order. */
const serial = (id: string) => Number(id.slice(-12));

/**
 * Shelf stock so that a shopper can buy at once in every demo store: each store of a region holds
 * 20-120 units of every ACTIVE product (drafts and archived products are not for sale), with ids
 * and quantities derived from the store's and product's fixed ids. A store and product the named
 * levels above already cover keep those; Longjing stays at the two flagship stores only (the
 * end-to-end test reads its levels across each region).
 */
function shelves(region: RegionCode): LevelSeed[] {
  const named = new Set(Object.values(inventory).flat().map((l) => `${l.storeId}/${l.productId}`));
  const forSale = catalog.products.filter((p) => p.status === 'ACTIVE' && p.id !== PRODUCT.longjing);
  return catalog.stores
    .filter((s) => s.region === region)
    .flatMap((s) => forSale.filter((p) => !named.has(`${s.id}/${p.id}`)).map((p) => ({ store: serial(s.id!), product: serial(p.id!), storeId: s.id!, productId: p.id! })))
    .map(({ store, product, storeId, productId }) => level(10_000 + store * 100 + product, storeId, productId, 20 + ((store * 37 + product * 53) % 101)));
}

export const shelfStock: Record<RegionCode, LevelSeed[]> = { eu: shelves('eu'), cn: shelves('cn') };
