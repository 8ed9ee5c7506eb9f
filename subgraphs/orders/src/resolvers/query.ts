import { pageSize } from '@miw/service-kit';
import { findMyCart, listMyOrders, orderCursor } from '../services/orders';
import type { QueryResolvers } from '../schema.generated';

export const Query: QueryResolvers = {
  /** Arguments are validated even without a viewer, so a malformed request fails the same way signed in or not. */
  myOrders: (_, args, ctx) => listMyOrders(ctx, { size: pageSize(args.first), after: orderCursor.decode(args.after) }),

  myCart: (_, __, ctx) => findMyCart(ctx),
};
