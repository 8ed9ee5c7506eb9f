/**
 * The payment providers this orders service offers, chosen by configuration once at start-up:
 * `manual` always; `test-card` when PAYMENTS_TEST_CARD (never in production: a simulator must not
 * take real orders); `stripe` when STRIPE_SECRET_KEY is set. A provider enabled without what it
 * needs is a start-up error naming the variable, not a checkout failing later.
 */
import { ConfigError, type DomainServiceEnv } from '@miw/config';
import type { Logger } from '@miw/logging';
import { createManualProvider } from './manual';
import { isPaymentProviderCode, PAYMENT_PROVIDERS, type PaymentProvider, type PaymentProviderCode } from './provider';
import { createStripeProvider } from './stripe';
import { createTestCardProvider, type TestCardProvider } from './test-card';

export * from './provider';
export { mountPaymentWebhooks } from './webhooks';

/** The settings the providers read. */
export type PaymentsEnv = Pick<
  DomainServiceEnv,
  'NODE_ENV' | 'PAYMENTS_TEST_CARD' | 'TEST_CARD_WEBHOOK_SECRET' | 'TEST_CARD_DELAY_MS' | 'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_API_URL'
>;

export interface PaymentProviders {
  /** The enabled provider of `code` (any string: a route parameter, a stored column), or undefined. */
  get(code: string): PaymentProvider | undefined;
  /** The enabled providers, in PAYMENT_PROVIDERS order. */
  codes(): PaymentProviderCode[];
  /** Stops background work (the simulator's pending webhooks). */
  close(): Promise<void>;
}

export interface PaymentProvidersDeps {
  logger: Logger;
  /** Where the test-card simulator delivers (TEST_CARD_WEBHOOK_URL, or this service's own webhook route once it listens). */
  webhookUrl: () => string | undefined;
}

/** Every configuration problem at once, as a ConfigError (like the env model's). */
function checkPaymentsEnv(env: PaymentsEnv): void {
  const problems: string[] = [];
  if (env.PAYMENTS_TEST_CARD && env.NODE_ENV === 'production') {
    problems.push('PAYMENTS_TEST_CARD: the test-card simulator is refused when NODE_ENV=production (it approves cards without charging them)');
  }
  if (env.PAYMENTS_TEST_CARD && !env.TEST_CARD_WEBHOOK_SECRET) {
    problems.push('TEST_CARD_WEBHOOK_SECRET: required with PAYMENTS_TEST_CARD=true (the HMAC key of the simulator\'s webhooks, 32+ characters)');
  }
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
    problems.push('STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY (the signing secret, whsec_..., of the Stripe webhook endpoint)');
  }
  if (problems.length > 0) throw new ConfigError('orders', problems);
}

/** Builds the enabled providers; throws a ConfigError naming each missing or refused setting. */
export function createPaymentProviders(env: PaymentsEnv, { logger, webhookUrl }: PaymentProvidersDeps): PaymentProviders {
  checkPaymentsEnv(env);
  const log = logger.child({ component: 'payments' });
  let testCard: TestCardProvider | undefined;
  const enabled = new Map<PaymentProviderCode, PaymentProvider>([['manual', createManualProvider()]]);
  if (env.PAYMENTS_TEST_CARD) {
    testCard = createTestCardProvider({ secret: env.TEST_CARD_WEBHOOK_SECRET!, delayMs: env.TEST_CARD_DELAY_MS, webhookUrl, logger: log });
    enabled.set('test-card', testCard);
  }
  if (env.STRIPE_SECRET_KEY) {
    enabled.set('stripe', createStripeProvider({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET!, ...(env.STRIPE_API_URL ? { apiUrl: env.STRIPE_API_URL } : {}) }));
  }
  return {
    get: (code) => (isPaymentProviderCode(code) ? enabled.get(code) : undefined),
    codes: () => PAYMENT_PROVIDERS.filter((code) => enabled.has(code)),
    close: async () => {
      await testCard?.close();
    },
  };
}
