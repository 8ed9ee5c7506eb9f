/**
 * Checkout: the saga that turns a cart into an order (see ../../README.md for the sequence).
 *
 * 1. Claim the idempotency key (orders.checkout, STARTED) with the id the order will get. A
 *    second request with the same key waits for the first and answers the same order.
 * 2. Check the cart (lines for sale, prices the shopper saw, the payment method).
 * 3. Reserve the stock of every line in inventory, all or nothing, under the order's id
 *    (a direct internal call: the shopper needs the answer now).
 * 4. Create the order, its lines (prices snapshotted) and its payment, close the cart and the
 *    claim, and write its events: one transaction, which refuses a claim the reconciler
 *    abandoned meanwhile. A provider that needs no outside system (manual) has authorized
 *    before, and the order is created PLACED.
 * 5. Otherwise authorize the payment now: the answer, or a webhook later, places the order.
 *
 * A crash after 3 leaves a STARTED claim and an ACTIVE reservation: the reconciler abandons the
 * claim and releases the reservation. A crash after 4 leaves a PENDING_PAYMENT order, which
 * expires after the checkout TTL and releases its stock.
 *
 * The path reads the cart in one statement and writes the order in one transaction on the pool
 * (data/checkout-sql.ts): it is the request a sale waits on.
 */
import { checkouts } from '../metrics';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@miw/contracts';
import { FieldChecker, optionalText, requiredText } from '@miw/service-kit';
import { sleep } from '@miw/retry';
import { GraphQLError } from 'graphql';
import type { OrdersContext } from '../context';
import { rememberSeenPrices } from '../data/carts';
import { abandonCheckout, findCheckout, releaseClaim } from '../data/checkouts';
import { claimAndReadCart, insertCheckedOutOrder, type CheckoutCart, type CheckoutLine } from '../data/checkout-sql';
import type { Checkout, Order, OrderItem, Payment } from '../data/db';
import { findOrder, getOrder } from '../data/orders';
import { updatePayment } from '../data/payments';
import { cartTotal, priceChanges, unavailableReason, type ProductFact } from '../domain/cart';
import { fail, OrderFailure } from '../domain/failure';
import { orderChanged } from '../events/order-events';
import type { AuthorizeResult, PaymentProvider, PaymentProviderCode } from '../payments';
import type { OrderErrorCode } from '../schema.generated';
import { notFound, requireStoreOfRegion, requireUser } from './access';
import { paymentAuthorized, paymentDeclined } from './lifecycle';

export interface CheckoutInput {
  cartId: string;
  idempotencyKey: string;
  provider: PaymentProviderCode;
  token: string | null;
  shippingAddress: { name: string; line1: string; line2?: string | null; city: string; postalCode?: string | null; country: string } | null;
  note: string | null;
}

