/**
 * The contract between checkout and a payment provider (a PSP, or the simulator, or "pay later").
 *
 * Checkout authorizes when the order is placed and captures later (card providers when the store
 * confirms; `manual` at fulfilment); it voids an uncaptured authorization on cancellation and
 * refunds a captured one. Providers that answer asynchronously return PENDING and confirm by a
 * signed webhook, which `parseWebhook` verifies and turns into one provider-neutral event; what an
 * event does to an order (and ignoring replays) is the orders services' business, not the
 * provider's.
 *
 * Errors: `WebhookSignatureError` (the webhook is not authentic: answer 401), `WebhookPayloadError`
 * (authentic but unreadable: 400), `PaymentProviderError` (the provider is unreachable or failed:
 * retry later with the SAME idempotency key). Any other error is a bug or a misconfiguration
 * (a wrong API key, a malformed request) and is not worth retrying.
 */

export const PAYMENT_PROVIDERS = ['manual', 'test-card', 'stripe'] as const;
export type PaymentProviderCode = (typeof PAYMENT_PROVIDERS)[number];

/** Narrows a route parameter or a stored column to a known provider code. */
export function isPaymentProviderCode(value: string): value is PaymentProviderCode {
  return (PAYMENT_PROVIDERS as readonly string[]).includes(value);
}

export interface AuthorizeRequest {
  paymentId: string;
  orderId: string;
  /** Minor units (cents). */
  amount: number;
  /** ISO 4217, any case. */
  currency: string;
  /** What the shopper sent: a card number (test-card), a `pm_...` PaymentMethod id (stripe); null for manual. */
  token: string | null;
  /** Same key, same outcome: a retried authorize never holds the money twice. */
  idempotencyKey: string;
}

export type AuthorizeResult =
  | { status: 'AUTHORIZED'; providerRef: string }
  /** Accepted; the outcome arrives by webhook (AUTHORIZED or DECLINED) for `providerRef`. */
  | { status: 'PENDING'; providerRef: string }
  | { status: 'DECLINED'; providerRef: string | null; reason: string };

/** One verified webhook, provider-neutral. `eventId` is the provider's: replays carry the same one. */
export interface PaymentWebhookEvent {
  eventId: string;
  providerRef: string;
  kind: 'AUTHORIZED' | 'DECLINED' | 'CAPTURED' | 'REFUNDED' | 'IGNORED';
  /** Why a payment was declined; null otherwise. */
  reason: string | null;
}

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface PaymentProvider {
  readonly code: PaymentProviderCode;
  /** Whether the shopper must send a token (card number for test-card, a pm_... PaymentMethod id for stripe). */
  readonly needsToken: boolean;
  /**
   * Whether `authorize` involves no outside system (nothing to void if the order is never
   * created): checkout then authorizes before writing the order and creates it PLACED at once.
   */
  readonly offline: boolean;
  authorize(req: AuthorizeRequest): Promise<AuthorizeResult>;
  /** Takes the authorized money (all of it, or less: `amount`). */
  capture(p: { providerRef: string; amount: number; currency: string; idempotencyKey: string }): Promise<void>;
  /** Voids an uncaptured authorization. */
  cancel(p: { providerRef: string; idempotencyKey: string }): Promise<void>;
  /** Gives captured money back. */
  refund(p: { providerRef: string; amount: number; currency: string; idempotencyKey: string }): Promise<{ refundRef: string }>;
  /** Verifies the signature (throws WebhookSignatureError) and reads the event (WebhookPayloadError). */
  parseWebhook(rawBody: Buffer, headers: WebhookHeaders): PaymentWebhookEvent;
}

/** The webhook is not authentic (missing, wrong or stale signature), or the provider takes no webhooks. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}

/** The webhook is authentic but its body is not an event this provider sends. */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
}

/** The provider is unreachable or failed (timeouts, 5xx, rate limits): retryable by the caller with the same idempotency key. */
export class PaymentProviderError extends Error {
  override readonly name = 'PaymentProviderError';
}

/** The single value of a header (the first when repeated), or undefined. */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
