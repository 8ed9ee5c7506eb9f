import type { Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import { byIdLoader, groupLoader } from '@miw/service-kit';
import type { Logger } from '@miw/logging';
import type { Pool } from 'pg';
import { findChildren } from './data/categories';
import type { CatalogDb, Category, Manufacturer, Product, Store } from './data/db';
import { readAncestors, readCategories, readManufacturers, readProducts, readStores } from './data/reads';

export interface CatalogContext {
  db: CatalogDb;
  /** The pool under `db`, for the hot reads of data/reads.ts. */
  pool: Pool;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  /** The caller, from the gateway's internal token; null when anonymous. */
  viewer: Viewer;
  loaders: ReturnType<typeof createLoaders>;
  /** EU endpoint named by REGION_READ_ONLY errors in a mirror region. */
  masterEndpoint?: string | undefined;
}

export function createLoaders(db: CatalogDb, pool: Pool) {
  return {
    product: byIdLoader<Product>((ids) => readProducts(pool, ids)),
    manufacturer: byIdLoader<Manufacturer>((ids) => readManufacturers(pool, ids)),
    category: byIdLoader<Category>((ids) => readCategories(pool, ids)),
    store: byIdLoader<Store>((ids) => readStores(pool, ids)),
    /** Live subcategories of a category. */
    children: groupLoader<Category>((ids) => findChildren(db, ids), (c) => c.parentId!),
    /** Live ancestors of a category, root first. */
    ancestors: byIdLoader<{ id: string; ancestors: Category[] }>(async (ids) => [...(await readAncestors(pool, ids))].map(([id, ancestors]) => ({ id, ancestors }))),
  };
}
