/**
 * Orders' reservations client against a real inventory subgraph (real PostgreSQL and Kafka): the
 * typed answers of reserve, sell, release and the reconciler's list; 409 as a typed conflict;
 * retries on transient failures (a lost answer reserves once); no retry on a refusal; timeouts.
 * Transient failures come from a small HTTP proxy in front of inventory.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-inventory';
import { upsertStoreFact } from '@miw/subgraph-inventory/projection';
import { seedInventory } from '@miw/subgraph-inventory/seed';
import { createTestDatabase, readTestInfra, startTestSubgraph, testLogger, testTopicPrefix, type TestDatabase } from '@miw/testing';
import { createReservationsClient, ReservationsHttpError, type ReservationsClient } from '../src/clients/reservations';

/** What a test server does with one request: answer it, or never answer. */
type Reply = { status: number; body: string } | 'hang';

interface TestServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

/** An HTTP server answering each request with `reply(nth request, method, path, headers, body)`. */
async function startServer(reply: (n: number, req: http.IncomingMessage, body: string) => Promise<Reply> | Reply): Promise<TestServer> {
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const answer = await reply((state.requests += 1), req, Buffer.concat(chunks).toString('utf8'));
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('reservations client (orders -> inventory, real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let inventory: RunningSubgraph;
  let inventoryUrl: string;
  let client: ReservationsClient;
  const servers: TestServer[] = [];
  const store = randomUUID();

  const clientOf = (baseUrl: string, options: { timeoutMs?: number; retries?: number; internalSecret?: string } = {}) =>
    createReservationsClient({ baseUrl, internalSecret: options.internalSecret ?? readTestInfra().internalSecret, logger: testLogger('orders'), ...options });

  /** A proxy in front of inventory: `intercept` answers first (e.g. a 504 after forwarding), else inventory's answer passes through. */
  async function proxy(intercept: (n: number, forwarded: { status: number; body: string }) => Reply | null, forwardFirst = true): Promise<TestServer> {
    const server = await startServer(async (n, req, body) => {
      const headers: Record<string, string> = {};
      for (const name of ['x-miw-internal', 'content-type']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const forward = async () => {
        const res = await fetch(`${inventoryUrl}${req.url}`, {
          method: req.method!,
          headers,
          ...(req.method === 'POST' && body ? { body } : {}),
        });
        return { status: res.status, body: await res.text() };
      };
      if (!forwardFirst) return intercept(n, { status: 0, body: '' }) ?? forward();
      const forwarded = await forward();
      return intercept(n, forwarded) ?? forwarded;
    });
    servers.push(server);
    return server;
  }

  async function stocked(onHand: number): Promise<string> {
    const productId = randomUUID();
    await seedInventory(inventory.pool, { levels: [{ id: randomUUID(), storeId: store, productId, onHand }] });
    return productId;
  }

  const reservedOf = async (productId: string) =>
    (await inventory.pool.query<{ reserved: number }>(`SELECT reserved FROM inventory.inventory_level WHERE store_id = $1 AND product_id = $2`, [store, productId])).rows[0]!.reserved;
  const reservedMovements = async (productId: string) =>
    Number(
      (
        await inventory.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM inventory.inventory_movement m JOIN inventory.inventory_level l ON l.id = m.level_id WHERE l.product_id = $1 AND m.reason = 'RESERVED'`,
          [productId],
        )
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    db = await createTestDatabase('resclient');
    inventory = await startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp, topicPrefix: testTopicPrefix('resclient') });
    inventoryUrl = `http://127.0.0.1:${inventory.port}`;
    client = clientOf(inventoryUrl);
    const pg = await inventory.pool.connect();
    try {
      await upsertStoreFact(pg, { id: store, region: 'eu', partnerOrganizationId: randomUUID(), deletedAt: null, updatedAt: new Date().toISOString() });
    } finally {
      pg.release();
    }
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await inventory?.close();
    await db?.drop();
  });

  const reserveRequest = (productId: string, quantity: number, reservationId: string = randomUUID()) => ({ reservationId, storeId: store, lines: [{ productId, quantity }], correlationId: `checkout-${reservationId}` });

  it('answers reserve, sell, release and list with the typed contract, and a 409 as a typed conflict', async () => {
    const tea = await stocked(5);
    const short = await client.reserve(reserveRequest(tea, 6));
    expect(short).toEqual({ outcome: 'OUT_OF_STOCK', shortages: [{ productId: tea, requested: 6, available: 5 }] });

    const first = reserveRequest(tea, 2);
    const reserved = await client.reserve(first);
    expect(reserved).toMatchObject({ outcome: 'RESERVED', reservation: { id: first.reservationId, storeId: store, status: 'ACTIVE', lines: [{ productId: tea, quantity: 2 }] } });
    expect(await reservedOf(tea)).toBe(2);

    const active = await client.listActive({ createdBefore: new Date(Date.now() + 60_000), limit: 10 });
    expect(active.reservations.map((r) => r.id)).toContain(first.reservationId);

    const sold = await client.sell(first.reservationId, 'pay-1');
    expect(sold).toMatchObject({ conflict: false, reservation: { id: first.reservationId, status: 'SOLD' } });
    expect(await client.sell(first.reservationId, 'pay-1')).toEqual(sold);
    const refused = await client.release(first.reservationId, 'too late', 'pay-1');
    expect(refused).toMatchObject({ conflict: true, error: expect.stringContaining('SOLD'), reservation: { status: 'SOLD' } });

    const second = reserveRequest(tea, 1);
    await client.reserve(second);
    expect(await client.release(second.reservationId, 'payment declined', 'pay-2')).toMatchObject({ conflict: false, reservation: { status: 'RELEASED' } });
    expect(await client.sell(second.reservationId, 'pay-2')).toMatchObject({ conflict: true, reservation: { status: 'RELEASED' } });
    expect(await reservedOf(tea)).toBe(0);

    // A release that overtakes its reserve leaves a tombstone: the reserve then holds nothing.
    const overtaken = reserveRequest(tea, 1);
    expect(await client.release(overtaken.reservationId, 'reconciled', 'rec-1')).toMatchObject({ conflict: false, reservation: { storeId: null, status: 'RELEASED', lines: [] } });
    expect(await client.reserve(overtaken)).toMatchObject({ outcome: 'CLOSED' });
    expect(await reservedOf(tea)).toBe(0);
  });

  it('retries a reserve whose answer was lost (504 after inventory reserved): the same id reserves once', async () => {
    const tea = await stocked(3);
    const lossy = await proxy((n) => (n === 1 ? { status: 504, body: '{"error":"gateway timeout"}' } : null));
    const request = reserveRequest(tea, 2);
    const answer = await clientOf(lossy.url).reserve(request);
    expect(answer).toMatchObject({ outcome: 'RESERVED', reservation: { id: request.reservationId } });
    expect(lossy.requests).toBe(2);
    expect(await reservedOf(tea)).toBe(2);
    expect(await reservedMovements(tea)).toBe(1);
  });

  it('retries while inventory is briefly unavailable (503, 502), then answers', async () => {
    const tea = await stocked(1);
    const flaky = await proxy((n) => (n <= 2 ? { status: n === 1 ? 503 : 502, body: '{"error":"unavailable"}' } : null), false);
    const request = reserveRequest(tea, 1);
    expect(await clientOf(flaky.url).reserve(request)).toMatchObject({ outcome: 'RESERVED' });
    expect(flaky.requests).toBe(3);
    expect(await reservedMovements(tea)).toBe(1);
  });

  it('throws a refusal at once with its status and body (no retry): unknown store, wrong secret', async () => {
    const tea = await stocked(1);
    const counting = await proxy(() => null);
    const unknownStore = clientOf(counting.url).reserve({ ...reserveRequest(tea, 1), storeId: randomUUID() });
    await expect(unknownStore).rejects.toBeInstanceOf(ReservationsHttpError);
    await expect(unknownStore).rejects.toMatchObject({ status: 404, body: expect.stringContaining('no store') });
    expect(counting.requests).toBe(1);

    const wrongSecret = clientOf(inventoryUrl, { internalSecret: 'another-secret-of-at-least-32-chars' }).sell(randomUUID(), 'c');
    await expect(wrongSecret).rejects.toMatchObject({ status: 401 });
    expect(await reservedOf(tea)).toBe(0);
  });

  it('gives up after its retries on a hung or unreachable inventory, and on an answer outside the contract', async () => {
    const hung = await startServer(() => 'hang');
    servers.push(hung);
    await expect(clientOf(hung.url, { timeoutMs: 200, retries: 1 }).sell(randomUUID(), 'c')).rejects.toMatchObject({ name: 'NetworkError', message: 'no answer within 200 ms' });
    expect(hung.requests).toBe(2);

    const closed = await startServer(() => ({ status: 200, body: '{}' }));
    await closed.close();
    await expect(clientOf(closed.url, { retries: 1 }).listActive({ createdBefore: new Date(), limit: 1 })).rejects.toMatchObject({ name: 'NetworkError' });

    const odd = await startServer(() => ({ status: 200, body: '{"outcome":"MAYBE"}' }));
    servers.push(odd);
    await expect(clientOf(odd.url).reserve(reserveRequest(randomUUID(), 1))).rejects.toMatchObject({ status: 200, message: expect.stringContaining('contract') });
    expect(odd.requests).toBe(1);
  });
});
