import { pageSize, timeCursor, toConnection } from '@miw/service-kit';
import { findOpenCartOfUser, listOrdersOfUser } from '../data/orders';
import type { OrdersContext } from '../context';

const cursor = timeCursor('order');
const orderCursor = cursor.encode;


export const Query = {
  /** Arguments are validated even without a viewer, so a malformed request fails the same way signed in or not. */
  async myOrders(_: unknown, args: { first?: number | null; after?: string | null }, ctx: OrdersContext) {
    const size = pageSize(args.first);
    const after = cursor.decode(args.after);
    if (!ctx.viewer) return toConnection([], 0, orderCursor, false);
    const rows = size === 0 ? [] : await listOrdersOfUser(ctx.db, ctx.viewer.userId, size + 1, after);
    for (const row of rows) ctx.loaders.order.prime(row.id, row);
    return toConnection(rows, size, orderCursor, Boolean(after));
  },

  async myCart(_: unknown, __: unknown, ctx: OrdersContext) {
    if (!ctx.viewer) return null;
    const cart = await findOpenCartOfUser(ctx.db, ctx.viewer.userId);
    if (cart) ctx.loaders.cart.prime(cart.id, cart);
    return cart;
  },
};
