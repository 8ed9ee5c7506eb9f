import Stripe from 'stripe';
import { PaymentProviderError, WebhookPayloadError, WebhookSignatureError, type AuthorizeRequest, type PaymentProvider } from '../../src/payments/provider';
import { createStripeProvider, type StripeProviderOptions } from '../../src/payments/stripe';
import { signedStripeWebhook, startStripeDouble, stripeEvent, type StripeDouble } from '../support/stripe-double';

const WEBHOOK_SECRET = 'whsec_test_double_secret';

let double: StripeDouble;
let stripe: PaymentProvider;
const providerFor = (options: Partial<StripeProviderOptions> = {}) => createStripeProvider({ secretKey: 'sk_test_double', webhookSecret: WEBHOOK_SECRET, apiUrl: double.url, ...options });

beforeAll(async () => {
  double = await startStripeDouble();
  stripe = providerFor();
});
afterAll(() => double.close());

let sequence = 0;
const request = (token: string | null, overrides: Partial<AuthorizeRequest> = {}): AuthorizeRequest => {
  sequence += 1;
  return { paymentId: `pay-${sequence}`, orderId: `order-${sequence}`, amount: 1999, currency: 'EUR', token, idempotencyKey: `authorize-${sequence}`, ...overrides };
};
const lastRequest = () => double.requests[double.requests.length - 1]!;
const authorized = async () => {
  const result = await stripe.authorize(request('pm_card_visa'));
  if (result.status !== 'AUTHORIZED') throw new Error(`not authorized: ${result.status}`);
  return result.providerRef;
};

describe('stripe provider: authorize', () => {
  it('holds the money of pm_card_visa: a confirmed manual-capture intent in requires_capture', async () => {
    const req = request('pm_card_visa');
    const result = await stripe.authorize(req);
    expect(result).toEqual({ status: 'AUTHORIZED', providerRef: expect.stringMatching(/^pi_/) });
    expect(double.intents.get(result.providerRef!)?.status).toBe('requires_capture');
    expect(lastRequest()).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      idempotencyKey: req.idempotencyKey,
      params: { amount: '1999', currency: 'eur', capture_method: 'manual', confirm: 'true', payment_method: 'pm_card_visa', allowed_payment_method_types: { 0: 'card' }, metadata: { orderId: req.orderId, paymentId: req.paymentId } },
    });
  });

  it('declines pm_card_chargeDeclined with Stripe\'s message and the failed intent', async () => {
    const result = await stripe.authorize(request('pm_card_chargeDeclined'));
    expect(result).toEqual({ status: 'DECLINED', providerRef: expect.stringMatching(/^pi_/), reason: 'Your card was declined.' });
  });

  it('is PENDING while 3-D Secure is required (the outcome comes by webhook)', async () => {
    await expect(stripe.authorize(request('pm_card_threeDSecure2Required'))).resolves.toEqual({ status: 'PENDING', providerRef: expect.stringMatching(/^pi_/) });
  });

  it('declines an unknown payment method, and a missing one without calling Stripe', async () => {
    await expect(stripe.authorize(request('pm_nope'))).resolves.toMatchObject({ status: 'DECLINED', providerRef: null, reason: expect.stringContaining('No such PaymentMethod') });
    const before = double.requests.length;
    await expect(stripe.authorize(request(null))).resolves.toMatchObject({ status: 'DECLINED', providerRef: null });
    expect(double.requests).toHaveLength(before);
  });

  it('passes the idempotency key: the same key twice creates one intent', async () => {
    const req = request('pm_card_visa');
    const first = await stripe.authorize(req);
    const second = await stripe.authorize(req);
    expect(second).toEqual(first);
    expect([...double.intents.values()].filter((intent) => intent.metadata.paymentId === req.paymentId)).toHaveLength(1);
  });

  it('rides out a transient Stripe failure with its client retries and the same key', async () => {
    const req = request('pm_card_visa');
    double.failNext(1, 500);
    await expect(stripe.authorize(req)).resolves.toMatchObject({ status: 'AUTHORIZED' });
    const attempts = double.requests.filter((r) => r.idempotencyKey === req.idempotencyKey);
    expect(attempts).toHaveLength(2);
  });

  it('throws PaymentProviderError (retryable) when Stripe fails or cannot be reached', async () => {
    double.failNext(1, 503);
    await expect(providerFor({ maxNetworkRetries: 0 }).authorize(request('pm_card_visa'))).rejects.toBeInstanceOf(PaymentProviderError);
    const unreachable = providerFor({ apiUrl: 'http://127.0.0.1:9', maxNetworkRetries: 0, timeoutMs: 2_000 });
    await expect(unreachable.capture({ providerRef: 'pi_x', amount: 1, currency: 'EUR', idempotencyKey: 'k' })).rejects.toBeInstanceOf(PaymentProviderError);
  });

  it('throws a plain (not retryable) error when Stripe refuses the credentials', async () => {
    const error: unknown = await providerFor({ secretKey: 'not-a-key' }).authorize(request('pm_card_visa')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PaymentProviderError);
    expect((error as Error).message).toMatch(/^stripe authorize refused \(StripeAuthenticationError/);
  });
});

