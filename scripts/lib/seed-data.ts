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
  { id: '05e20000-0000-4000-8000-000000000002', email: 'maker@teaworks.dev', name: 'Mei Maker', role: 'MANUFACTURER', organizationId: ORG.teaWorks, homeRegion: 'cn' },
  { id: '05e20000-0000-4000-8000-000000000003', email: 'dispatch@swift3pl.dev', name: 'Lars Logistics', role: 'LOGISTICS', organizationId: ORG.swiftLogistics, homeRegion: 'eu' },
  { id: '05e20000-0000-4000-8000-000000000004', email: 'partner@berlingoods.dev', name: 'Paula Partner', role: 'PARTNER', organizationId: ORG.berlinGoods, homeRegion: 'eu' },
  { id: '05e20000-0000-4000-8000-000000000005', email: 'partner@shanghaimart.dev', name: 'Wang Partner', role: 'PARTNER', organizationId: ORG.shanghaiMart, homeRegion: 'cn' },
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

export const inventory: Record<RegionCode, LevelSeed[]> = {
  eu: [level(1, STORE.berlin, PRODUCT.longjing, 40), level(2, STORE.berlin, PRODUCT.oolong, 4)],
  cn: [level(3, STORE.shanghai, PRODUCT.longjing, 120), level(4, STORE.shanghai, PRODUCT.oolong, 60)],
};
