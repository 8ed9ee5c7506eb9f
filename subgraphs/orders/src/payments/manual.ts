/**
 * `manual`: pay at pickup or on invoice. Nothing is charged online, so every step succeeds at once
 * and only records that it happened (the money is settled outside this system, captured at
 * fulfilment). It receives no webhooks: any request on its webhook route is refused.
 */
import { WebhookSignatureError, type PaymentProvider } from './provider';

/** The manual provider; stateless, so one instance serves every order. */
export function createManualProvider(): PaymentProvider {
  return {
    code: 'manual',
    needsToken: false,
    offline: true,
    authorize: async ({ paymentId }) => ({ status: 'AUTHORIZED', providerRef: `manual_${paymentId}` }),
    capture: async () => undefined,
    cancel: async () => undefined,
    // Same key, same reference: a retried refund is recorded once.
    refund: async ({ idempotencyKey }) => ({ refundRef: `manual_refund_${idempotencyKey}` }),
    parseWebhook: () => {
      throw new WebhookSignatureError('the manual provider sends no webhooks');
    },
  };
}
