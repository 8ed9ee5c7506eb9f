import type { Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import { byIdLoader, groupLoader } from '@miw/service-kit';
import type { Logger } from '@miw/logging';
import { findCategories, findManufacturers, findProducts, findStores } from './data/catalog';
import { findAncestorIds, findChildren } from './data/categories';
import type { CatalogDb, Category, Manufacturer, Product, Store } from './data/db';

export interface CatalogContext {
  db: CatalogDb;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  /** The caller, from the gateway's internal token; null when anonymous. */
  viewer: Viewer;
  loaders: ReturnType<typeof createLoaders>;
  /** EU endpoint named by REGION_READ_ONLY errors in a mirror region. */
  masterEndpoint?: string | undefined;
}

export function createLoaders(db: CatalogDb) {
  return {
    product: byIdLoader<Product>((ids) => findProducts(db, ids)),
    manufacturer: byIdLoader<Manufacturer>((ids) => findManufacturers(db, ids)),
    category: byIdLoader<Category>((ids) => findCategories(db, ids)),
    store: byIdLoader<Store>((ids) => findStores(db, ids)),
    /** Live subcategories of a category. */
    children: groupLoader<Category>((ids) => findChildren(db, ids), (c) => c.parentId!),
    /** Ancestor ids of a category, root first. */
    ancestors: byIdLoader<{ id: string; ancestorIds: string[] }>(async (ids) => [...(await findAncestorIds(db, ids))].map(([id, ancestorIds]) => ({ id, ancestorIds }))),
  };
}
