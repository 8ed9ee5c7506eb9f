/**
 * The SDK's live connection against a small real graphql-ws server: the API key in
 * connection_init, and streams that survive a dropped socket (reconnect with backoff, subscribe
 * again) or a server that completes them, and that end with UNAUTHENTICATED on a 4403 refusal.
 */
import { EventEmitter, on } from 'node:events';
import { type AddressInfo } from 'node:net';
import { type TypedDocumentNode } from '@graphql-typed-document-node/core';
import { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { createPartnerClient, type PartnerClient } from './client';
import { PartnerApiError } from './errors';
import { type PartnerStatus } from './status';

const TICKS = parse('subscription Ticks { ticks }') as TypedDocumentNode<{ ticks: number }, Record<string, never>>;

/** A graphql-ws server whose `ticks` subscription emits what `tick(n)` sends; `end()` completes every stream. */
async function startServer() {
  const bus = new EventEmitter();
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticks: {
          type: new GraphQLNonNull(GraphQLInt),
          subscribe: () => on(bus, 'tick', { close: ['end'] }),
          resolve: (args: unknown[]) => args[0],
        },
      },
    }),
  });
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const inits: unknown[] = [];
  let refuse = false;
  const server = useServer(
    {
      schema,
      onConnect: (ctx) => {
        inits.push(ctx.connectionParams);
        // Like the gateway: a refused credential closes the socket with 4403.
        return !refuse;
      },
    },
    wss,
  );
  return {
    url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql`,
    inits,
    subscribers: () => bus.listenerCount('tick'),
    tick: (n: number) => bus.emit('tick', n),
    end: () => bus.emit('end'),
    refuseFromNowOn: () => (refuse = true),
    /** Drops every socket without a close frame (a network failure: 1006 at the client). */
    drop: () => wss.clients.forEach((socket: WebSocket) => socket.terminate()),
    close: async () => {
      await server.dispose();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

async function until(probe: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('createPartnerClient live streams', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let client: PartnerClient | undefined;
  const statuses: PartnerStatus[] = [];
  const connect = () => (client = createPartnerClient({ endpoint: server.url, apiKey: 'miw_test_key', backoff: { baseMs: 20, maxMs: 100 }, onStatus: (s) => statuses.push(s) }));

  beforeEach(async () => {
    statuses.length = 0;
    server = await startServer();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.close();
  });

  it('sends the API key in connection_init and yields typed events', async () => {
    const events = connect().subscribe(TICKS, {});
    const first = events.next();
    await until(() => server.subscribers() === 1, 'the subscription');
    expect(server.inits).toEqual([{ authorization: 'ApiKey miw_test_key' }]);
    server.tick(1);
    expect(await first).toEqual({ done: false, value: { ticks: 1 } });
    expect(await events.return()).toEqual({ done: true, value: undefined });
    await until(() => server.subscribers() === 0, 'the unsubscription');
  });

  it('reconnects after a dropped socket and subscribes again', async () => {
    const events = connect().subscribe(TICKS, {});
    const first = events.next();
    await until(() => server.subscribers() === 1, 'the subscription');
    server.tick(1);
    expect((await first).value).toEqual({ ticks: 1 });

    server.drop();
    await until(() => statuses.some((s) => s.type === 'connected' && s.reconnected), 'the reconnection');
    await until(() => server.subscribers() === 1, 'the subscription again');
    server.tick(2);
    expect((await events.next()).value).toEqual({ ticks: 2 });

    expect(server.inits).toHaveLength(2);
    expect(statuses.map((s) => s.type)).toEqual(['connecting', 'connected', 'disconnected', 'retrying', 'connecting', 'connected']);
    expect(statuses[2]).toMatchObject({ type: 'disconnected', code: 1006 });
    expect(statuses[3]).toMatchObject({ type: 'retrying', attempt: 1 });
    expect((statuses[3] as { delayMs: number }).delayMs).toBeLessThan(20);
    await events.return();
  });

  it('subscribes again when the server completes a stream it still reads', async () => {
    const events = connect().subscribe(TICKS, {});
    await until(() => server.subscribers() === 1, 'the subscription');
    server.end();
    await until(() => statuses.some((s) => s.type === 'resubscribing'), 'the resubscription');
    await until(() => server.subscribers() === 1, 'the subscription again');
    server.tick(3);
    expect((await events.next()).value).toEqual({ ticks: 3 });
    expect(statuses.find((s) => s.type === 'resubscribing')).toMatchObject({ operation: 'Ticks', reason: 'the server completed the stream' });
  });

  it('ends the stream with UNAUTHENTICATED when the key is refused (4403), without retrying', async () => {
    server.refuseFromNowOn();
    const events = connect().subscribe(TICKS, {});
    const error = await events.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PartnerApiError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', closeCode: 4403 });
    expect(statuses.some((s) => s.type === 'retrying')).toBe(false);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });
});
