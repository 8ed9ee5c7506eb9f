import type { Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { byIdLoader, groupLoader } from '@miw/service-kit';
import type { InventoryDb, InventoryLevel } from './data/db';
import { availabilityOfProducts, findLevels, findLevelsByProducts, findLevelsByStores } from './data/levels';
import { findStores } from './data/projection';
import { findShipments, findShipmentsOfRequests, type FullShipment } from './data/shipments';
import { findStockRequests, type StockRequestWithItems } from './data/stock-requests';

export interface InventoryContext {
  db: InventoryDb;
  /** The region this service runs in (all of its data stays there). */
  region: RegionCode;
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
    availability: byIdLoader((ids) => availabilityOfProducts(db, ids)),
    stockRequest: byIdLoader<StockRequestWithItems>((ids) => findStockRequests(db, ids)),
    shipment: byIdLoader<FullShipment>((ids) => findShipments(db, ids)),
    shipmentsByRequest: groupLoader((ids) => findShipmentsOfRequests(db, ids), (r) => r.stockRequestId!),
    store: byIdLoader((ids) => findStores(db, ids)),
  };
}