describe('stripe provider: capture, cancel, refund', () => {
  it('captures the amount asked for, with the idempotency key; a retried capture succeeds', async () => {
    const id = await authorized();
    await stripe.capture({ providerRef: id, amount: 1500, currency: 'EUR', idempotencyKey: `capture-${id}` });
    expect(lastRequest()).toMatchObject({ path: `/v1/payment_intents/${id}/capture`, idempotencyKey: `capture-${id}`, params: { amount_to_capture: '1500' } });
    expect(double.intents.get(id)).toMatchObject({ status: 'succeeded', amount_received: 1500 });
    await expect(stripe.capture({ providerRef: id, amount: 1500, currency: 'EUR', idempotencyKey: `capture-again-${id}` })).resolves.toBeUndefined();
  });

  it('voids an uncaptured authorization; a retried cancel succeeds', async () => {
    const id = await authorized();
    await stripe.cancel({ providerRef: id, idempotencyKey: `cancel-${id}` });
    expect(double.intents.get(id)?.status).toBe('canceled');
    await expect(stripe.cancel({ providerRef: id, idempotencyKey: `cancel-again-${id}` })).resolves.toBeUndefined();
  });

  it('refuses to void a captured payment (that is a refund)', async () => {
    const id = await authorized();
    await stripe.capture({ providerRef: id, amount: 1999, currency: 'EUR', idempotencyKey: `capture-${id}` });
    await expect(stripe.cancel({ providerRef: id, idempotencyKey: `cancel-${id}` })).rejects.toThrow(/payment_intent_unexpected_state/);
  });

  it('refunds a captured payment: a re_ reference, the same one for the same key', async () => {
    const id = await authorized();
    await stripe.capture({ providerRef: id, amount: 1999, currency: 'EUR', idempotencyKey: `capture-${id}` });
    const refund = await stripe.refund({ providerRef: id, amount: 1999, currency: 'EUR', idempotencyKey: `refund-${id}` });
    expect(refund.refundRef).toMatch(/^re_/);
    expect(lastRequest()).toMatchObject({ path: '/v1/refunds', idempotencyKey: `refund-${id}`, params: { payment_intent: id, amount: '1999' } });
    await expect(stripe.refund({ providerRef: id, amount: 1999, currency: 'EUR', idempotencyKey: `refund-${id}` })).resolves.toEqual(refund);
  });
});

