import { orderTotal, unitPrice } from '../domain/money';
import { orderLines } from '../services/orders';
import type { CartItemResolvers, CartResolvers, OrderItemResolvers, OrderResolvers } from '../schema.generated';

export const Order: OrderResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.order.load(id),
  total: (o) => orderTotal(o),
  items: (o, _, ctx) => orderLines(ctx, o),
  store: (o) => ({ id: o.storeId }),
};

export const OrderItem: OrderItemResolvers = {
  product: (i) => ({ id: i.productId }),
  unitPrice: (i) => unitPrice(i),
};

export const Cart: CartResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.cart.load(id),
  items: (c, _, ctx) => ctx.loaders.cartItems.load(c.id),
  store: (c) => ({ id: c.storeId }),
};

export const CartItem: CartItemResolvers = {
  product: (i) => ({ id: i.productId }),
};
