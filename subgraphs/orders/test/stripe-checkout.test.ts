/**
 * Card orders with Stripe end to end, through the gateway: the orders subgraph runs the real
 * `stripe` client against the local HTTP double of Stripe's API, and Stripe's webhooks reach it
 * through the gateway's `/webhooks/payments/stripe` relay. Covers authorization with manual
 * capture, capture on confirmation, refund and void on cancellation, a declined card, 3-D Secure
 * confirmed by a signed webhook (replays change nothing), a forged webhook and a failed payment.
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import { signedStripeWebhook, startStripeDouble, stripeEvent, type StripeDouble } from './support/stripe-double';
import { action, buy, CANCEL, orderEventTypes, readOrder, startMarket, viewer, type Market } from './market';

jest.setTimeout(120_000);

const SECRET_KEY = 'sk_test_double';
const WEBHOOK_SECRET = 'whsec_test_double_secret';

describe('checkout with Stripe (local double) through the gateway', () => {
  let double: StripeDouble;
  let m: Market;
  let partner: UserViewer;

  beforeAll(async () => {
    double = await startStripeDouble();
    m = await startMarket('stripe', { ordersEnv: { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: double.url } });
    partner = viewer('PARTNER', m.org.partnerA);
  });
  afterAll(async () => {
    await m?.close();
    await double?.close();
  });

  /** A shopper buying `quantity` units of a new product in store A with a Stripe test payment method. */
  const cardCheckout = async (token: string, quantity = 2, priceAmount = 1_500) => {
    const who = await m.shopper();
    const productId = await m.product({ priceAmount });
    await m.stock(m.store.a, productId, 10);
    const res = await buy(m, who, m.store.a, [[productId, quantity]], randomUUID(), { provider: 'STRIPE', token });
    expect(res.errors).toBeUndefined();
    return { who, productId, checkout: res.data!.checkout, total: quantity * priceAmount };
  };

  /** The PaymentIntent the double holds for the order. */
  const intentOf = (orderId: string) => {
    const intent = [...double.intents.values()].find((i) => i.metadata.orderId === orderId);
    if (!intent) throw new Error(`the double has no PaymentIntent for order ${orderId}`);
    return intent;
  };

  /** The requests the double received on `path`. */
  const requestsTo = (path: string) => double.requests.filter((r) => r.path === path);

  /** POSTs a webhook to the gateway's public relay, as Stripe would; answers the HTTP status. */
  const deliver = async ({ body, headers }: { body: string; headers: Record<string, string> }): Promise<number> => {
    const res = await fetch(`${new URL(m.gateway.url).origin}/webhooks/payments/stripe`, { method: 'POST', body, headers });
    await res.text();
    return res.status;
  };

  it('authorizes with manual capture, captures on confirmation, refunds on cancellation and releases the stock', async () => {
    const { who, productId, checkout, total } = await cardCheckout('pm_card_visa');
    expect(checkout).toMatchObject({ errors: [], order: { status: 'PLACED', total: { amount: total }, payment: { provider: 'STRIPE', status: 'AUTHORIZED' } } });
    const orderId: string = checkout.order.id;
    const created = requestsTo('/v1/payment_intents').filter((r) => typeof r.params.metadata === 'object' && r.params.metadata.orderId === orderId);
    expect(created).toHaveLength(1);
    expect(created[0]!.params).toMatchObject({ amount: String(total), currency: 'eur', capture_method: 'manual', payment_method: 'pm_card_visa' });
    const intent = intentOf(orderId);
    expect(intent.status).toBe('requires_capture');

    const confirmed = await m.call(partner, action('confirmOrder'), { id: orderId });
    expect(confirmed.errors ?? confirmed.data!.confirmOrder.errors).toEqual([]);
    expect(confirmed.data!.confirmOrder.order).toMatchObject({ status: 'CONFIRMED', payment: { status: 'CAPTURED' } });
    expect(requestsTo(`/v1/payment_intents/${intent.id}/capture`)).toHaveLength(1);
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: total });

    const cancelled = await m.call(partner, CANCEL, { id: orderId, reason: 'out of tea after all' });
    expect(cancelled.errors ?? cancelled.data!.cancelOrder.errors).toEqual([]);
    expect(cancelled.data!.cancelOrder.order).toMatchObject({ status: 'REFUNDED', cancelReason: 'PARTNER', payment: { status: 'REFUNDED' } });
    expect(await readOrder(m, who, orderId)).toMatchObject({ status: 'REFUNDED', cancelReason: 'PARTNER', payment: { status: 'REFUNDED' } });
    const refunds = requestsTo('/v1/refunds').filter((r) => r.params.payment_intent === intent.id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.params).toMatchObject({ amount: String(total) });
    const level = await m.level(m.store.a, productId);
    expect(level).toMatchObject({ onHand: 10, reserved: 0 });
    expect(level.movements.map((mv) => mv.reason)).toEqual(['RECEIVED', 'RESERVED', 'RELEASED']);
  });

  it('cancels a declined card at once: PAYMENT_DECLINED in the payload, the order CANCELLED and its stock released', async () => {
    const { who, productId, checkout } = await cardCheckout('pm_card_chargeDeclined');
    expect(checkout.errors).toMatchObject([{ code: 'PAYMENT_DECLINED', field: 'input.paymentMethod' }]);
    expect(checkout.order).toMatchObject({ status: 'CANCELLED', cancelReason: 'PAYMENT_DECLINED', payment: { provider: 'STRIPE', status: 'DECLINED' } });
    expect(await readOrder(m, who, checkout.order.id)).toMatchObject({ status: 'CANCELLED', cancelReason: 'PAYMENT_DECLINED', payment: { status: 'DECLINED', declineReason: 'Your card was declined.' } });
    const level = await m.level(m.store.a, productId);
    expect(level).toMatchObject({ onHand: 10, reserved: 0 });
    expect(level.movements.map((mv) => mv.reason)).toEqual(['RECEIVED', 'RESERVED', 'RELEASED']);
  });

  it('waits for 3-D Secure: PENDING_PAYMENT until Stripe\'s signed webhook through the gateway places the order; the same delivery again changes nothing', async () => {
    const { who, productId, checkout } = await cardCheckout('pm_card_threeDSecure2Required');
    expect(checkout).toMatchObject({ errors: [], order: { status: 'PENDING_PAYMENT', payment: { provider: 'STRIPE', status: 'PENDING' } } });
    const orderId: string = checkout.order.id;
    const intent = intentOf(orderId);
    expect(intent.status).toBe('requires_action');
    expect((await m.level(m.store.a, productId)).reserved).toBe(2);

    // The shopper completes the challenge at Stripe; Stripe then tells us the money is held.
    Object.assign(intent, { status: 'requires_capture', amount_capturable: intent.amount });
    const delivery = signedStripeWebhook(WEBHOOK_SECRET, stripeEvent('payment_intent.amount_capturable_updated', { ...intent }));
    expect(await deliver(delivery)).toBe(200);
    expect(await readOrder(m, who, orderId)).toMatchObject({ status: 'PLACED', payment: { status: 'AUTHORIZED' } });
    expect(await orderEventTypes(m, orderId)).toEqual(['orders.order.created', 'orders.order.placed']);

    expect(await deliver(delivery)).toBe(200);
    expect(await readOrder(m, who, orderId)).toMatchObject({ status: 'PLACED', payment: { status: 'AUTHORIZED' } });
    expect((await orderEventTypes(m, orderId)).filter((type) => type === 'orders.order.placed')).toHaveLength(1);
    expect((await m.level(m.store.a, productId)).reserved).toBe(2);
  });

  it('refuses a webhook with a bad signature with 401 and changes nothing', async () => {
    const { who, productId, checkout } = await cardCheckout('pm_card_threeDSecure2Required');
    const orderId: string = checkout.order.id;
    const intent = intentOf(orderId);
    const forged = signedStripeWebhook('whsec_someone_else', stripeEvent('payment_intent.amount_capturable_updated', { ...intent, status: 'requires_capture' }));
    expect(await deliver(forged)).toBe(401);
    expect(await readOrder(m, who, orderId)).toMatchObject({ status: 'PENDING_PAYMENT', payment: { status: 'PENDING' } });
    expect(await orderEventTypes(m, orderId)).toEqual(['orders.order.created']);
    expect((await m.level(m.store.a, productId)).reserved).toBe(2);
  });

  it('cancels a pending order when Stripe reports the payment failed, and releases its stock', async () => {
    const { who, productId, checkout } = await cardCheckout('pm_card_threeDSecure2Required');
    const orderId: string = checkout.order.id;
    const intent = intentOf(orderId);
    const lastError = { type: 'card_error', code: 'card_declined', message: 'Your card has insufficient funds.' };
    Object.assign(intent, { status: 'requires_payment_method', last_payment_error: lastError });
    expect(await deliver(signedStripeWebhook(WEBHOOK_SECRET, stripeEvent('payment_intent.payment_failed', { ...intent })))).toBe(200);
    expect(await readOrder(m, who, orderId)).toMatchObject({ status: 'CANCELLED', cancelReason: 'PAYMENT_DECLINED', payment: { status: 'DECLINED', declineReason: 'Your card has insufficient funds.' } });
    const level = await m.level(m.store.a, productId);
    expect(level).toMatchObject({ onHand: 10, reserved: 0 });
    expect(level.movements.map((mv) => mv.reason)).toEqual(['RECEIVED', 'RESERVED', 'RELEASED']);
  });

  it('voids the authorization when the shopper cancels before capture: CANCELLED, not REFUNDED', async () => {
    const { who, productId, checkout } = await cardCheckout('pm_card_visa');
    expect(checkout).toMatchObject({ errors: [], order: { status: 'PLACED', payment: { status: 'AUTHORIZED' } } });
    const orderId: string = checkout.order.id;
    const intent = intentOf(orderId);
    const cancelled = await m.call(who, CANCEL, { id: orderId, reason: null });
    expect(cancelled.errors ?? cancelled.data!.cancelOrder.errors).toEqual([]);
    expect(cancelled.data!.cancelOrder.order).toMatchObject({ status: 'CANCELLED', cancelReason: 'SHOPPER', payment: { status: 'VOIDED' } });
    expect(await readOrder(m, who, orderId)).toMatchObject({ status: 'CANCELLED', cancelReason: 'SHOPPER', payment: { status: 'VOIDED' } });
    expect(requestsTo(`/v1/payment_intents/${intent.id}/cancel`)).toHaveLength(1);
    expect(requestsTo(`/v1/payment_intents/${intent.id}/capture`)).toHaveLength(0);
    expect(requestsTo('/v1/refunds').filter((r) => r.params.payment_intent === intent.id)).toHaveLength(0);
    expect(intent.status).toBe('canceled');
    expect((await m.level(m.store.a, productId)).reserved).toBe(0);
  });
});
