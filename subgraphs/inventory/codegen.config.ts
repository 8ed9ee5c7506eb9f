import type { SubgraphCodegenConfig } from '../../scripts/codegen';

const config: SubgraphCodegenConfig = {
  contextType: './context#InventoryContext',
  // What the resolvers of each object receive: a data-layer row, or (subscriptions) the payload of
  // a live event, which carries the same field names (see src/mappers.ts).
  mappers: {
    InventoryLevel: './mappers#LevelObject',
    InventoryMovement: './data/db#InventoryMovement',
    StockRequest: './mappers#StockRequestObject',
    StockRequestItem: './mappers#StockRequestItemObject',
    Shipment: './mappers#ShipmentObject',
    ShipmentItem: './mappers#ShipmentItemObject',
    TrackingEvent: './mappers#TrackingEventObject',
    Product: './mappers#ProductRef',
    Store: './mappers#StoreRef',
    Organization: './mappers#OrganizationRef',
  },
};
export default config;
