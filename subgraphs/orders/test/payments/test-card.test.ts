import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testLogger, waitFor } from '@miw/testing';
import { WebhookPayloadError, WebhookSignatureError, type AuthorizeRequest } from '../../src/payments/provider';
import { createTestCardProvider, luhnValid, normalizeCardNumber, signTestCardWebhook, TEST_CARD_SIGNATURE_HEADER, type TestCardOptions, type TestCardProvider } from '../../src/payments/test-card';

const SECRET = 'test-card-secret-of-at-least-32-characters';

interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A local webhook receiver answering each delivery with the status `answer(n)` gives (n from 1). */
async function startReceiver(answer: (n: number) => number = () => 200) {
  const received: Delivery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer(received.length), { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/payments/test-card`;
  return { url, received, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

const request = (token: string | null, idempotencyKey = `key-${Math.random()}`): AuthorizeRequest => ({ paymentId: 'pay-1', orderId: 'order-1', amount: 1999, currency: 'EUR', token, idempotencyKey });

describe('test-card simulator', () => {
  const providers: TestCardProvider[] = [];
  const receivers: { close(): Promise<void> }[] = [];
  const provider = (options: Partial<TestCardOptions> & Pick<TestCardOptions, 'webhookUrl'>) => {
    const created = createTestCardProvider({ secret: SECRET, delayMs: 10, logger: testLogger('orders'), delivery: { baseMs: 20, maxMs: 50 }, ...options });
    providers.push(created);
    return created;
  };
  const receiver = async (answer?: (n: number) => number) => {
    const started = await startReceiver(answer);
    receivers.push(started);
    return started;
  };

  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.close()));
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  describe('card numbers', () => {
    it('accepts numbers with a valid Luhn checksum and refuses others', () => {
      expect(luhnValid('4242424242424242')).toBe(true);
      expect(luhnValid('4000000000000002')).toBe(true);
      expect(luhnValid('79927398713')).toBe(true);
      expect(luhnValid('4242424242424241')).toBe(false);
    });

    it('strips spaces and requires 12 to 19 digits', () => {
      expect(normalizeCardNumber('4242 4242 4242 4242')).toBe('4242424242424242');
      expect(normalizeCardNumber('79927398713')).toBeNull(); // valid Luhn, 11 digits
      expect(normalizeCardNumber('4242-4242-4242-4242')).toBeNull();
      expect(normalizeCardNumber(`${'0'.repeat(19)}0`)).toBeNull();
      expect(normalizeCardNumber(null)).toBeNull();
    });

    it('declines an invalid number at once, without any webhook', async () => {
      const { url, received } = await receiver();
      const cards = provider({ webhookUrl: () => url });
      await expect(cards.authorize(request('4242 4242 4242 4241'))).resolves.toEqual({ status: 'DECLINED', providerRef: null, reason: 'invalid card number' });
      await expect(cards.authorize(request(null))).resolves.toMatchObject({ status: 'DECLINED', reason: 'invalid card number' });
      await cards.close();
      expect(received).toHaveLength(0);
    });
  });

  describe('webhook signatures', () => {
    const cards = () => provider({ webhookUrl: () => undefined });
    const body = Buffer.from(JSON.stringify({ id: 'evt_1', type: 'payment.authorized', providerRef: 'tc_1', created: 1 }));

    it('reads a correctly signed event', () => {
      const event = cards().parseWebhook(body, { [TEST_CARD_SIGNATURE_HEADER]: signTestCardWebhook(SECRET, body) });
      expect(event).toEqual({ eventId: 'evt_1', providerRef: 'tc_1', kind: 'AUTHORIZED', reason: null });
    });

    it('refuses a tampered body, a wrong secret, a stale timestamp, a missing or malformed header', () => {
      const signature = signTestCardWebhook(SECRET, body);
      const tampered = Buffer.from(body.toString().replace('tc_1', 'tc_2'));
      const parse = (raw: Buffer, header: string | undefined) => () => cards().parseWebhook(raw, { [TEST_CARD_SIGNATURE_HEADER]: header });
      expect(parse(tampered, signature)).toThrow(WebhookSignatureError);
      expect(parse(body, signTestCardWebhook('another-secret-of-at-least-32-chars!!', body))).toThrow(WebhookSignatureError);
      expect(parse(body, signTestCardWebhook(SECRET, body, Math.floor(Date.now() / 1000) - 301))).toThrow(/tolerance/);
      expect(parse(body, signTestCardWebhook(SECRET, body, Math.floor(Date.now() / 1000) + 301))).toThrow(/tolerance/);
      expect(parse(body, undefined)).toThrow(/missing/);
      expect(parse(body, 'v1=abc')).toThrow(/malformed/);
      expect(parse(body, signature.replace(/v1=../, 'v1=zz'))).toThrow(WebhookSignatureError);
    });

    it('reads a signed body that is no event as a payload error, and an unknown type as IGNORED', () => {
      const notJson = Buffer.from('not json');
      expect(() => cards().parseWebhook(notJson, { [TEST_CARD_SIGNATURE_HEADER]: signTestCardWebhook(SECRET, notJson) })).toThrow(WebhookPayloadError);
      const other = Buffer.from(JSON.stringify({ id: 'evt_2', type: 'payment.refreshed', providerRef: 'tc_1' }));
      expect(cards().parseWebhook(other, { [TEST_CARD_SIGNATURE_HEADER]: signTestCardWebhook(SECRET, other) }).kind).toBe('IGNORED');
    });
  });

  describe('webhook delivery', () => {
    it('approves 4242 4242 4242 4242: PENDING, then a signed payment.authorized webhook', async () => {
      const { url, received } = await receiver();
      const cards = provider({ webhookUrl: () => url });
      const result = await cards.authorize(request('4242 4242 4242 4242'));
      expect(result).toEqual({ status: 'PENDING', providerRef: expect.stringMatching(/^tc_/) });
      const [delivery] = await waitFor(() => received.length === 1 && received, { what: 'the webhook' });
      expect(delivery!.headers['content-type']).toBe('application/json');
      expect(JSON.parse(delivery!.body.toString())).toMatchObject({ id: expect.stringMatching(/^evt_/), type: 'payment.authorized', providerRef: result.providerRef });
      expect(cards.parseWebhook(delivery!.body, delivery!.headers)).toEqual({ eventId: expect.stringMatching(/^evt_/), providerRef: result.providerRef, kind: 'AUTHORIZED', reason: null });
    });

    it('declines 4000 0000 0000 0002: PENDING, then payment.declined with the reason "card declined"', async () => {
      const { url, received } = await receiver();
      const cards = provider({ webhookUrl: () => url });
      const result = await cards.authorize(request('4000000000000002'));
      expect(result.status).toBe('PENDING');
      const [delivery] = await waitFor(() => received.length === 1 && received, { what: 'the webhook' });
      expect(cards.parseWebhook(delivery!.body, delivery!.headers)).toMatchObject({ providerRef: result.providerRef, kind: 'DECLINED', reason: 'card declined' });
    });

    it('retries a delivery until a 2xx, with the same event id each time', async () => {
      const { url, received } = await receiver((n) => (n < 3 ? 503 : 200));
      const cards = provider({ webhookUrl: () => url });
      await cards.authorize(request('4242424242424242'));
      await waitFor(() => received.length === 3, { what: 'three attempts' });
      const ids = received.map((d) => (JSON.parse(d.body.toString()) as { id: string }).id);
      expect(new Set(ids).size).toBe(1);
    });

    it('waits for the webhook URL to be known (the service listens after the provider exists)', async () => {
      const { url, received } = await receiver();
      const listening: { url?: string } = {};
      const cards = provider({ webhookUrl: () => listening.url });
      await cards.authorize(request('4242424242424242'));
      listening.url = url;
      await waitFor(() => received.length === 1, { what: 'the webhook once the URL is known' });
    });

    it('gives up after the configured number of attempts', async () => {
      const { url, received } = await receiver(() => 500);
      const cards = provider({ webhookUrl: () => url, delivery: { attempts: 3, baseMs: 5, maxMs: 10 } });
      await cards.authorize(request('4242424242424242'));
      await waitFor(() => received.length === 3, { what: 'three attempts' });
      await cards.close(); // nothing left pending
      expect(received).toHaveLength(3);
    });

    it('answers the same outcome for the same idempotency key, with one webhook', async () => {
      const { url, received } = await receiver();
      const cards = provider({ webhookUrl: () => url });
      const first = await cards.authorize(request('4242424242424242', 'same-key'));
      const second = await cards.authorize(request('4242424242424242', 'same-key'));
      expect(second).toEqual(first);
      await waitFor(() => received.length === 1, { what: 'the webhook' });
      await cards.close();
      expect(received).toHaveLength(1);
    });

    it('close() cancels deliveries not yet due and stops retrying ones, at once', async () => {
      const { url, received } = await receiver(() => 500);
      const later = provider({ webhookUrl: () => url, delayMs: 60_000 });
      await later.authorize(request('4242424242424242'));
      const retrying = provider({ webhookUrl: () => url, delivery: { baseMs: 30_000, maxMs: 30_000 } });
      await retrying.authorize(request('4242424242424242'));
      await waitFor(() => received.length === 1, { what: 'the first attempt' });
      const started = Date.now();
      await Promise.all([later.close(), retrying.close()]);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(received).toHaveLength(1);
      await expect(later.authorize(request('4242424242424242'))).rejects.toThrow(/closed/);
    });
  });

  it('captures, cancels and refunds (a re_ reference, the same one for the same key)', async () => {
    const cards = provider({ webhookUrl: () => undefined });
    await expect(cards.capture({ providerRef: 'tc_1', amount: 1999, currency: 'EUR', idempotencyKey: 'c1' })).resolves.toBeUndefined();
    await expect(cards.cancel({ providerRef: 'tc_2', idempotencyKey: 'v1' })).resolves.toBeUndefined();
    const refund = await cards.refund({ providerRef: 'tc_1', amount: 1999, currency: 'EUR', idempotencyKey: 'r1' });
    expect(refund.refundRef).toMatch(/^re_/);
    await expect(cards.refund({ providerRef: 'tc_1', amount: 1999, currency: 'EUR', idempotencyKey: 'r1' })).resolves.toEqual(refund);
  });
});