/** The order of a checkout, and why its payment was declined at once (the order is then CANCELLED). */
export interface CheckoutResult {
  order: Order;
  declined: string | null;
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

/** The lines' products by id (known products only). */
const productsOf = (lines: readonly CheckoutLine[]): Map<string, ProductFact> => new Map(lines.flatMap((l) => (l.product ? [[l.productId, l.product] as const] : [])));

/** Checks what a checkout needs besides stock; the payload errors it answers change nothing but remembered prices. */
async function checkCart(ctx: OrdersContext, cart: CheckoutCart, input: CheckoutInput): Promise<PaymentProvider> {
  if (cart.status !== 'OPEN') fail('CART_CLOSED', 'input.cartId', `This cart is ${cart.status}`);
  if (!cart.lines.length) fail('CART_EMPTY', 'input.cartId', 'This cart has no lines');
  const blocked = cart.lines.filter((l) => unavailableReason(l.product));
  if (blocked.length) {
    fail('CART_BLOCKED', 'input.cartId', `Some lines cannot be bought (${blocked.map((l) => `${l.productId}: ${unavailableReason(l.product)}`).join(', ')}): remove them`, {
      lines: blocked.map((l) => ({ productId: l.productId, requested: l.quantity })),
    });
  }
  const products = productsOf(cart.lines);
  const changes = priceChanges(cart.lines, products);
  if (changes.length) {
    await rememberSeenPrices(ctx.db, cart.id, changes.map((c) => ({ productId: c.productId, amount: c.amount })));
    const currency = cart.currency ?? cart.lines[0]!.product!.currency;
    fail('PRICE_CHANGED', 'input.cartId', 'Prices changed since the cart was shown: check out again to accept the new total', {
      lines: changes.map((c) => ({ productId: c.productId, requested: c.quantity, previousUnitPrice: { amount: c.previousAmount, currency }, unitPrice: { amount: c.amount, currency } })),
      newTotal: { amount: cartTotal(cart.lines, products), currency },
    });
  }
  const provider = ctx.commerce.payments.get(input.provider);
  if (!provider) return fail('PAYMENT_METHOD_UNAVAILABLE', 'input.paymentMethod.provider', `${input.provider} payments are not enabled in this region`);
  if (provider.needsToken && !input.token) fail('PAYMENT_METHOD_UNAVAILABLE', 'input.paymentMethod.token', `${input.provider} payments need a token`);
  return provider;
}

/** Checks the shipping address and note (payload errors). */
function checkDelivery(address: CheckoutInput['shippingAddress'], note: string | null) {
  const checker = new FieldChecker<OrderErrorCode>('INVALID');
  let clean: Record<string, string | null> | null = null;
  if (address) {
    clean = {
      name: checker.text('shippingAddress.name', address.name, 1, 200) ?? null,
      line1: checker.text('shippingAddress.line1', address.line1, 1, 200) ?? null,
      line2: checker.optionalText('shippingAddress.line2', address.line2, 200) ?? null,
      city: checker.text('shippingAddress.city', address.city, 1, 100) ?? null,
      postalCode: checker.optionalText('shippingAddress.postalCode', address.postalCode, 20) ?? null,
      country: checker.country('shippingAddress.country', address.country) ?? null,
    };
  }
  const cleanNote = checker.optionalText('note', note, 500) ?? null;
  if (!checker.ok) throw new OrderFailure(checker.errors);
  return { shippingAddress: clean, note: cleanNote };
}

/** Reserves the cart's stock under the order id; OUT_OF_STOCK (nothing reserved) names the short lines. */
async function reserve(ctx: OrdersContext, orderId: string, cart: CheckoutCart): Promise<void> {
  const answer = await ctx.commerce.reservations.reserve({ reservationId: orderId, storeId: cart.storeId, lines: cart.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })), correlationId: ctx.correlationId });
  if (answer.outcome === 'OUT_OF_STOCK') {
    fail('OUT_OF_STOCK', 'input.cartId', `Not enough stock for ${answer.shortages.length} line(s); nothing was reserved`, {
      lines: answer.shortages.map((s) => ({ productId: s.productId, requested: s.requested, available: s.available })),
    });
  }
  if (answer.outcome === 'CLOSED') throw unavailable('This checkout took too long and was rolled back: check out again with a new idempotency key');
}

/** The rows of the new order (prices snapshotted from the cart's products) and its events. */
function newOrder(ctx: OrdersContext, orderId: string, cart: CheckoutCart, input: CheckoutInput, delivery: ReturnType<typeof checkDelivery>, paymentId: string, authorized: AuthorizeResult | null) {
  const now = new Date();
  const products = productsOf(cart.lines);
  const currency = cart.lines[0]!.product!.currency;
  const total = cartTotal(cart.lines, products);
  const placed = authorized?.status === 'AUTHORIZED';
  const order: Order = {
    id: orderId,
    userId: cart.userId,
    storeId: cart.storeId,
    partnerOrganizationId: cart.store!.partnerOrganizationId,
    status: placed ? 'PLACED' : 'PENDING_PAYMENT',
    cancelReason: null,
    cancelNote: null,
    totalAmount: total,
    currency,
    paymentProvider: input.provider,
    reservationState: 'HELD',
    shippingAddress: delivery.shippingAddress,
    note: delivery.note,
    expiresAt: new Date(now.getTime() + ctx.commerce.checkoutTtlMs),
    placedAt: placed ? now : null,
    createdAt: now,
    updatedAt: now,
  };
  const items: OrderItem[] = cart.lines.map((l) => ({
    orderId,
    productId: l.productId,
    sku: l.product!.sku,
    name: l.product!.name,
    quantity: l.quantity,
    unitPriceAmount: l.product!.priceAmount,
    manufacturerOrganizationId: l.makerOrganizationId,
  }));
  const payment: Payment = {
    id: paymentId,
    orderId,
    provider: input.provider,
    status: placed ? 'AUTHORIZED' : 'PENDING',
    providerRef: placed ? authorized.providerRef : null,
    amount: total,
    currency,
    declineReason: null,
    refundRef: null,
    createdAt: now,
    updatedAt: now,
  };
  const source = { items, payment, customerEmail: cart.customerEmail };
  // One event for the new order: `created` (waiting for payment) or, paid at once, `placed`.
  return { order, items, payment, events: [orderChanged(ctx, { ...source, order, previousStatus: null })] };
}

