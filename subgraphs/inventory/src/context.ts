import type { Viewer } from '@miw/auth';
import type { Logger } from '@miw/logging';
import { byIdLoader, groupLoader } from '@miw/service-kit';
import type { InventoryDb, InventoryLevel } from './data/db';
import { findLevels, findLevelsByProducts, findLevelsByStores } from './data/levels';

export interface InventoryContext {
  db: InventoryDb;
  correlationId: string;
  logger: Logger;
  /** The caller, from the gateway's internal token; null when anonymous. */
  viewer: Viewer;
  loaders: ReturnType<typeof createLoaders>;
}

export function createLoaders(db: InventoryDb) {
  return {
    level: byIdLoader<InventoryLevel>((ids) => findLevels(db, ids)),
    levelsByProduct: groupLoader((ids) => findLevelsByProducts(db, ids), (r) => r.productId),
    levelsByStore: groupLoader((ids) => findLevelsByStores(db, ids), (r) => r.storeId),
  };
}
