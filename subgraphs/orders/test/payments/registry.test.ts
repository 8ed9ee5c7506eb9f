import { ConfigError } from '@miw/config';
import { testLogger } from '@miw/testing';
import { createPaymentProviders, type PaymentProviders, type PaymentsEnv } from '../../src/payments';

const TEST_CARD_SECRET = 'test-card-secret-of-at-least-32-characters';
const base: PaymentsEnv = { NODE_ENV: 'test', PAYMENTS_TEST_CARD: false, TEST_CARD_DELAY_MS: 200 };

describe('createPaymentProviders', () => {
  const opened: PaymentProviders[] = [];
  const create = (env: Partial<PaymentsEnv>) => {
    const providers = createPaymentProviders({ ...base, ...env }, { logger: testLogger('orders'), webhookUrl: () => undefined });
    opened.push(providers);
    return providers;
  };
  const problemsOf = (env: Partial<PaymentsEnv>): string[] => {
    try {
      create(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };
  afterEach(() => Promise.all(opened.splice(0).map((p) => p.close())));

  it('offers manual alone by default, and nothing it does not know', () => {
    const providers = create({});
    expect(providers.codes()).toEqual(['manual']);
    expect(providers.get('manual')?.needsToken).toBe(false);
    expect(providers.get('test-card')).toBeUndefined();
    expect(providers.get('stripe')).toBeUndefined();
    expect(providers.get('__proto__')).toBeUndefined();
  });

  it('adds test-card and stripe when configured, in a stable order', () => {
    const providers = create({ PAYMENTS_TEST_CARD: true, TEST_CARD_WEBHOOK_SECRET: TEST_CARD_SECRET, STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' });
    expect(providers.codes()).toEqual(['manual', 'test-card', 'stripe']);
    expect(providers.get('test-card')?.needsToken).toBe(true);
    expect(providers.get('stripe')?.code).toBe('stripe');
  });

  it('refuses the test-card simulator in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', PAYMENTS_TEST_CARD: true, TEST_CARD_WEBHOOK_SECRET: TEST_CARD_SECRET })).toEqual([expect.stringMatching(/^PAYMENTS_TEST_CARD: .*NODE_ENV=production/)]);
  });

  it('requires TEST_CARD_WEBHOOK_SECRET with test-card and STRIPE_WEBHOOK_SECRET with stripe, naming each', () => {
    expect(problemsOf({ PAYMENTS_TEST_CARD: true, STRIPE_SECRET_KEY: 'sk_test_x' })).toEqual([
      expect.stringMatching(/^TEST_CARD_WEBHOOK_SECRET: required with PAYMENTS_TEST_CARD/),
      expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY/),
    ]);
  });
});
