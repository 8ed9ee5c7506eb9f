/**
 * Checkout: the saga that turns a cart into an order (see ../../README.md for the sequence).
 *
 * 1. Claim the idempotency key (orders.checkout, STARTED) with the id the order will get. A
 *    second request with the same key waits for the first and answers the same order.
 * 2. Check the cart (lines for sale, prices the shopper saw, the payment method).
 * 3. Reserve the stock of every line in inventory, all or nothing, under the order's id
 *    (a direct internal call: the shopper needs the answer now).
 * 4. Create the order, its lines (prices snapshotted) and its payment, close the cart and the
 *    claim, and write the `created` event: one transaction, which refuses a claim the reconciler
 *    abandoned meanwhile.
 * 5. Authorize the payment: at once (manual), or later through a webhook (cards).
 *
 * A crash after 3 leaves a STARTED claim and an ACTIVE reservation: the reconciler abandons the
 * claim and releases the reservation. A crash after 4 leaves a PENDING_PAYMENT order, which
 * expires after the checkout TTL and releases its stock.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@miw/contracts';
import { FieldChecker, optionalText, requiredText } from '@miw/service-kit';
import { sleep } from '@miw/retry';
import { GraphQLError } from 'graphql';
import type { OrdersContext } from '../context';
import { cartItemsOf, closeCart, findCarts, rememberSeenPrices } from '../data/carts';
import { abandonCheckout, claimCheckout, completeCheckout, findCheckout, lockStartedCheckout, releaseClaim } from '../data/checkouts';
import { transaction, type Cart, type CartItem, type CatalogProduct, type Checkout, type Order } from '../data/db';
import { findOrder, getOrder, insertOrder } from '../data/orders';
import { findPaymentOfOrder, updatePayment } from '../data/payments';
import { findProductFacts, makerOrganizations } from '../data/projection';
import { cartTotal, priceChanges, unavailableReason } from '../domain/cart';
import { fail, OrderFailure } from '../domain/failure';
import type { PaymentProvider, PaymentProviderCode } from '../payments';
import type { OrderErrorCode } from '../schema.generated';
import { notFound, requireUser, storeOfRegion } from './access';
import { paymentAuthorized, paymentDeclined, recordOrderChange } from './lifecycle';

export interface CheckoutInput {
  cartId: string;
  idempotencyKey: string;
  provider: PaymentProviderCode;
  token: string | null;
  shippingAddress: Record<string, string | null> | null;
  note: string | null;
}

/** How long a request waits for another one holding the same idempotency key. */
const SAME_KEY_WAIT_MS = 15_000;

const unavailable = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } });

/** The order of a finished claim, or waits for a claim in progress. */
async function answerOfClaim(ctx: OrdersContext, claim: Checkout, cartId: string): Promise<CheckoutResult> {
  if (claim.cartId !== cartId) fail('IDEMPOTENCY_KEY_REUSED', 'input.idempotencyKey', 'This idempotency key was used to check out another cart');
  const deadline = Date.now() + SAME_KEY_WAIT_MS;
  let current: Checkout | null = claim;
  while (current?.state === 'STARTED' && Date.now() < deadline) {
    await sleep(50);
    current = await findCheckout(ctx.db, claim.userId, claim.idempotencyKey);
  }
  if (!current) throw unavailable('The checkout with this idempotency key was refused meanwhile: send it again');
  if (current.state === 'STARTED') throw unavailable('A checkout with this idempotency key is still running: retry shortly');
  if (current.state === 'ABANDONED') throw unavailable('The checkout with this idempotency key did not finish and was rolled back: check out again with a new key');
  const order = await findOrder(ctx.db, current.orderId);
  if (!order) throw unavailable('The checkout with this idempotency key did not finish: check out again with a new key');
  return { order, declined: null };
}

