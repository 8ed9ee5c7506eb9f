/** Every orders query. Reads take the client; writes take the transaction they belong to. */
import { afterTimeCursor } from '@miw/service-kit';
import type { Cart, CartItem, Order, OrderItem, OrdersDb, Prisma } from './db';

/** An order line with its order's currency (lines carry none of their own). */
export type PricedOrderItem = OrderItem & { currency: string };

export const findOrders = (db: OrdersDb, ids: readonly string[]): Promise<Order[]> => db.order.findMany({ where: { id: { in: [...ids] } } });

export const findCarts = (db: OrdersDb, ids: readonly string[]): Promise<Cart[]> => db.cart.findMany({ where: { id: { in: [...ids] } } });

/** The lines of several orders at once, by SKU. */
export const findOrderItems = (db: OrdersDb, orderIds: readonly string[]): Promise<OrderItem[]> =>
  db.orderItem.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: [{ sku: 'asc' }, { productId: 'asc' }] });

/** The lines of several carts at once, oldest first. */
export const findCartItems = (db: OrdersDb, cartIds: readonly string[]): Promise<CartItem[]> =>
  db.cartItem.findMany({ where: { cartId: { in: [...cartIds] } }, orderBy: [{ addedAt: 'asc' }, { productId: 'asc' }] });

/** One page of a user's orders ordered by (createdAt, id) descending, `limit` rows after the cursor. */
export function listOrdersOfUser(db: OrdersDb, userId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<Order[]> {
  const where: Prisma.OrderWhereInput = after
    ? { userId, ...afterTimeCursor(after, 'desc') }
    : { userId };
  return db.order.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
}

/** The user's most recently changed open cart. */
export const findOpenCartOfUser = (db: OrdersDb, userId: string): Promise<Cart | null> =>
  db.cart.findFirst({ where: { userId, status: 'OPEN' }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }] });
