import type { Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import { byIdLoader, groupLoader } from '@miw/service-kit';
import type { Logger } from '@miw/logging';
import { findCartItems, findCarts, findOrderItems, findOrders } from './data/orders';
import type { Cart, CartItem, Order, OrderItem, OrdersDb } from './data/db';

export interface OrdersContext {
  db: OrdersDb;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  viewer: Viewer;
  loaders: ReturnType<typeof createLoaders>;
}

export function createLoaders(db: OrdersDb) {
  return {
    order: byIdLoader<Order>((ids) => findOrders(db, ids)),
    cart: byIdLoader<Cart>((ids) => findCarts(db, ids)),
    orderItems: groupLoader<OrderItem>((ids) => findOrderItems(db, ids), (item) => item.orderId),
    cartItems: groupLoader<CartItem>((ids) => findCartItems(db, ids), (item) => item.cartId),
  };
}
