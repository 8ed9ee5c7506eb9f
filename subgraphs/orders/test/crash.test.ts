/**
 * A checkout whose process is killed between reserving and creating its order. The orders
 * service runs as its own process (as `npm start` runs it) and reaches inventory through a relay
 * in this test; the relay lets the reservation through, and when inventory's answer (RESERVED,
 * committed) comes back, the test SIGKILLs the orders process before it can write the order.
 * A fresh orders instance then finds what the dead one left: its reconciler releases the stock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import * as inventory from '@miw/subgraph-inventory';
import { createApp } from '@miw/subgraph-orders';
import { RESERVATION_ROUTES } from '@miw/contracts';
import type { RunningSubgraph } from '@miw/service-kit';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import { REPO_ROOT } from '@miw/local-infra';
import { catalogMessage, createTestDatabase, gatewayCaller, readTestInfra, startTestSubgraph, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { randomUUID } from 'node:crypto';
import { ADD, CHECKOUT, viewer } from './market';

jest.setTimeout(180_000);

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Forwards every request to `target`; the first reserve answer is held and reported instead of relayed. */
function startRelay(target: string, onReserved: (body: string) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (req.method === 'POST' && req.url === RESERVATION_ROUTES.collection) {
          onReserved(body); // held: the orders process dies before it gets the answer
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
      });
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    }),
  );
}

describe('a checkout killed between reserving and creating its order', () => {
  let db: TestDatabase;
  let inv: RunningSubgraph;
  let gateway: TestGateway | undefined;
  let orders: ChildProcess | undefined;
  let survivor: RunningSubgraph | undefined;
  let relay: Awaited<ReturnType<typeof startRelay>> | undefined;

  afterAll(async () => {
    orders?.kill('SIGKILL');
    await gateway?.close();
    await survivor?.close();
    await relay?.close();
    await inv?.close();
    await db?.drop();
  });

  it('leaves a reservation that the reconciler of another instance releases', async () => {
    db = await createTestDatabase('crash');
    const prefix = testTopicPrefix('crash');
    inv = await startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp: inventory.createApp, topicPrefix: prefix });
    const store = randomUUID();
    const tea = randomUUID();
    const now = new Date().toISOString();
    const producer = inv.bus.producer();
    await producer.send([catalogMessage('Store', { id: store, region: 'eu', updatedAt: now }, prefix), catalogMessage('Product', { id: tea, priceAmount: 900, updatedAt: now }, prefix)]);
    await producer.disconnect();
    await inv.pool.query(`INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, low_stock_threshold, updated_at) VALUES (gen_random_uuid(), $1, $2, 5, 0, 0, now())`, [store, tea]);
    let reservation = '';
    const reserved = new Promise<void>((resolve) => {
      void startRelay(new URL(inv.url).origin, (body) => {
        reservation = body;
        resolve();
      }).then((r) => (relay = r));
    });
    await waitFor(() => relay);

    // The orders service in its own process, exactly as main.ts runs it.
    const { internalSecret, kafkaBrokers, secrets } = readTestInfra();
    const port = await freePort();
    orders = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'subgraphs/orders/src/main.ts')], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        REGION: 'eu',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        KAFKA_BROKERS: kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        INTERNAL_TOKEN_SECRET: internalSecret,
        INVENTORY_URL: relay!.url,
        TEST_CARD_WEBHOOK_SECRET: secrets.TEST_CARD_WEBHOOK_SECRET,
      },
      stdio: 'ignore',
    });
    const ordersUrl = `http://127.0.0.1:${port}/graphql`;
    await waitFor(async () => (await fetch(ordersUrl.replace('/graphql', '/readyz')).catch(() => undefined))?.status === 200, { timeoutMs: 90_000, intervalMs: 250, what: 'the orders process to be ready' });
    await waitFor(async () => (await inv.pool.query(`SELECT 1 FROM orders.catalog_product WHERE id = $1`, [tea])).rowCount === 1, { timeoutMs: 45_000, what: 'the catalog projection of orders' });
    gateway = await startTestGateway({ inventory: inv.url, orders: ordersUrl });
    const call = gatewayCaller(() => gateway!.url);

    const shopper = viewer('CUSTOMER');
    const added = await call(shopper, ADD, { input: { storeId: store, productId: tea, quantity: 3 } });
    const cartId = added.data!.addToCart.cart.id as string;
    const checkout = call(shopper, CHECKOUT, { input: { cartId, idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } } });
    await reserved;
    orders.kill('SIGKILL');
    const answer = await checkout;
    expect(answer.errors?.[0]?.extensions?.code).toBeDefined(); // the gateway reports the dead subgraph
    expect(JSON.parse(reservation)).toMatchObject({ outcome: 'RESERVED' });

    // What the dead process left: stock held for an order that does not exist, and its claim.
    const level = async () => (await inv.pool.query<{ reserved: number }>(`SELECT reserved FROM inventory.inventory_level WHERE product_id = $1`, [tea])).rows[0]!.reserved;
    expect(await level()).toBe(3);
    expect((await inv.pool.query(`SELECT state FROM orders.checkout WHERE cart_id = $1`, [cartId])).rows).toEqual([{ state: 'STARTED' }]);
    expect((await inv.pool.query(`SELECT 1 FROM orders."order"`)).rowCount).toBe(0);

    // Another orders instance: its reconciler abandons the claim and releases the reservation.
    survivor = await startTestSubgraph({ domain: 'orders', databaseUrl: db.url, createApp, topicPrefix: prefix, env: { INVENTORY_URL: new URL(inv.url).origin, RESERVATION_GRACE_MS: '500', RECONCILE_INTERVAL_MS: '200' } });
    await waitFor(async () => (await level()) === 0, { timeoutMs: 20_000, what: 'the reconciler to release the dead checkout\'s reservation' });
    expect((await inv.pool.query(`SELECT state FROM orders.checkout WHERE cart_id = $1`, [cartId])).rows).toEqual([{ state: 'ABANDONED' }]);
    const movements = await inv.pool.query<{ reason: string; delta: number }>(`SELECT m.reason::text AS reason, m.delta FROM inventory.inventory_movement m ORDER BY m.created_at, m.id`);
    expect(movements.rows).toEqual([{ reason: 'RESERVED', delta: 3 }, { reason: 'RELEASED', delta: -3 }]);
  });
});
