/**
 * `type Subscription` of the inventory subgraph, served to the gateway over graphql-ws
 * (service-kit) from this instance's live events (src/events/live.ts); the streams and their
 * row-level checks are src/services/watch.ts. Each field is open to the roles listed here (the
 * access rules of rules.ts cover queries and mutations only).
 *
 * Subscribe functions are plain functions returning the stream (not async generators), so a
 * refusal is an error at subscribe time. A stream yields the entity objects; `resolve` hands each
 * to the object resolvers as is.
 */
import { forbidden, unauthenticated, type Role, type Viewer } from '@miw/auth';
import { liveSource, requireUuid } from '@miw/service-kit';
import type { InventoryLiveEvents } from '../events/live';
import type { LevelObject, ShipmentObject, StockRequestObject } from '../mappers';
import type { SubscriptionResolvers } from '../schema.generated';
import { watchShipment, watchShipments, watchStockRequest, watchStoreLevels } from '../services/watch';

const LEVEL_WATCHERS: Role[] = ['ADMIN', 'PARTNER', 'MANUFACTURER'];
const SHIPMENT_WATCHERS: Role[] = ['ADMIN', 'PARTNER', 'MANUFACTURER', 'LOGISTICS'];
const REQUEST_WATCHERS: Role[] = ['ADMIN', 'PARTNER', 'MANUFACTURER'];

function requireRole(viewer: Viewer, roles: readonly Role[]): void {
  if (!viewer) throw unauthenticated('Sign in to subscribe');
  if (!roles.includes(viewer.role)) throw forbidden(`Only ${roles.join(', ')} may subscribe to this`);
}

/** `live()` is the instance's live events; undefined until the service's workers started. */
export function subscriptionResolvers(live: () => InventoryLiveEvents | undefined): SubscriptionResolvers {
  const source = liveSource(live);
  return {
    inventoryLevelChanged: {
      subscribe: (_, { storeId }, ctx) => {
        requireRole(ctx.viewer, LEVEL_WATCHERS);
        return watchStoreLevels(ctx, source(), requireUuid(storeId, 'storeId'));
      },
      resolve: (level: LevelObject) => level,
    },
    shipmentUpdated: {
      subscribe: (_, { shipmentId }, ctx) => {
        requireRole(ctx.viewer, SHIPMENT_WATCHERS);
        return watchShipment(ctx, source(), requireUuid(shipmentId, 'shipmentId'));
      },
      resolve: (shipment: ShipmentObject) => shipment,
    },
    myShipmentsUpdated: {
      subscribe: (_, __, ctx) => {
        requireRole(ctx.viewer, SHIPMENT_WATCHERS);
        return watchShipments(ctx, source());
      },
      resolve: (shipment: ShipmentObject) => shipment,
    },
    stockRequestUpdated: {
      subscribe: (_, { id }, ctx) => {
        requireRole(ctx.viewer, REQUEST_WATCHERS);
        return watchStockRequest(ctx, source(), requireUuid(id, 'id'));
      },
      resolve: (request: StockRequestObject) => request,
    },
  };
}
