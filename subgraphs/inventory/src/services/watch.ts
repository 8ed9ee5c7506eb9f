/**
 * Live updates for subscriptions: the streams of a subscriber, row-level checked. Each event is
 * filtered for the subscriber (`visiblePayload(viewer, payload)`: admins and the organizations in
 * its audience) and yielded without its audience: the object the GraphQL resolvers read.
 *
 * A stream is opened before its check (no event is lost while the check runs); a refusal closes
 * it. The context lives as long as the subscription: each event gets fresh loaders, so fields that
 * read the database (e.g. `Shipment.stockRequest`) never answer from a previous event's cache.
 */
import { forbidden } from '@miw/auth';
import { checkedStream, type LiveStream } from '@miw/events';
import { ErrorCode, type AudiencePayload } from '@miw/contracts';
import { GraphQLError } from 'graphql';
import { createLoaders, type InventoryContext } from '../context';
import { audienceOf, visiblePayload, visibleTo } from '../domain/audience';
import type { InventoryLiveEvents } from '../events/live';
import type { LevelObject, LiveObject, ShipmentObject, StockRequestObject } from '../mappers';
import { visibleShipment } from './shipments';
import { visibleStockRequest } from './stock-requests';

const notFound = (what: string) => new GraphQLError(`No ${what} you may see has this id`, { extensions: { code: ErrorCode.NOT_FOUND } });

/** What the subscriber may see of each event, with fresh loaders for the fields resolved from it. */
function forSubscriber<P extends { audience: AudiencePayload }>(ctx: InventoryContext): (payload: P) => LiveObject<P> | undefined {
  return (payload) => {
    const object = visiblePayload(ctx.viewer, payload);
    if (object) ctx.loaders = createLoaders(ctx.db, ctx.pool);
    return object;
  };
}


/**
 * The level changes of a store the subscriber may see (a maker sees its own products' levels in
 * any store). A partner watching a store another organization runs is refused at once rather than
 * left with a silent stream. A store the projection does not know yet (just created in the
 * catalog) is not refused: its events reach the partner only if it runs it.
 */
export function watchStoreLevels(ctx: InventoryContext, live: InventoryLiveEvents, storeId: string): LiveStream<LevelObject> | Promise<LiveStream<LevelObject>> {
  const { viewer } = ctx;
  const stream = live.storeLevels(storeId, forSubscriber(ctx));
  if (viewer?.role !== 'PARTNER') return stream;
  return checkedStream(stream, async () => {
    const store = await ctx.loaders.store.load(storeId);
    if (store && (store.region !== ctx.region || !visibleTo(viewer, audienceOf(store.partnerOrganizationId)))) {
      throw forbidden('A partner may watch only the stock of the stores it runs');
    }
  });
}

/** The changes of a shipment the subscriber may see; NOT_FOUND otherwise. */
export function watchShipment(ctx: InventoryContext, live: InventoryLiveEvents, id: string): Promise<LiveStream<ShipmentObject>> {
  const stream = live.shipment(id, forSubscriber(ctx));
  return checkedStream(stream, async () => {
    if (!(await visibleShipment(ctx, id))) throw notFound('shipment');
  });
}

/** Every shipment change the subscriber may see. */
export function watchShipments(ctx: InventoryContext, live: InventoryLiveEvents): LiveStream<ShipmentObject> {
  return live.allShipments(forSubscriber(ctx));
}

/** The changes of a stock request the subscriber may see; NOT_FOUND otherwise. */
export function watchStockRequest(ctx: InventoryContext, live: InventoryLiveEvents, id: string): Promise<LiveStream<StockRequestObject>> {
  const stream = live.stockRequest(id, forSubscriber(ctx));
  return checkedStream(stream, async () => {
    if (!(await visibleStockRequest(ctx, id))) throw notFound('stock request');
  });
}
