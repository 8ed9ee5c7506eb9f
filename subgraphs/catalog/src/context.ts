import DataLoader from 'dataloader';
import type { RegionCode } from '@miw/events';
import { isUuid } from '@miw/service-kit';
import type { Logger } from '@miw/logging';
import { findCategories, findManufacturers, findProducts, findStores } from './data/catalog';
import type { CatalogDb, Category, Manufacturer, Product, Store } from './data/db';

export interface CatalogContext {
  db: CatalogDb;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  loaders: ReturnType<typeof createLoaders>;
  /** EU endpoint named by REGION_READ_ONLY errors in a mirror region. */
  masterEndpoint?: string | undefined;
}

/** One batch per entity type per tick: N references cost one query, not N. */
function byId<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

export function createLoaders(db: CatalogDb) {
  return {
    product: byId<Product>((ids) => findProducts(db, ids)),
    manufacturer: byId<Manufacturer>((ids) => findManufacturers(db, ids)),
    category: byId<Category>((ids) => findCategories(db, ids)),
    store: byId<Store>((ids) => findStores(db, ids)),
  };
}
