/** Mutations: cart changes, checkout and the order lifecycle. Thin: check arguments, call one service, shape the payload. */
import { optionalText, requireUuid } from '@miw/service-kit';
import { attempt } from '../domain/failure';
import type { MutationResolvers } from '../schema.generated';
import { addToCart, clearCart, removeFromCart, updateCartItem } from '../services/carts';
import { checkout } from '../services/checkout';
import { cancelAsViewer, takeStoreStep, type StoreStep } from '../services/order-actions';
import { providerCode } from '../services/views';

const NO_CART = { cart: null };
const NO_ORDER = { order: null };

const step = (name: StoreStep): MutationResolvers['confirmOrder'] => (_, { input }, ctx) => {
  const orderId = requireUuid(input.orderId, 'input.orderId');
  return attempt(NO_ORDER, async () => ({ order: await takeStoreStep(ctx, orderId, name) }));
};

export const Mutation: MutationResolvers = {
  addToCart: (_, { input }, ctx) => {
    const storeId = requireUuid(input.storeId, 'input.storeId');
    const productId = requireUuid(input.productId, 'input.productId');
    return attempt(NO_CART, () => addToCart(ctx, { storeId, productId, quantity: input.quantity }));
  },
  updateCartItem: (_, { input }, ctx) => {
    const cartId = requireUuid(input.cartId, 'input.cartId');
    const productId = requireUuid(input.productId, 'input.productId');
    return attempt(NO_CART, () => updateCartItem(ctx, { cartId, productId, quantity: input.quantity }));
  },
  removeFromCart: (_, { input }, ctx) => {
    const cartId = requireUuid(input.cartId, 'input.cartId');
    const productId = requireUuid(input.productId, 'input.productId');
    return attempt(NO_CART, () => removeFromCart(ctx, { cartId, productId }));
  },
  clearCart: (_, { input }, ctx) => {
    const cartId = requireUuid(input.cartId, 'input.cartId');
    return attempt(NO_CART, () => clearCart(ctx, { cartId }));
  },
  checkout: async (_, { input }, ctx) => {
    const cartId = requireUuid(input.cartId, 'input.cartId');
    const token = optionalText(input.paymentMethod.token, 'input.paymentMethod.token', 255);
    const result = await attempt(NO_ORDER, () =>
      checkout(ctx, { cartId, idempotencyKey: input.idempotencyKey, provider: providerCode(input.paymentMethod.provider), token, shippingAddress: input.shippingAddress ?? null, note: input.note ?? null }),
    );
    if ('declined' in result && result.declined) {
      return { order: result.order, errors: [{ code: 'PAYMENT_DECLINED' as const, field: 'input.paymentMethod', message: `The payment was declined (${result.declined}); the order was cancelled and its stock released` }] };
    }
    return { order: result.order, errors: result.errors };
  },
  confirmOrder: step('CONFIRM'),
  markOrderReady: step('MARK_READY'),
  shipOrder: step('SHIP'),
  fulfillOrder: step('FULFIL'),
  cancelOrder: (_, { input }, ctx) => {
    const orderId = requireUuid(input.orderId, 'input.orderId');
    const reason = optionalText(input.reason, 'input.reason', 500);
    return attempt(NO_ORDER, async () => ({ order: await cancelAsViewer(ctx, orderId, reason) }));
  },
};
