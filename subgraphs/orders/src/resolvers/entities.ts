import type { OrdersContext } from '../context';
import type * as Row from '../data/db';

const reference =
  <K extends 'order' | 'cart'>(loader: K) =>
  ({ id }: { id: string }, ctx: OrdersContext) =>
    ctx.loaders[loader].load(id);

/** Order lines carry no currency of their own: they are priced in their order's currency. */
type PricedOrderItem = Row.OrderItem & { currency: string };

export const Order = {
  __resolveReference: reference('order'),
  total: (o: Row.Order) => ({ amount: o.totalAmount, currency: o.currency }),
  items: async (o: Row.Order, _: unknown, ctx: OrdersContext): Promise<PricedOrderItem[]> =>
    (await ctx.loaders.orderItems.load(o.id)).map((item) => ({ ...item, currency: o.currency })),
  store: (o: Row.Order) => ({ id: o.storeId }),
};

export const OrderItem = {
  product: (i: PricedOrderItem) => ({ id: i.productId }),
  unitPrice: (i: PricedOrderItem) => ({ amount: i.unitPriceAmount, currency: i.currency }),
};

export const Cart = {
  __resolveReference: reference('cart'),
  items: (c: Row.Cart, _: unknown, ctx: OrdersContext) => ctx.loaders.cartItems.load(c.id),
  store: (c: Row.Cart) => ({ id: c.storeId }),
};

export const CartItem = {
  product: (i: Row.CartItem) => ({ id: i.productId }),
};
