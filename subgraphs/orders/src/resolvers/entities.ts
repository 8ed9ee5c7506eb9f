/** Object resolvers: orders, their lines and payment, carts and their lines. */
import { orderTotal, unitPrice } from '../domain/money';
import type { AddressObject } from '../mappers';
import type { CartItemResolvers, CartResolvers, OrderErrorLineResolvers, OrderItemResolvers, OrderResolvers, PaymentResolvers } from '../schema.generated';
import { cartLines, findCart } from '../services/carts';
import { findOrder, orderLines, orderPayment } from '../services/orders';
import { cartSummary, lineTotal, lineUnavailableReason, providerName } from '../services/views';

export const Order: OrderResolvers = {
  __resolveReference: ({ id }, ctx) => findOrder(ctx, id),
  total: (o) => orderTotal(o),
  items: (o, _, ctx) => orderLines(ctx, o),
  store: (o) => ({ id: o.storeId }),
  customer: (o) => (o.makerOrganizationId ? null : { id: o.userId }),
  payment: (o, _, ctx) => orderPayment(ctx, o),
  shippingAddress: (o) => (o.makerOrganizationId ? null : (o.shippingAddress as AddressObject | null)),
  note: (o) => (o.makerOrganizationId ? null : o.note),
  expiresAt: (o) => (o.status === 'PENDING_PAYMENT' ? o.expiresAt : null),
};

export const OrderItem: OrderItemResolvers = {
  product: (i) => ({ id: i.productId }),
  unitPrice: (i) => unitPrice(i),
  lineTotal: (i) => ({ amount: i.unitPriceAmount * i.quantity, currency: i.currency }),
};

export const Payment: PaymentResolvers = {
  provider: (p) => providerName(p.provider),
  amount: (p) => ({ amount: p.amount, currency: p.currency }),
};

export const Cart: CartResolvers = {
  __resolveReference: ({ id }, ctx) => findCart(ctx, id),
  items: (c, _, ctx) => cartLines(ctx, c),
  itemCount: async (c, _, ctx) => (await cartSummary(ctx, c)).itemCount,
  total: async (c, _, ctx) => (await cartSummary(ctx, c)).total,
  blocked: async (c, _, ctx) => (await cartSummary(ctx, c)).blocked,
  store: (c) => ({ id: c.storeId }),
};

export const CartItem: CartItemResolvers = {
  product: (l) => ({ id: l.productId }),
  unitPrice: (l) => (l.product ? { amount: l.product.priceAmount, currency: l.product.currency } : null),
  lineTotal: (l) => lineTotal(l),
  stock: (l) => ({ storeId: l.storeId, productId: l.productId }),
  unavailableReason: (l) => lineUnavailableReason(l),
};

export const OrderErrorLine: OrderErrorLineResolvers = {
  product: (l) => ({ id: l.productId }),
};
