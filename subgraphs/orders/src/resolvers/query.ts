import { decodeCursor, encodeCursor, pageSize, requireUuid, toConnection } from '@miw/service-kit';
import { findOpenCartOfUser, listOrdersOfUser } from '../data/orders';
import type { Order } from '../data/db';
import type { OrdersContext } from '../context';

const orderCursor = (o: Order) => encodeCursor('order', [o.createdAt.toISOString(), o.id]);

function parseAfter(after: string | null | undefined): { createdAt: Date; id: string } | undefined {
  if (!after) return undefined;
  const [createdAt, id] = decodeCursor('order', after, 2);
  const date = new Date(String(createdAt));
  if (Number.isNaN(date.getTime())) throw decodeCursor('order', '', 2); // same BAD_USER_INPUT as a forged cursor
  return { createdAt: date, id: requireUuid(String(id), 'after') };
}

export const Query = {
  /** Arguments are validated even without a viewer, so a malformed request fails the same way signed in or not. */
  async myOrders(_: unknown, args: { first?: number | null; after?: string | null }, ctx: OrdersContext) {
    const size = pageSize(args.first);
    const after = parseAfter(args.after);
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
