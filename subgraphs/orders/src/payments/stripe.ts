/**
 * `stripe`: cards through Stripe PaymentIntents with manual capture, over the official `stripe`
 * package (its HTTP client, retries with idempotency keys, and webhook signature check; we add
 * none of our own). Authorize creates and confirms an intent (`requires_capture` = the money is
 * held); capture takes it; cancel voids it; refund gives it back. Stripe's outcomes after 3-D
 * Secure or a delayed confirmation arrive as webhooks, mapped here to provider-neutral events.
 *
 * `apiUrl` points the client at another host (the tests' HTTP double); only its protocol, host and
 * port are used (Stripe's paths start at /v1). Cards only: `allowed_payment_method_types: ['card']`
 * (the API version pinned by stripe v23 renamed `payment_method_types` on create).
 */
import Stripe from 'stripe';
import {
  headerValue,
  PaymentProviderError,
  WebhookPayloadError,
  WebhookSignatureError,
  type AuthorizeRequest,
  type AuthorizeResult,
  type PaymentProvider,
  type PaymentWebhookEvent,
  type WebhookHeaders,
} from './provider';

type StripeClient = Stripe.Stripe;
type StripeError = Stripe.errors.StripeError;

export interface StripeProviderOptions {
  /** STRIPE_SECRET_KEY. */
  secretKey: string;
  /** STRIPE_WEBHOOK_SECRET: the signing secret (whsec_...) of our webhook endpoint. */
  webhookSecret: string;
  /** STRIPE_API_URL: another API base (tests); default Stripe's own. */
  apiUrl?: string;
  /** Retries of the client on connection errors, 409 and 5xx, with the same idempotency key (default 2). */
  maxNetworkRetries?: number;
  /** Timeout of one request (default 20 s). */
  timeoutMs?: number;
}

