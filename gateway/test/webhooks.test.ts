import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphql } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

/**
 * The proxy as createGateway mounts it: routed to the configured orders URL, and outside the
 * GraphQL limits (a gateway allowing one GraphQL request per address still relays webhooks).
 * The proxy's own behaviour is unit-tested in gateway/src/webhooks.test.ts.
 */
describe('payment webhooks through the gateway', () => {
  const seen: { path: string; signature: string | undefined; body: string }[] = [];
  let orders: http.Server;
  let gateway: TestGateway;

  beforeAll(async () => {
    orders = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', signature: typeof req.headers['stripe-signature'] === 'string' ? req.headers['stripe-signature'] : undefined, body: Buffer.concat(chunks).toString() });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      });
    });
    await new Promise<void>((resolve) => orders.listen(0, '127.0.0.1', resolve));
    gateway = await startTestGateway({ orders: `http://127.0.0.1:${(orders.address() as AddressInfo).port}/graphql` }, { limits: { perIp: 1 } });
  });
  afterAll(async () => {
    await gateway?.close();
    await new Promise<void>((resolve) => (orders.closeAllConnections(), orders.close(() => resolve())));
  });

  it('relays webhooks to the orders service, unaffected by the GraphQL rate limit', async () => {
    await graphql(gateway.url, '{ __typename }');
    expect((await graphql(gateway.url, '{ __typename }')).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const webhooks = gateway.url.replace(/\/graphql$/, '/webhooks/payments/stripe');
    for (let i = 0; i < 3; i++) {
      const res = await fetch(webhooks, { method: 'POST', body: `{"n":${i}}`, headers: { 'content-type': 'application/json', 'stripe-signature': `t=1,v1=${i}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true });
    }
    expect(seen).toEqual([0, 1, 2].map((i) => ({ path: '/webhooks/payments/stripe', signature: `t=1,v1=${i}`, body: `{"n":${i}}` })));
  });
});
