/** Reading orders and carts: each user sees only their own. */
import type { Viewer } from '@miw/auth';
import { timeCursor, toConnection, type Connection, type TimeCursor } from '@miw/service-kit';
import type { createLoaders } from '../context';
import type { Cart, Order, OrdersDb } from '../data/db';
import { findOpenCartOfUser, listOrdersOfUser, type PricedOrderItem } from '../data/orders';
import { inOrderCurrency } from '../domain/money';

export const orderCursor = timeCursor('order');

type Loaders = ReturnType<typeof createLoaders>;

interface ReadDeps {
  db: OrdersDb;
  viewer: Viewer;
  loaders: Loaders;
}

/** A page of the viewer's orders, newest first; empty without a viewer. */
export async function listMyOrders({ db, viewer, loaders }: ReadDeps, page: { size: number; after: TimeCursor | undefined }): Promise<Connection<Order>> {
  if (!viewer) return toConnection<Order>([], 0, orderCursor.encode, false);
  const rows = page.size === 0 ? [] : await listOrdersOfUser(db, viewer.userId, page.size + 1, page.after);
  for (const row of rows) loaders.order.prime(row.id, row);
  return toConnection(rows, page.size, orderCursor.encode, Boolean(page.after));
}

/** The viewer's most recently changed open cart; null without a viewer or an open cart. */
export async function findMyCart({ db, viewer, loaders }: ReadDeps): Promise<Cart | null> {
  if (!viewer) return null;
  const cart = await findOpenCartOfUser(db, viewer.userId);
  if (cart) loaders.cart.prime(cart.id, cart);
  return cart;
}

/** The lines of an order (batched per request), priced in the order's currency. */
export async function orderLines({ loaders }: { loaders: Pick<Loaders, 'orderItems'> }, order: Order): Promise<PricedOrderItem[]> {
  return inOrderCurrency(order, await loaders.orderItems.load(order.id));
}
