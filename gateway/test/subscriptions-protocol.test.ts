/**
 * The gateway's graphql-ws protocol hygiene, driven with raw protocol messages: every close code
 * of docs/subscriptions.md (4400, 4401, 4403, 4408, 4409, 4413, 4429, 1009), keep-alive, and a
 * clean shutdown that completes every subscription before closing the sockets.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type { RunningSubgraph } from '@miw/service-kit';
import { accessTokenFor, waitFor } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import { WsCloseCode } from '../src/subscriptions/close-codes';
import { commitLevelChange } from './support/inventory-events';
import { startStack, type Stack } from './support/stack';
import { acked, connect, nexts, open, subscribe, type Socket } from './support/ws';

const admin: UserViewer = { kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] };
const BIG = 512 * 1024;

describe('graphql-ws protocol of the gateway (close codes, limits, shutdown)', () => {
  let stack: Stack;
  let catalog: RunningSubgraph;
  let inventory: RunningSubgraph;
  let gateway: TestGateway;
  const sockets: Socket[] = [];
  const store = randomUUID();
  const product = randomUUID();
  const query = (fields = 'onHand') => `subscription($s: ID!) { inventoryLevelChanged(storeId: $s) { ${fields} } }`;
  const signedIn = async () => {
    const socket = await connect(gateway.url, { authorization: `Bearer ${await accessTokenFor(admin)}` });
    sockets.push(socket);
    await acked(socket);
    return socket;
  };
  const change = (delta = 1) => commitLevelChange(inventory.pool, { storeId: store, productId: product, delta, organizationIds: [] });
  /** Commits until `socket` received a first event for `id` (the upstream subscription starts asynchronously). */
  const live = (socket: Socket, id: string) => waitFor(async () => nexts(socket, id).length > 0 || (await change(0), false), { what: 'a live stream', intervalMs: 300 });

  beforeAll(async () => {
    stack = await startStack('subsproto', { gateway: { wsInitTimeoutMs: 300, wsLimits: { maxOperations: 3, maxSubscribesPerMinute: 8, maxBufferedBytes: 256 * 1024 }, subscriptionQueue: 4 } });
    ({ catalog } = stack);
    inventory = stack.inventories[0]!;
    gateway = stack.gateways[0]!;
    await catalog.pool.query(`INSERT INTO catalog.product (id, sku, name, description, price_amount, currency, status, origin_region, updated_at) VALUES ($1, 'BIG-1', 'Big', $2, 100, 'EUR', 'ACTIVE', 'eu', now())`, [product, 'd'.repeat(BIG)]);
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    await stack?.close();
  });

  it('4400 on a malformed message', async () => {
    const socket = await signedIn();
    socket.ws.send(JSON.stringify({ type: 'subscribe', payload: { query: '{ __typename }' } })); // no id
    expect((await socket.closed).code).toBe(WsCloseCode.BadRequest);
  });

  it('4401 on a subscribe before connection_init', async () => {
    const socket = await open(gateway.url);
    sockets.push(socket);
    socket.ws.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: query(), variables: { s: store } } }));
    expect((await socket.closed).code).toBe(WsCloseCode.Unauthorized);
  });

  it('4403 on a bad credential in connection_init', async () => {
    const socket = await connect(gateway.url, { authorization: 'Bearer not.a.token' });
    expect((await socket.closed).code).toBe(WsCloseCode.Forbidden);
  });

  it('4408 when connection_init does not come in time', async () => {
    const socket = await open(gateway.url);
    expect((await socket.closed).code).toBe(WsCloseCode.ConnectionInitialisationTimeout);
  });

  it('4409 when a subscribe reuses the id of a running subscription', async () => {
    const socket = await signedIn();
    await subscribe(socket, query(), { s: store }, 'same');
    await subscribe(socket, query(), { s: store }, 'same');
    expect((await socket.closed).code).toBe(WsCloseCode.SubscriberAlreadyExists);
  });

  it('4429 past the cap of operations on one socket', async () => {
    const socket = await signedIn();
    for (let i = 0; i < 4; i++) await subscribe(socket, query(), { s: store });
    expect((await socket.closed).code).toBe(WsCloseCode.TooManySubscriptions);
  });

  it('4429 past the rate of subscribe messages on one socket', async () => {
    const socket = await signedIn();
    // Short operations (each completes at once): only the rate counts, not the concurrency.
    for (let i = 0; i < 9; i++) await subscribe(socket, `{ __typename }`);
    expect((await socket.closed).code).toBe(WsCloseCode.TooManySubscriptions);
  });

  it('applies the safelist to operations over the socket', async () => {
    const listed = query('available');
    const own = await startTestGateway({ catalog: catalog.url, inventory: inventory.url }, { safelist: new Map([[createHash('sha256').update(listed).digest('hex'), listed]]) });
    try {
      const socket = await connect(own.url, { authorization: `Bearer ${await accessTokenFor(admin)}` });
      sockets.push(socket);
      const refused = await subscribe(socket, query('onHand'), { s: store });
      await waitFor(() => socket.messages.some((m) => m.id === refused && m.type === 'error'), { what: 'the refusal' });
      expect(socket.messages.find((m) => m.id === refused)!.payload).toMatchObject([{ extensions: { code: 'FORBIDDEN', reason: 'OPERATION_NOT_SAFELISTED' } }]);
      const allowed = await subscribe(socket, listed, { s: store });
      await live(socket, allowed);
    } finally {
      await own.close();
    }
  });

  it('1009 on a message over the size limit', async () => {
    const socket = await signedIn();
    socket.ws.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: `{ __typename }`, variables: { pad: 'x'.repeat(100 * 1024) } } }));
    expect((await socket.closed).code).toBe(WsCloseCode.MessageTooBig);
  });

  it('pings clients (keep-alive) and answers protocol pings', async () => {
    const own = await startTestGateway({ catalog: catalog.url }, { wsLimits: { pingIntervalMs: 300 } });
    try {
      const socket = await connect(own.url, { authorization: `Bearer ${await accessTokenFor(admin)}` });
      sockets.push(socket);
      await acked(socket);
      const pings: Buffer[] = [];
      socket.ws.on('ping', (data) => pings.push(data));
      await waitFor(() => pings.length > 1, { what: 'keep-alive pings' });
      socket.ws.send(JSON.stringify({ type: 'ping' }));
      await waitFor(() => socket.messages.some((m) => m.type === 'pong'), { what: 'a pong' });
    } finally {
      await own.close();
    }
  });

  it('4413 for a client that stops reading: bounded buffers instead of growing memory', async () => {
    const fields = 'onHand product { description }'; // about 512 KiB per event
    // A reading subscriber of the same operation and viewer shares the upstream subscription: when
    // it has an event, the gateway has handed that event to the slow socket too.
    const reader = await signedIn();
    const readerId = await subscribe(reader, query(fields), { s: store });
    await live(reader, readerId);
    const slow = await signedIn();
    const slowIds: string[] = [];
    for (let i = 0; i < 3; i++) slowIds.push(await subscribe(slow, query(fields), { s: store }));
    for (const id of slowIds) await live(slow, id);
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const before = nexts(reader, readerId).length;
    for (let i = 0; i < 40; i++) await change(1);
    // 20 MiB to plan, fetch and send: seconds here, far longer on a busy machine (no time target).
    await waitFor(() => nexts(reader, readerId).length >= before + 40, { what: 'every event at the reader', timeoutMs: 180_000 });
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closed).code).toBe(WsCloseCode.SlowConsumer);
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
  }, 240_000);

  it('completes every subscription, then closes the sockets, when the gateway shuts down', async () => {
    const own = await startTestGateway({ catalog: catalog.url, inventory: inventory.url });
    const socket = await connect(own.url, { authorization: `Bearer ${await accessTokenFor(admin)}` });
    sockets.push(socket);
    const ids = [await subscribe(socket, query(), { s: store }), await subscribe(socket, query('available'), { s: store })];
    await live(socket, ids[0]!);
    await live(socket, ids[1]!);
    await own.close();
    expect((await socket.closed).code).toBe(WsCloseCode.GoingAway);
    expect(socket.messages.filter((m) => m.type === 'complete').map((m) => m.id).sort()).toEqual([...ids].sort());
  });
});
