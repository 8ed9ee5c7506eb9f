import type { Pool } from 'pg';
import type { Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import { byIdLoader, groupLoader } from '@miw/service-kit';
import type { Logger } from '@miw/logging';
import type { ReservationsClient } from './clients/reservations';
import { findCartItems, findCarts } from './data/carts';
import { findOrderItems, findOrders } from './data/orders';
import { findPayments } from './data/payments';
import { findProductFacts } from './data/projection';
import type { Cart, CartItem, CatalogProduct, Order, OrderItem, OrdersDb, Payment } from './data/db';
import type { PaymentProviders } from './payments';

/** What the commerce services share for the life of the service (not per request). */
export interface Commerce {
  reservations: ReservationsClient;
  payments: PaymentProviders;
  /** How long an order waits for its payment before it expires. */
  checkoutTtlMs: number;
  /** The public GraphQL endpoint of each region (named by WRONG_REGION), when configured. */
  endpoints: Partial<Record<RegionCode, string>>;
}

export interface OrdersContext {
  db: OrdersDb;
  /** The service's pg pool, for the few hot paths written in plain SQL (checkout). */
  pool: Pool;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  viewer: Viewer;
  commerce: Commerce;
  loaders: ReturnType<typeof createLoaders>;
}

export function createLoaders(db: OrdersDb) {
  return {
    order: byIdLoader<Order>((ids) => findOrders(db, ids)),
    cart: byIdLoader<Cart>((ids) => findCarts(db, ids)),
    orderItems: groupLoader<OrderItem>((ids) => findOrderItems(db, ids), (item) => item.orderId),
    cartItems: groupLoader<CartItem>((ids) => findCartItems(db, ids), (item) => item.cartId),
    payment: groupLoader<Payment>((ids) => findPayments(db, ids), (p) => p.orderId),
    product: byIdLoader<CatalogProduct>((ids) => findProductFacts(db, ids)),
  };
}
