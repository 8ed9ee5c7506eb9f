/** Queries: orders (one, and the four lists) and carts. Arguments are checked before any service runs. */
import { optionalUuid, pageSize, requireUuid, userInputError } from '@miw/service-kit';
import type { QueryResolvers } from '../schema.generated';
import { myCart, myCarts } from '../services/carts';
import { demandOrders, findOrder, myOrders, orderCursor, regionOrders, storeOrders } from '../services/orders';

const page = (args: { first?: number | null; after?: string | null }) => ({ size: pageSize(args.first), after: orderCursor.decode(args.after) });

export const Query: QueryResolvers = {
  order: (_, { id }, ctx) => findOrder(ctx, requireUuid(id, 'id')),
  myOrders: (_, args, ctx) => myOrders(ctx, args.status, page(args)),
  storeOrders: (_, args, ctx) => storeOrders(ctx, requireUuid(args.storeId, 'storeId'), args.status, page(args)),
  orders(_, args, ctx) {
    const filter = args.filter ?? {};
    const email = filter.customerEmail?.trim() ?? null;
    if (email !== null && (email.length > 254 || !email.includes('@'))) throw userInputError('filter.customerEmail must be an email address', { field: 'filter.customerEmail' });
    return regionOrders(ctx, { status: filter.status ?? null, storeId: optionalUuid(filter.storeId, 'filter.storeId'), customerEmail: email, placedFrom: filter.placedFrom ?? null, placedTo: filter.placedTo ?? null }, page(args));
  },
  demandOrders: (_, args, ctx) => demandOrders(ctx, args.status, page(args)),
  myCart: (_, { storeId }, ctx) => myCart(ctx, requireUuid(storeId, 'storeId')),
  myCarts: (_, __, ctx) => myCarts(ctx),
};
