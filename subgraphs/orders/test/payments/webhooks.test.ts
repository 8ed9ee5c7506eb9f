import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger } from '@miw/logging';
import { createManualProvider } from '../../src/payments/manual';
import type { PaymentProvider, PaymentProviderCode, PaymentWebhookEvent } from '../../src/payments/provider';
import { createTestCardProvider, signTestCardWebhook, TEST_CARD_SIGNATURE_HEADER, type TestCardProvider } from '../../src/payments/test-card';
import { mountPaymentWebhooks } from '../../src/payments/webhooks';

const SECRET = 'test-card-secret-of-at-least-32-characters';

describe('POST /webhooks/payments/:provider', () => {
  const logLines: string[] = [];
  const logger = createLogger({ service: 'orders', level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
  let testCard: TestCardProvider;
  let server: http.Server;
  let base: string;
  let onEvent: jest.Mock<Promise<void>, [PaymentProviderCode, PaymentWebhookEvent]>;

  beforeAll(async () => {
    testCard = createTestCardProvider({ secret: SECRET, delayMs: 0, webhookUrl: () => undefined, logger });
    const enabled = new Map<string, PaymentProvider>([
      ['manual', createManualProvider()],
      ['test-card', testCard],
    ]);
    const app = express();
    mountPaymentWebhooks(app, { providers: { get: (code) => enabled.get(code) }, onEvent: (code, event) => onEvent(code, event), logger });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/payments`;
  });
  afterAll(async () => {
    await testCard.close();
    await new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  });
  beforeEach(() => {
    onEvent = jest.fn<Promise<void>, [PaymentProviderCode, PaymentWebhookEvent]>(async () => undefined);
  });

  const event = (fields: Record<string, unknown> = {}) => JSON.stringify({ id: 'evt_1', type: 'payment.authorized', providerRef: 'tc_1', ...fields });
  const post = (provider: string, body: string, signature: string | null = signTestCardWebhook(SECRET, body)) =>
    fetch(`${base}/${provider}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(signature ? { [TEST_CARD_SIGNATURE_HEADER]: signature } : {}) } });

  it('hands a correctly signed event to onEvent and answers 200 { received: true }', async () => {
    const res = await post('test-card', event());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    expect(onEvent).toHaveBeenCalledWith('test-card', { eventId: 'evt_1', providerRef: 'tc_1', kind: 'AUTHORIZED', reason: null });
  });

  it('answers 404 for an unknown or disabled provider', async () => {
    for (const provider of ['paypal', 'stripe']) {
      const res = await post(provider, event());
      expect(res.status).toBe(404);
    }
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('answers 401 without calling onEvent for a bad, missing or impossible signature', async () => {
    const body = event();
    const statuses = [
      (await post('test-card', body, signTestCardWebhook('another-secret-of-at-least-32-chars!!', body))).status,
      (await post('test-card', body, null)).status,
      (await post('manual', body)).status, // manual sends no webhooks
    ];
    expect(statuses).toEqual([401, 401, 401]);
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('answers 400 for a signed body that is no event, 200 without onEvent for an event type checkout ignores', async () => {
    expect((await post('test-card', '{"hello":"world"}')).status).toBe(400);
    expect((await post('test-card', event({ type: 'payment.refreshed' }))).status).toBe(200);
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('answers 500 when onEvent throws, so the provider delivers the event again', async () => {
    onEvent.mockRejectedValueOnce(new Error('database down'));
    expect((await post('test-card', event())).status).toBe(500);
    expect((await post('test-card', event())).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('answers 413 for a body over 256 kB, without calling onEvent', async () => {
    const res = await post('test-card', event({ padding: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('never logs bodies or signatures', async () => {
    const body = event({ providerRef: 'tc_secret_marker' });
    const signature = signTestCardWebhook(SECRET, body);
    await post('test-card', body, signature);
    await post('test-card', body, `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    const logs = logLines.join('\n');
    expect(logs).toContain('payment webhook received');
    expect(logs).not.toContain(signature.split('v1=')[1]);
    expect(logs).not.toContain('"type":"payment.authorized"');
  });
});
