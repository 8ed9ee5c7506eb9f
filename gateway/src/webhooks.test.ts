import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger } from '@miw/logging';
import { memoryRateLimiter } from './rate-limit';
import { mountWebhookProxy, type WebhookProxyOptions } from './webhooks';

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A tiny stand-in for the orders service: records requests, answers what `reply` says. */
async function startUpstream(reply: (seen: Seen) => { status: number; body: string }) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(request);
      const { status, body } = reply(request);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, seen, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

/** A bare express app with only the proxy, listening on a free port. */
async function startProxy(options: Partial<WebhookProxyOptions> & Pick<WebhookProxyOptions, 'ordersUrl'>) {
  const app = express();
  mountWebhookProxy(app, { logger: createLogger({ service: 'gateway', level: 'silent' }), ...options });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/payments`;
  return { base, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

describe('gateway webhook proxy', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  const setUp = async (reply: (seen: Seen) => { status: number; body: string } = () => ({ status: 200, body: '{"received":true}' }), options: Partial<WebhookProxyOptions> = {}) => {
    const upstream = await startUpstream(reply);
    const proxy = await startProxy({ ordersUrl: upstream.url, ...options });
    closers.push(upstream.close, proxy.close);
    return { upstream, proxy };
  };

  it('relays the exact body and only the signature headers to <orders origin>/webhooks/payments/:provider', async () => {
    const { upstream, proxy } = await setUp();
    const body = '{"id":"evt_1","type":"payment_intent.succeeded", "spacing":  "kept"}';
    const res = await fetch(`${proxy.base}/stripe`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': 't=1,v1=abc', 'x-test-card-signature': 't=2,v1=def', authorization: 'Bearer secret', cookie: 'session=1', 'x-other': 'no' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    const [seen] = upstream.seen;
    expect(seen!.path).toBe('/webhooks/payments/stripe');
    expect(seen!.body.toString()).toBe(body);
    expect(seen!.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'stripe-signature': 't=1,v1=abc', 'x-test-card-signature': 't=2,v1=def' });
    expect(seen!.headers).not.toHaveProperty('authorization');
    expect(seen!.headers).not.toHaveProperty('cookie');
    expect(seen!.headers).not.toHaveProperty('x-other');
  });

  it('answers with the orders service\'s status and JSON (a refused signature stays a 401)', async () => {
    const { proxy } = await setUp(() => ({ status: 401, body: '{"error":"invalid signature"}' }));
    const res = await fetch(`${proxy.base}/test-card`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid signature' });
  });

  it('answers 404 for a provider name that cannot exist, without calling orders', async () => {
    const { upstream, proxy } = await setUp();
    for (const name of ['Stripe', '1stripe', 'a'.repeat(33), 'stripe_x', '..%2Fgraphql']) {
      const res = await fetch(`${proxy.base}/${name}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(404);
    }
    expect(upstream.seen).toHaveLength(0);
  });

  it('answers 413 for a body over 256 kB, without calling orders', async () => {
    const { upstream, proxy } = await setUp();
    const res = await fetch(`${proxy.base}/stripe`, { method: 'POST', body: 'x'.repeat(300 * 1024), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(upstream.seen).toHaveLength(0);
  });

  it('answers 502 when the orders service cannot be reached', async () => {
    const proxy = await startProxy({ ordersUrl: 'http://127.0.0.1:9/graphql' });
    closers.push(proxy.close);
    const res = await fetch(`${proxy.base}/stripe`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(502);
  });

  it('limits requests per client address with its own counter (429 with Retry-After)', async () => {
    const { upstream, proxy } = await setUp(undefined, { limiter: memoryRateLimiter(), perIp: 2, windowSeconds: 60 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${proxy.base}/stripe`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      statuses.push(res.status);
      retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(upstream.seen).toHaveLength(2);
  });
});