/** Checks what a checkout needs besides stock; the payload errors it answers change nothing but remembered prices. */
async function checkCart(ctx: OrdersContext, cart: Cart, items: CartItem[], input: CheckoutInput): Promise<{ products: Map<string, CatalogProduct>; provider: PaymentProvider }> {
  if (cart.status !== 'OPEN') fail('CART_CLOSED', 'input.cartId', `This cart is ${cart.status}`);
  if (!items.length) fail('CART_EMPTY', 'input.cartId', 'This cart has no lines');
  const products = new Map((await findProductFacts(ctx.db, items.map((i) => i.productId))).map((p) => [p.id, p]));
  const blocked = items.filter((i) => unavailableReason(products.get(i.productId)));
  if (blocked.length) {
    fail('CART_BLOCKED', 'input.cartId', `Some lines cannot be bought (${blocked.map((i) => `${i.productId}: ${unavailableReason(products.get(i.productId))}`).join(', ')}): remove them`, {
      lines: blocked.map((i) => ({ productId: i.productId, requested: i.quantity })),
    });
  }
  const changes = priceChanges(items, products);
  if (changes.length) {
    await rememberSeenPrices(ctx.db, cart.id, changes.map((c) => ({ productId: c.productId, amount: c.amount })));
    const currency = cart.currency ?? products.get(items[0]!.productId)!.currency;
    fail('PRICE_CHANGED', 'input.cartId', 'Prices changed since the cart was shown: check out again to accept the new total', {
      lines: changes.map((c) => ({ productId: c.productId, requested: c.quantity, previousUnitPrice: { amount: c.previousAmount, currency }, unitPrice: { amount: c.amount, currency } })),
      newTotal: { amount: cartTotal(items, products), currency },
    });
  }
  const provider = ctx.commerce.payments.get(input.provider);
  if (!provider) return fail('PAYMENT_METHOD_UNAVAILABLE', 'input.paymentMethod.provider', `${input.provider} payments are not enabled in this region`);
  if (provider.needsToken && !input.token) fail('PAYMENT_METHOD_UNAVAILABLE', 'input.paymentMethod.token', `${input.provider} payments need a token`);
  return { products, provider };
}

/** Checks the shipping address and note (payload errors). */
function checkDelivery(address: CheckoutInput['shippingAddress'] | { name: string; line1: string; line2?: string | null; city: string; postalCode?: string | null; country: string } | null, note: string | null) {
  const checker = new FieldChecker<OrderErrorCode>('INVALID');
  let clean: Record<string, string | null> | null = null;
  if (address) {
    clean = {
      name: checker.text('shippingAddress.name', address.name ?? '', 1, 200) ?? null,
      line1: checker.text('shippingAddress.line1', address.line1 ?? '', 1, 200) ?? null,
      line2: checker.optionalText('shippingAddress.line2', address.line2, 200) ?? null,
      city: checker.text('shippingAddress.city', address.city ?? '', 1, 100) ?? null,
      postalCode: checker.optionalText('shippingAddress.postalCode', address.postalCode, 20) ?? null,
      country: checker.country('shippingAddress.country', address.country ?? '') ?? null,
    };
  }
  const cleanNote = checker.optionalText('note', note, 500) ?? null;
  if (!checker.ok) throw new OrderFailure(checker.errors);
  return { shippingAddress: clean, note: cleanNote };
}

/** Reserves the cart's stock under the order id; OUT_OF_STOCK (nothing reserved) names the short lines. */
async function reserve(ctx: OrdersContext, orderId: string, cart: Cart, items: CartItem[]): Promise<void> {
  const answer = await ctx.commerce.reservations.reserve({ reservationId: orderId, storeId: cart.storeId, lines: items.map((i) => ({ productId: i.productId, quantity: i.quantity })), correlationId: ctx.correlationId });
  if (answer.outcome === 'OUT_OF_STOCK') {
    fail('OUT_OF_STOCK', 'input.cartId', `Not enough stock for ${answer.shortages.length} line(s); nothing was reserved`, {
      lines: answer.shortages.map((s) => ({ productId: s.productId, requested: s.requested, available: s.available })),
    });
  }
  if (answer.outcome === 'CLOSED') throw unavailable('This checkout took too long and was rolled back: check out again with a new idempotency key');
}

/** Creates the order from the reserved cart; false when the reconciler abandoned the claim meanwhile. */
async function createOrder(ctx: OrdersContext, orderId: string, cart: Cart, items: CartItem[], products: Map<string, CatalogProduct>, input: CheckoutInput, delivery: ReturnType<typeof checkDelivery>, partnerOrganizationId: string | null): Promise<Order | null> {
  const viewer = requireUser(ctx.viewer);
  const makers = await makerOrganizations(ctx.db, items.map((i) => i.productId));
  const currency = products.get(items[0]!.productId)!.currency;
  return transaction(ctx.db, async (tx) => {
    if (!(await lockStartedCheckout(tx, orderId))) return null;
    const order = await insertOrder(tx, {
      order: {
        id: orderId,
        userId: viewer.userId,
        storeId: cart.storeId,
        partnerOrganizationId,
        totalAmount: cartTotal(items, products),
        currency,
        paymentProvider: input.provider,
        ...(delivery.shippingAddress ? { shippingAddress: delivery.shippingAddress } : {}),
        note: delivery.note,
        expiresAt: new Date(Date.now() + ctx.commerce.checkoutTtlMs),
      },
      items: items.map((i) => {
        const p = products.get(i.productId)!;
        return { productId: i.productId, sku: p.sku, name: p.name, quantity: i.quantity, unitPriceAmount: p.priceAmount, manufacturerOrganizationId: makers.get(i.productId) ?? null };
      }),
      payment: { id: randomUUID(), provider: input.provider, amount: cartTotal(items, products), currency },
    });
    await closeCart(tx, cart.id);
    await completeCheckout(tx, orderId);
    await recordOrderChange(tx, ctx, order, null);
    return order;
  });
}