/** Starts an online payment; a synchronous decline cancels the order and releases its stock. */
async function authorizeOnline(ctx: OrdersContext, order: Order, payment: Payment, provider: PaymentProvider, token: string | null): Promise<CheckoutResult> {
  let result: AuthorizeResult;
  try {
    result = await provider.authorize({ paymentId: payment.id, orderId: order.id, amount: payment.amount, currency: payment.currency, token, idempotencyKey: `authorize-${payment.id}` });
  } catch (error) {
    ctx.logger.warn({ err: error, orderId: order.id }, 'payment provider unavailable: order cancelled');
    result = { status: 'DECLINED', providerRef: null, reason: 'the payment provider is unavailable' };
  }
  if (result.status === 'AUTHORIZED') await paymentAuthorized(ctx, payment, result.providerRef);
  else if (result.status === 'PENDING') await updatePayment(ctx.db, payment.id, { providerRef: result.providerRef });
  else return { order: await paymentDeclined(ctx, payment, result.reason), declined: result.reason };
  return { order: await getOrder(ctx.db, order.id), declined: null };
}

/** Checks out a cart (see checkoutCart), counting the result. */
export async function checkout(ctx: OrdersContext, input: CheckoutInput): Promise<CheckoutResult> {
  try {
    const result = await checkoutCart(ctx, input);
    checkouts.inc({ result: result.declined ? 'DECLINED' : result.order.status });
    return result;
  } catch (error) {
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    checkouts.inc({ result: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
    throw error;
  }
}

async function checkoutCart(ctx: OrdersContext, input: CheckoutInput): Promise<CheckoutResult> {
  const viewer = requireUser(ctx.viewer);
  const idempotencyKey = requiredText(input.idempotencyKey, 'input.idempotencyKey', 255);
  const delivery = checkDelivery(input.shippingAddress, optionalText(input.note, 'input.note', 2000));
  const orderId = randomUUID();
  const { claimed, cart } = await claimAndReadCart(ctx.pool, { userId: viewer.userId, idempotencyKey, orderId, cartId: input.cartId });
  if (!cart || cart.userId !== viewer.userId) throw notFound('cart', 'input.cartId');
  if (!claimed) return answerOfClaim(ctx, (await findCheckout(ctx.db, viewer.userId, idempotencyKey))!, cart.id);
  /** How far the checkout got: what a failure must undo. */
  let stage: 'claimed' | 'reserving' | 'ordered' = 'claimed';
  try {
    requireStoreOfRegion(ctx, cart.store, 'input.cartId');
    const provider = await checkCart(ctx, cart, input);
    stage = 'reserving';
    await reserve(ctx, orderId, cart);
    const paymentId = randomUUID();
    const offline = provider.offline ? await provider.authorize({ paymentId, orderId, amount: cartTotal(cart.lines, productsOf(cart.lines)), currency: cart.lines[0]!.product!.currency, token: input.token, idempotencyKey: `authorize-${paymentId}` }) : null;
    const rows = newOrder(ctx, orderId, cart, input, delivery, paymentId, offline);
    if (!(await insertCheckedOutOrder(ctx.pool, { ...rows, cartId: cart.id }))) throw unavailable('This checkout took too long and was rolled back: check out again with a new idempotency key');
    stage = 'ordered';
    ctx.loaders.orderItems.prime(orderId, rows.items);
    if (rows.order.status === 'PLACED') {
      // The answer resolves from the rows just written: no read back.
      ctx.loaders.order.prime(orderId, rows.order);
      ctx.loaders.payment.prime(orderId, [rows.payment]);
      return { order: rows.order, declined: null };
    }
    if (offline) return { order: await paymentDeclined(ctx, rows.payment, offline.status === 'DECLINED' ? offline.reason : 'declined'), declined: offline.status === 'DECLINED' ? offline.reason : 'declined' };
    return await authorizeOnline(ctx, rows.order, rows.payment, provider, input.token);
  } catch (error) {
    if (stage !== 'ordered') await giveUp(ctx, orderId, stage === 'reserving' && !(error instanceof OrderFailure));
    throw error;
  }
}

/**
 * After a refusal or failure before the order exists: frees the key when nothing can be held (a
 * refusal before or by the reservation: OUT_OF_STOCK reserves nothing), else abandons it and
 * releases whatever the reservation call may have held.
 */
async function giveUp(ctx: OrdersContext, orderId: string, mayHoldStock: boolean): Promise<void> {
  try {
    if (mayHoldStock) {
      // Only a claim still STARTED has no order (the order's write completes the claim atomically).
      if (await abandonCheckout(ctx.db, orderId)) await ctx.commerce.reservations.release(orderId, 'checkout failed', ctx.correlationId);
      return;
    }
    await releaseClaim(ctx.db, orderId);
  } catch (cleanup) {
    ctx.logger.warn({ err: cleanup, orderId }, 'checkout cleanup failed: the reconciler finishes it');
  }
}