/** Client settings: host, port and protocol from `apiUrl` when set. */
function clientConfig({ apiUrl, maxNetworkRetries = 2, timeoutMs = 20_000 }: StripeProviderOptions): ConstructorParameters<typeof Stripe>[1] {
  const base = { maxNetworkRetries, timeout: timeoutMs, telemetry: false };
  if (!apiUrl) return base;
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { ...base, host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

const isStripeError = (error: unknown): error is StripeError => error instanceof Stripe.errors.StripeError;

/** Whether Stripe could not be reached or failed on its side: worth another try later. */
function isTransient(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError || error instanceof Stripe.errors.StripeRateLimitError;
}

/**
 * The error a caller of this provider sees: PaymentProviderError when retryable, otherwise an
 * Error naming Stripe's error type and code (a bad key, a request Stripe refuses: not retryable).
 */
function providerError(operation: string, error: unknown): Error {
  if (isTransient(error)) return new PaymentProviderError(`stripe ${operation}: ${(error as Error).message}`, { cause: error });
  if (isStripeError(error)) return new Error(`stripe ${operation} refused (${error.type}${error.code ? `/${error.code}` : ''}): ${error.message}`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

/** A refusal because the intent is already where we want it (a retried capture or cancel): success. */
function alreadyDone(error: unknown, status: Stripe.PaymentIntent.Status): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state' && error.payment_intent?.status === status;
}

/** Stripe's own message (the client prefixes the request id to `error.message`): shown to shoppers. */
function stripeMessage(error: StripeError): string {
  const raw = error.raw;
  return typeof raw === 'object' && raw !== null && 'message' in raw && typeof raw.message === 'string' ? raw.message : error.message;
}

/** A shopper-side refusal of an authorize: the card declined, or the payment method is unusable. */
function declineReason(error: unknown): string | null {
  if (error instanceof Stripe.errors.StripeCardError) return stripeMessage(error);
  if (error instanceof Stripe.errors.StripeInvalidRequestError && error.param === 'payment_method') return stripeMessage(error);
  return null;
}

/** The outcome of a confirmed manual-capture intent. */
function resultOf(intent: Stripe.PaymentIntent): AuthorizeResult {
  switch (intent.status) {
    case 'requires_capture':
    case 'succeeded':
      return { status: 'AUTHORIZED', providerRef: intent.id };
    case 'requires_action':
    case 'processing':
      return { status: 'PENDING', providerRef: intent.id };
    case 'requires_payment_method':
    case 'canceled':
      return { status: 'DECLINED', providerRef: intent.id, reason: intent.last_payment_error?.message ?? `payment ${intent.status.replace(/_/g, ' ')}` };
    default:
      throw new Error(`stripe authorize: unexpected PaymentIntent status ${intent.status}`);
  }
}

/** Stripe's event as a provider-neutral one (IGNORED for the types checkout does not act on). */
function mapStripeEvent(event: Stripe.Event): PaymentWebhookEvent {
  const base = { eventId: event.id, reason: null };
  switch (event.type) {
    case 'payment_intent.amount_capturable_updated':
      return { ...base, providerRef: event.data.object.id, kind: 'AUTHORIZED' };
    case 'payment_intent.payment_failed':
      return { ...base, providerRef: event.data.object.id, kind: 'DECLINED', reason: event.data.object.last_payment_error?.message ?? 'payment failed' };
    case 'payment_intent.succeeded':
      return { ...base, providerRef: event.data.object.id, kind: 'CAPTURED' };
    case 'charge.refunded': {
      const intent = event.data.object.payment_intent;
      if (intent === null) return { ...base, providerRef: event.data.object.id, kind: 'IGNORED' };
      return { ...base, providerRef: typeof intent === 'string' ? intent : intent.id, kind: 'REFUNDED' };
    }
    default: {
      const object: unknown = event.data.object;
      const id = typeof object === 'object' && object !== null && 'id' in object && typeof object.id === 'string' ? object.id : '';
      return { ...base, providerRef: id, kind: 'IGNORED' };
    }
  }
}

/** Verifies Stripe's signature (5-minute tolerance, Stripe's default) and reads the event. */
function constructEvent(client: StripeClient, rawBody: Buffer, signature: string | undefined, secret: string): Stripe.Event {
  if (!signature) throw new WebhookSignatureError('missing stripe-signature header');
  let event: Stripe.Event;
  try {
    event = client.webhooks.constructEvent(rawBody, signature, secret);
  } catch (error) {
    // Stripe's error carries the header and the payload: never pass it on (it could be logged).
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookSignatureError('stripe signature does not match');
    throw new WebhookPayloadError('stripe webhook body is not an event');
  }
  const shape: { id?: unknown; type?: unknown; data?: { object?: unknown } } = event;
  if (typeof shape.id !== 'string' || typeof shape.type !== 'string' || typeof shape.data?.object !== 'object' || shape.data.object === null) {
    throw new WebhookPayloadError('stripe webhook body is not an event');
  }
  return event;
}

/** Creates the Stripe provider (one client, reused for every call). */
export function createStripeProvider(opts: StripeProviderOptions): PaymentProvider {
  const client: StripeClient = new Stripe(opts.secretKey, clientConfig(opts));

  async function authorize(req: AuthorizeRequest): Promise<AuthorizeResult> {
    if (!req.token) return { status: 'DECLINED', providerRef: null, reason: 'a payment method is required' };
    try {
      const intent = await client.paymentIntents.create(
        {
          amount: req.amount,
          currency: req.currency.toLowerCase(),
          capture_method: 'manual',
          confirm: true,
          payment_method: req.token,
          allowed_payment_method_types: ['card'],
          metadata: { orderId: req.orderId, paymentId: req.paymentId },
        },
        { idempotencyKey: req.idempotencyKey },
      );
      return resultOf(intent);
    } catch (error) {
      const reason = declineReason(error);
      if (reason !== null) return { status: 'DECLINED', providerRef: (error as StripeError).payment_intent?.id ?? null, reason };
      throw providerError('authorize', error);
    }
  }

  return {
    code: 'stripe',
    needsToken: true,
    offline: false,
    authorize,
    capture: async ({ providerRef, amount, idempotencyKey }) => {
      await client.paymentIntents.capture(providerRef, { amount_to_capture: amount }, { idempotencyKey }).catch((error: unknown) => {
        if (!alreadyDone(error, 'succeeded')) throw providerError('capture', error);
      });
    },
    cancel: async ({ providerRef, idempotencyKey }) => {
      await client.paymentIntents.cancel(providerRef, {}, { idempotencyKey }).catch((error: unknown) => {
        if (!alreadyDone(error, 'canceled')) throw providerError('cancel', error);
      });
    },
    refund: async ({ providerRef, amount, idempotencyKey }) => {
      try {
        const refund = await client.refunds.create({ payment_intent: providerRef, amount }, { idempotencyKey });
        return { refundRef: refund.id };
      } catch (error) {
        throw providerError('refund', error);
      }
    },
    parseWebhook: (rawBody: Buffer, headers: WebhookHeaders) => mapStripeEvent(constructEvent(client, rawBody, headerValue(headers, 'stripe-signature'), opts.webhookSecret)),
  };
}
