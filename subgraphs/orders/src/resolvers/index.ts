/** The orders subgraph's resolver map, typed by the generated `Resolvers` (schema.generated.ts). */
import { scalarResolvers } from '@miw/service-kit';
import type { OrdersLiveEvents } from '../events/live';
import type { Resolvers } from '../schema.generated';
import { Cart, CartItem, Order, OrderErrorLine, OrderItem, Payment } from './entities';
import { Mutation } from './mutation';
import { Query } from './query';
import { subscriptionResolvers } from './subscriptions';

export function createResolvers(live: () => OrdersLiveEvents | undefined): Resolvers {
  return {
    DateTime: scalarResolvers.DateTime,
    Query,
    Mutation,
    Subscription: subscriptionResolvers(live),
    Order,
    OrderItem,
    Payment,
    Cart,
    CartItem,
    OrderErrorLine,
  };
}
