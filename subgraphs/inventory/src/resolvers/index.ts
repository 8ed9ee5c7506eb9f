/**
 * The inventory subgraph's resolver map, typed by the generated `Resolvers` (schema.generated.ts).
 * Object resolvers read the mapped objects of src/mappers.ts: data-layer rows, or the payload of
 * a live event (subscriptions), which carries the same field names.
 */
import { scalarResolvers } from '@miw/service-kit';
import type { InventoryLiveEvents } from '../events/live';
import type { Resolvers } from '../schema.generated';
import { Product, Store, StoreStock } from './entities';
import { InventoryLevel, levelMutations, levelQueries } from './levels';
import { Shipment, ShipmentItem, shipmentMutations, shipmentQueries } from './shipments';
import { StockRequest, StockRequestItem, stockRequestMutations, stockRequestQueries } from './stock-requests';
import { subscriptionResolvers } from './subscriptions';

export function createResolvers(live: () => InventoryLiveEvents | undefined): Resolvers {
  return {
    DateTime: scalarResolvers.DateTime,
    Query: { ...levelQueries, ...stockRequestQueries, ...shipmentQueries },
    Mutation: { ...levelMutations, ...stockRequestMutations, ...shipmentMutations },
    Subscription: subscriptionResolvers(live),
    InventoryLevel,
    StockRequest,
    StockRequestItem,
    Shipment,
    ShipmentItem,
    Product,
    Store,
    StoreStock,
  };
}