describe('stripe provider: webhooks', () => {
  const intent = (fields: Record<string, unknown> = {}) => ({ id: 'pi_123', object: 'payment_intent', status: 'requires_capture', last_payment_error: null, ...fields });
  const parse = (event: Record<string, unknown>, secret = WEBHOOK_SECRET) => {
    const { body, headers } = signedStripeWebhook(secret, event);
    return stripe.parseWebhook(Buffer.from(body), headers);
  };

  it('reads a correctly signed event with Stripe\'s event id', () => {
    expect(parse(stripeEvent('payment_intent.amount_capturable_updated', intent(), 'evt_1'))).toEqual({ eventId: 'evt_1', providerRef: 'pi_123', kind: 'AUTHORIZED', reason: null });
  });

  it('refuses a wrong secret, a tampered body, a stale signature and a missing header', () => {
    const event = stripeEvent('payment_intent.succeeded', intent());
    expect(() => parse(event, 'whsec_someone_else')).toThrow(WebhookSignatureError);
    const { body, headers } = signedStripeWebhook(WEBHOOK_SECRET, event);
    expect(() => stripe.parseWebhook(Buffer.from(body.replace('pi_123', 'pi_999')), headers)).toThrow(WebhookSignatureError);
    const stale = signedStripeWebhook(WEBHOOK_SECRET, event, Math.floor(Date.now() / 1000) - 600);
    expect(() => stripe.parseWebhook(Buffer.from(stale.body), stale.headers)).toThrow(WebhookSignatureError);
    expect(() => stripe.parseWebhook(Buffer.from(body), { 'content-type': 'application/json' })).toThrow(/missing stripe-signature/);
  });

  it('refuses a body signed with our secret but replayed with another event\'s signature', () => {
    const original = signedStripeWebhook(WEBHOOK_SECRET, stripeEvent('payment_intent.succeeded', intent()));
    const other = signedStripeWebhook(WEBHOOK_SECRET, stripeEvent('payment_intent.payment_failed', intent()));
    expect(() => stripe.parseWebhook(Buffer.from(original.body), other.headers)).toThrow(WebhookSignatureError);
  });

  it('reads a correctly signed body that is not an event as a payload error', () => {
    const notJson = 'not json';
    const header = Stripe.webhooks.generateTestHeaderString({ payload: notJson, secret: WEBHOOK_SECRET });
    expect(() => stripe.parseWebhook(Buffer.from(notJson), { 'stripe-signature': header })).toThrow(WebhookPayloadError);
    const notAnEvent = signedStripeWebhook(WEBHOOK_SECRET, { hello: 'world' });
    expect(() => stripe.parseWebhook(Buffer.from(notAnEvent.body), notAnEvent.headers)).toThrow(WebhookPayloadError);
  });

  it.each([
    { type: 'payment_intent.amount_capturable_updated', object: intent(), expected: { kind: 'AUTHORIZED', providerRef: 'pi_123', reason: null } },
    { type: 'payment_intent.payment_failed', object: intent({ status: 'requires_payment_method', last_payment_error: { message: 'Your card has insufficient funds.' } }), expected: { kind: 'DECLINED', providerRef: 'pi_123', reason: 'Your card has insufficient funds.' } },
    { type: 'payment_intent.payment_failed', object: intent({ status: 'requires_payment_method' }), expected: { kind: 'DECLINED', providerRef: 'pi_123', reason: 'payment failed' } },
    { type: 'payment_intent.succeeded', object: intent({ status: 'succeeded' }), expected: { kind: 'CAPTURED', providerRef: 'pi_123', reason: null } },
    { type: 'charge.refunded', object: { id: 'ch_1', object: 'charge', payment_intent: 'pi_123' }, expected: { kind: 'REFUNDED', providerRef: 'pi_123', reason: null } },
    { type: 'charge.refunded', object: { id: 'ch_2', object: 'charge', payment_intent: null }, expected: { kind: 'IGNORED', providerRef: 'ch_2', reason: null } },
    { type: 'payment_intent.created', object: intent(), expected: { kind: 'IGNORED', providerRef: 'pi_123', reason: null } },
    { type: 'customer.created', object: { id: 'cus_1', object: 'customer' }, expected: { kind: 'IGNORED', providerRef: 'cus_1', reason: null } },
  ])('maps $type to $expected.kind', ({ type, object, expected }) => {
    expect(parse(stripeEvent(type, object))).toEqual({ eventId: expect.stringMatching(/^evt_/), ...expected });
  });
});
