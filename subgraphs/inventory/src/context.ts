import DataLoader from 'dataloader';
import type { Viewer } from '@miw/auth';
import { isUuid, type RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { byIdLoader, groupLoader } from '@miw/service-kit';
import type { InventoryDb, InventoryLevel } from './data/db';
import type { Pool } from 'pg';
import { availableAt, findLevels, findLevelsByStores, type StockKey } from './data/levels';
import { readAvailability, readLevelsByProducts } from './data/reads';
import { findStores } from './data/projection';
import { findShipments, findShipmentsOfRequests, type FullShipment } from './data/shipments';
import { findStockRequests, type StockRequestWithItems } from './data/stock-requests';

export interface InventoryContext {
  db: InventoryDb;
  /** The pool under `db`, for the hot reads of data/reads.ts. */
  pool: Pool;
  /** The region this service runs in (all of its data stays there). */
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  /** The caller, from the gateway's internal token; null when anonymous. */
  viewer: Viewer;
  loaders: ReturnType<typeof createLoaders>;
}

export function createLoaders(db: InventoryDb, pool: Pool) {
  return {
    level: byIdLoader<InventoryLevel>((ids) => findLevels(db, ids)),
    levelsByProduct: groupLoader((ids) => readLevelsByProducts(pool, ids), (r) => r.productId),
    levelsByStore: groupLoader((ids) => findLevelsByStores(db, ids), (r) => r.storeId),
    availability: byIdLoader((ids) => readAvailability(pool, ids)),
    storeStock: storeStockLoader(db),
    stockRequest: byIdLoader<StockRequestWithItems>((ids) => findStockRequests(db, ids)),
    shipment: byIdLoader<FullShipment>((ids) => findShipments(db, ids)),
    shipmentsByRequest: groupLoader((ids) => findShipmentsOfRequests(db, ids), (r) => r.stockRequestId!),
    store: byIdLoader((ids) => findStores(db, ids)),
  };
}

const stockKey = (k: StockKey): string => `${k.storeId.toLowerCase()}/${k.productId.toLowerCase()}`;

/**
 * Units available per (store, product): N StoreStock references of a request cost one query.
 * 0 for a pair without a level; null for a key that is not two UUIDs (no query).
 */
function storeStockLoader(db: InventoryDb): DataLoader<StockKey, number | null, string> {
  return new DataLoader<StockKey, number | null, string>(
    async (keys) => {
      const valid = keys.filter((k) => isUuid(k.storeId) && isUuid(k.productId));
      const found = new Map((await availableAt(db, valid)).map((r) => [stockKey(r), r.available]));
      return keys.map((k) => (isUuid(k.storeId) && isUuid(k.productId) ? (found.get(stockKey(k)) ?? 0) : null));
    },
    { cacheKeyFn: stockKey },
  );
}