/** Starts the payment; a synchronous decline cancels the order and releases its stock. */
async function authorize(ctx: OrdersContext, order: Order, provider: PaymentProvider, token: string | null): Promise<{ order: Order; declined: string | null }> {
  const payment = (await findPaymentOfOrder(ctx.db, order.id))!;
  let result;
  try {
    result = await provider.authorize({ paymentId: payment.id, orderId: order.id, amount: payment.amount, currency: payment.currency, token, idempotencyKey: `authorize-${payment.id}` });
  } catch (error) {
    ctx.logger.warn({ err: error, orderId: order.id }, 'payment provider unavailable: order cancelled');
    result = { status: 'DECLINED' as const, providerRef: null, reason: 'the payment provider is unavailable' };
  }
  if (result.status === 'AUTHORIZED') await paymentAuthorized(ctx, payment, result.providerRef);
  else if (result.status === 'PENDING') await updatePayment(ctx.db, payment.id, { providerRef: result.providerRef });
  else return { order: await paymentDeclined(ctx, payment, result.reason), declined: result.reason };
  return { order: await getOrder(ctx.db, order.id), declined: null };
}

/** The order of a checkout, and why its payment was declined at once (the order is then CANCELLED). */
export interface CheckoutResult {
  order: Order;
  declined: string | null;
}

export async function checkout(ctx: OrdersContext, input: CheckoutInput): Promise<CheckoutResult> {
  const viewer = requireUser(ctx.viewer);
  const idempotencyKey = requiredText(input.idempotencyKey, 'input.idempotencyKey', 255);
  const cart = (await findCarts(ctx.db, [input.cartId]))[0];
  if (!cart || cart.userId !== viewer.userId) throw notFound('cart', 'input.cartId');
  const store = await storeOfRegion(ctx, cart.storeId, 'input.cartId');
  const earlier = await findCheckout(ctx.db, viewer.userId, idempotencyKey);
  if (earlier) return answerOfClaim(ctx, earlier, cart.id);
  const delivery = checkDelivery(input.shippingAddress, optionalText(input.note, 'input.note', 2000));
  const orderId = randomUUID();
  if (!(await claimCheckout(ctx.db, { userId: viewer.userId, idempotencyKey, orderId, cartId: cart.id }))) {
    return answerOfClaim(ctx, (await findCheckout(ctx.db, viewer.userId, idempotencyKey))!, cart.id);
  }
  try {
    const items = await cartItemsOf(ctx.db, cart.id);
    const { products, provider } = await checkCart(ctx, cart, items, input);
    await reserve(ctx, orderId, cart, items);
    const order = await createOrder(ctx, orderId, cart, items, products, input, delivery, store.partnerOrganizationId);
    if (!order) throw unavailable('This checkout took too long and was rolled back: check out again with a new idempotency key');
    return await authorize(ctx, order, provider, input.token);
  } catch (error) {
    await giveUp(ctx, orderId, error);
    throw error;
  }
}

/** After a refusal or failure before the order exists: frees the key and releases whatever was reserved. */
async function giveUp(ctx: OrdersContext, orderId: string, error: unknown): Promise<void> {
  if (await findOrder(ctx.db, orderId)) return;
  try {
    if (!(error instanceof OrderFailure)) {
      await abandonCheckout(ctx.db, orderId);
      await ctx.commerce.reservations.release(orderId, 'checkout failed', ctx.correlationId);
      return;
    }
    await releaseClaim(ctx.db, orderId);
  } catch (cleanup) {
    ctx.logger.warn({ err: cleanup, orderId }, 'checkout cleanup failed: the reconciler finishes it');
  }
}
