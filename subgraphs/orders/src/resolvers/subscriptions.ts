/**
 * `type Subscription` of the orders subgraph, served to the gateway over graphql-ws (service-kit)
 * from this instance's live order events (src/events/live.ts); streams and their per-event checks
 * are src/services/watch.ts. Subscribe functions return the stream (a refusal is an error at
 * subscribe time); each event carries the order as the subscriber may see it now.
 */
import { ErrorCode } from '@miw/contracts';
import { liveSource, requireUuid } from '@miw/service-kit';
import { GraphQLError } from 'graphql';
import type { OrdersLiveEvents } from '../events/live';
import type { OrderObject } from '../mappers';
import type { SubscriptionResolvers } from '../schema.generated';
import { watchOrder, watchStoreOrders } from '../services/watch';

async function visible(next: Promise<OrderObject | null>): Promise<OrderObject> {
  const order = await next;
  if (!order) throw new GraphQLError('This order is no longer visible to you', { extensions: { code: ErrorCode.NOT_FOUND } });
  return order;
}

export function subscriptionResolvers(live: () => OrdersLiveEvents | undefined): SubscriptionResolvers {
  const source = liveSource(live);
  return {
    orderUpdated: {
      subscribe: (_, { orderId }, ctx) => watchOrder(ctx, source(), requireUuid(orderId, 'orderId')),
      resolve: (next: Promise<OrderObject | null>) => visible(next),
    },
    storeOrdersUpdated: {
      subscribe: (_, { storeId }, ctx) => watchStoreOrders(ctx, source(), requireUuid(storeId, 'storeId')),
      resolve: (next: Promise<OrderObject | null>) => visible(next),
    },
  };
}
