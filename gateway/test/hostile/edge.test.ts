/**
 * The hostile-client probe of issue 15 against a production gateway, over HTTP and graphql-ws:
 * every probe must be refused the same way on both transports, with a precise code, the right
 * HTTP status, nothing leaked, and nothing reaching a subgraph.
 */
import { createHash, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { UserViewer } from '@miw/auth';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp as catalogApp } from '@miw/subgraph-catalog';
import { accessTokenFor, createTestDatabase, startTestSubgraph, waitFor, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from '@miw/gateway/testing';
import { WsCloseCode } from '../../src/subscriptions/close-codes';
import { acked, connect, type Socket } from '../support/ws';

interface GqlError {
  message: string;
  extensions?: { code?: string; reason?: string; stacktrace?: unknown; http?: unknown };
}
interface Answer {
  status: number;
  errors: GqlError[];
  data?: unknown;
}

const user = (): UserViewer => ({ kind: 'user', userId: randomUUID(), role: 'CUSTOMER', organizationId: null, region: 'eu', scopes: [] });
/** A JSON text of `levels` nested arrays. */
const deep = (levels: number) => `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;
const deepObject = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};
/** A string literal holding `char` as a GraphQL escape: the parsed value carries the character. */
const escaped = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

describe('hostile clients against the production gateway (HTTP and graphql-ws)', () => {
  let db: TestDatabase;
  let catalog: RunningSubgraph;
  let calls = 0;
  const gateways: TestGateway[] = [];
  const sockets: Socket[] = [];
  const gatewayWith = async (options: TestGatewayOptions = {}) => {
    const g = await startTestGateway({ catalog: catalog.url }, { production: true, ...options });
    gateways.push(g);
    return g;
  };
  let g: TestGateway;

  /** POSTs a raw GraphQL request body. */
  const post = async (url: string, body: object, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const json = (await res.json()) as { errors?: GqlError[]; data?: unknown };
    return { status: res.status, errors: json.errors ?? [], data: json.data };
  };
  const socketOf = async (url: string, payload: Record<string, unknown> = {}) => {
    const socket = await connect(url, payload);
    sockets.push(socket);
    await acked(socket);
    return socket;
  };
  /** POSTs a body given as text (a 50,000-deep value is past JSON.stringify's own recursion). */
  const postText = async (url: string, text: string): Promise<Answer> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    const json = (await res.json()) as { errors?: GqlError[]; data?: unknown };
    return { status: res.status, errors: json.errors ?? [], data: json.data };
  };
  /** Sends one subscribe message; its `error` payload, or the errors of its first `next`. */
  const overSocket = async (socket: Socket, payload: Record<string, unknown> | string): Promise<{ type: string; errors: GqlError[]; data?: unknown }> => {
    const id = randomUUID();
    socket.ws.send(`{"type":"subscribe","id":"${id}","payload":${typeof payload === 'string' ? payload : JSON.stringify(payload)}}`);
    const message = await waitFor(() => socket.messages.find((m) => m.id === id && (m.type === 'next' || m.type === 'error')), { what: `result of ${id}` });
    if (message.type === 'error') return { type: 'error', errors: message.payload as GqlError[] };
    const { errors, data } = message.payload as { errors?: GqlError[]; data?: unknown };
    return { type: 'next', errors: errors ?? [], data };
  };
  /** The same request over HTTP and over a socket. */
  const both = async (body: { query: string; variables?: unknown; operationName?: string }) => {
    const socket = await socketOf(g.url);
    const results = { http: await post(g.url, body), ws: await overSocket(socket, body) };
    socket.ws.close();
    return results;
  };
  /** 0 once the socket is acknowledged, else its close code (no polling left behind). */
  const outcome = (socket: Socket) =>
    new Promise<number>((resolve) => {
      if (socket.messages.some((m) => m.type === 'connection_ack')) return resolve(0);
      socket.ws.on('message', (data) => (JSON.parse(String(data)) as { type: string }).type === 'connection_ack' && resolve(0));
      void socket.closed.then((c) => resolve(c.code));
    });
  const codes = (errors: GqlError[]) => errors.map((e) => e.extensions?.code);
  const leaks = (errors: GqlError[]) => JSON.stringify(errors).match(/Did you mean|stacktrace|127\.0\.0\.1|\/work\/|ECONNREFUSED|"http"/);

  beforeAll(async () => {
    db = await createTestDatabase('hostile');
    catalog = await startTestSubgraph({
      domain: 'catalog',
      databaseUrl: db.url,
      createApp: (deps) => {
        const app = catalogApp(deps);
        return { ...app, context: (info) => ((calls += 1), app.context(info)) };
      },
    });
    g = await gatewayWith();
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    for (const gw of gateways) await gw.close();
    await catalog?.close();
    await db?.drop();
  });

  describe('1. one pipeline for both transports', () => {
    it('masks field suggestions on graphql-ws as on HTTP (queries and subscriptions)', async () => {
      const query = await both({ query: `{ produts { totalCount } }` });
      const subscription = await both({ query: `subscription { inventoryLevelChangd(storeId: "s") { onHand } }` });
      for (const answer of [query.http, query.ws, subscription.http, subscription.ws]) {
        expect(codes(answer.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
        expect(leaks(answer.errors)).toBeNull();
      }
      expect(query.http.status).toBe(400);
    });

    it('counts operations sent over a socket in the per-address budget of HTTP requests', async () => {
      const limited = await gatewayWith({ limits: { perIp: 4, windowSeconds: 60 } });
      const socket = await socketOf(limited.url);
      expect((await post(limited.url, { query: '{ __typename }' })).status).toBe(200);
      expect((await overSocket(socket, { query: '{ __typename }' })).errors).toEqual([]);
      expect((await post(limited.url, { query: '{ __typename }' })).status).toBe(200);
      expect((await overSocket(socket, { query: '{ __typename }' })).errors).toEqual([]);
      const overHttp = await post(limited.url, { query: '{ __typename }' });
      expect([overHttp.status, codes(overHttp.errors)]).toEqual([429, ['RATE_LIMITED']]);
      const overWs = await overSocket(socket, { query: '{ __typename }' });
      expect(codes(overWs.errors)).toEqual(['RATE_LIMITED']);
      expect(leaks(overWs.errors)).toBeNull();
    });

    it('sees the client address of a socket as HTTP requests do behind a trusted proxy (X-Forwarded-For)', async () => {
      const limited = await gatewayWith({ limits: { perIp: 2, windowSeconds: 60 }, trustProxy: 'loopback' });
      const forwarded = { 'x-forwarded-for': '203.0.113.7' };
      const ws = new WebSocket(limited.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: forwarded });
      const socket: Socket = { ws, messages: [], closed: new Promise((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() }))) };
      ws.on('message', (data) => socket.messages.push(JSON.parse(String(data)) as Socket['messages'][number]));
      sockets.push(socket);
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      await acked(socket);
      expect((await overSocket(socket, { query: '{ __typename }' })).errors).toEqual([]);
      expect((await post(limited.url, { query: '{ __typename }' }, forwarded)).status).toBe(200);
      expect((await post(limited.url, { query: '{ __typename }' }, forwarded)).status).toBe(429);
      expect(codes((await overSocket(socket, { query: '{ __typename }' })).errors)).toEqual(['RATE_LIMITED']);
      expect((await post(limited.url, { query: '{ __typename }' }, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
    });

    it('counts operations sent over a socket in the per-user budget of HTTP requests', async () => {
      const limited = await gatewayWith({ limits: { perIp: 1000, perIdentity: 3, windowSeconds: 60 } });
      const authorization = `Bearer ${await accessTokenFor(user())}`;
      const socket = await socketOf(limited.url, { authorization });
      expect((await post(limited.url, { query: '{ __typename }' }, { authorization })).status).toBe(200);
      expect((await overSocket(socket, { query: '{ __typename }' })).errors).toEqual([]);
      expect((await overSocket(socket, { query: '{ __typename }' })).errors).toEqual([]);
      expect((await post(limited.url, { query: '{ __typename }' }, { authorization })).status).toBe(429);
      expect(codes((await overSocket(socket, { query: '{ __typename }' })).errors)).toEqual(['RATE_LIMITED']);
      // Another user is not affected.
      expect((await post(limited.url, { query: '{ __typename }' }, { authorization: `Bearer ${await accessTokenFor(user())}` })).status).toBe(200);
    });

    it('caps sockets per user (4430), per address (4430) and new sockets per address a second (4431)', async () => {
      const perUser = await gatewayWith({ wsLimits: { maxSocketsPerIdentity: 2 } });
      const authorization = `Bearer ${await accessTokenFor(user())}`;
      const first = await socketOf(perUser.url, { authorization });
      await socketOf(perUser.url, { authorization });
      const third = await connect(perUser.url, { authorization });
      sockets.push(third);
      expect((await third.closed).code).toBe(WsCloseCode.TooManySockets);
      // Another user, and anonymous sockets, are not affected; a closed socket frees its place.
      await socketOf(perUser.url, { authorization: `Bearer ${await accessTokenFor(user())}` });
      first.ws.close();
      await first.closed;
      await waitFor(async () => {
        const again = await connect(perUser.url, { authorization });
        sockets.push(again);
        return (await outcome(again)) === 0;
      }, { what: 'a place freed' });

      const perAddress = await gatewayWith({ wsLimits: { maxSocketsPerAddress: 3 } });
      for (let i = 0; i < 3; i++) await socketOf(perAddress.url);
      const fourth = await connect(perAddress.url);
      sockets.push(fourth);
      expect((await fourth.closed).code).toBe(WsCloseCode.TooManySockets);

      const rate = await gatewayWith({ wsLimits: { maxConnectsPerAddressPerSecond: 3 } });
      const burst = await Promise.all(Array.from({ length: 5 }, () => connect(rate.url)));
      sockets.push(...burst);
      const closedCodes = await Promise.all(burst.map(outcome));
      expect(closedCodes.filter((c) => c === WsCloseCode.ConnectingTooFast)).toHaveLength(2);
    });
  });

  describe('2. limits that let work through', () => {
    it('counts every alias, __typename included', async () => {
      const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ')} }`;
      for (const n of [16, 101]) {
        const { http, ws } = await both({ query: aliases(n) });
        expect([http.status, codes(http.errors)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
        expect(codes(ws.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      }
      expect((await both({ query: aliases(15) })).http.status).toBe(200);
    });

    it('caps field selections: 500 copies of one field do not run', async () => {
      const before = calls;
      const { http, ws } = await both({ query: `{ categories { ${'id '.repeat(500)} } }` });
      expect([http.status, codes(http.errors)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
      expect(codes(ws.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      // Fragments spread many times count each time.
      const fragments = await both({ query: `{ categories { ...F ${'...F '.repeat(99)} } } fragment F on Category { id name slug }` });
      expect(codes(fragments.http.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(calls).toBe(before);
    });

    it('answers one error per kind: 10 or 100 unknown directives give the same few errors', async () => {
      const directives = (n: number) => `{ __typename ${Array.from({ length: n }, (_, i) => `@d${i}`).join(' ')} }`;
      for (const n of [10, 100]) {
        const { http, ws } = await both({ query: directives(n) });
        for (const errors of [http.errors, ws.errors]) {
          expect(errors.length).toBeLessThanOrEqual(3);
          expect(errors.filter((e) => /Unknown directive/.test(e.message))).toHaveLength(1);
          expect(leaks(errors)).toBeNull();
        }
        expect(http.status).toBe(400);
      }
    });
  });

  describe('3. client mistakes are 4xx with a precise code', () => {
    it('an unknown operationName, several operations without operationName: 400 OPERATION_RESOLUTION_FAILURE', async () => {
      const cases: [{ query: string; operationName?: string }, string][] = [
        [{ query: 'query A { __typename }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
        [{ query: '{ __typename }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
        [{ query: 'query A { __typename } query B { __typename }' }, 'OPERATION_RESOLUTION_FAILURE'],
        // Several anonymous operations are an invalid document (graphql-js's LoneAnonymousOperationRule).
        [{ query: '{ __typename } { categories { id } }' }, 'GRAPHQL_VALIDATION_FAILED'],
      ];
      for (const [body, code] of cases) {
        const { http, ws } = await both(body);
        expect({ body, status: http.status, http: codes(http.errors), ws: codes(ws.errors) }).toEqual({ body, status: 400, http: [code], ws: [code] });
        expect(leaks([...http.errors, ...ws.errors])).toBeNull();
      }
    });

    it('a persisted-query hash that is not the query text: 400 BAD_REQUEST', async () => {
      const query = '{ __typename }';
      const answer = await post(g.url, { query, extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('other').digest('hex') } } });
      expect(answer.status).toBe(400);
      expect(answer.errors[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'PERSISTED_QUERY_HASH_MISMATCH' });
    });

    it('refuses control characters in string literals and variables (NUL included) before any subgraph sees them', async () => {
      const before = calls;
      for (const char of ['\u0000', '\u0001', '\u001b', '\u007f']) {
        const literal = await both({ query: `{ category(slug: "a${escaped(char)}b") { id } }` });
        const blockOrVariable = await both({ query: 'query($s: String) { category(slug: $s) { id } }', variables: { s: `a${char}b` } });
        for (const { http, ws } of [literal, blockOrVariable]) {
          expect([http.status, codes(http.errors)]).toEqual([400, ['BAD_USER_INPUT']]);
          expect(codes(ws.errors)).toEqual(['BAD_USER_INPUT']);
          expect(http.errors[0]?.extensions?.reason).toBe('CONTROL_CHARACTER');
        }
      }
      // In an input object nested in variables, and in a subscription's variables.
      const nested = await both({ query: 'query($f: ProductFilter) { products(filter: $f) { totalCount } }', variables: { f: { search: 'x\u0000' } } });
      expect(codes(nested.http.errors)).toEqual(['BAD_USER_INPUT']);
      expect(codes(nested.ws.errors)).toEqual(['BAD_USER_INPUT']);
      expect(calls).toBe(before);
      // Tab, newline and carriage return are text.
      const fine = await both({ query: 'query($s: String) { category(slug: $s) { id } }', variables: { s: 'a\tb\nc\r' } });
      expect([fine.http.status, fine.http.errors, fine.ws.errors]).toEqual([200, [], []]);
    });

    it('bounds the depth of variables (JSONObject inputs included) without overflowing the stack', async () => {
      const query = JSON.stringify('query($s: String) { category(slug: $s) { id } }');
      const httpDeep = await postText(g.url, `{"query":${query},"variables":{"s":${deep(50_000)}}}`);
      expect([httpDeep.status, codes(httpDeep.errors), httpDeep.errors[0]?.extensions?.reason]).toEqual([400, ['BAD_USER_INPUT'], 'VARIABLES_TOO_DEEP']);
      // A socket message is at most 64 KiB: 30,000 levels fit.
      const socket = await socketOf(g.url);
      const wsDeep = await overSocket(socket, `{"query":${query},"variables":{"s":${deep(30_000)}}}`);
      expect(codes(wsDeep.errors)).toEqual(['BAD_USER_INPUT']);
      const mutation = 'mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id } } }';
      const jsonObject = await both({ query: mutation, variables: { input: { sku: 'D-1', name: 'd', price: { amount: 1, currency: 'EUR' }, attributes: deepObject(40) } } });
      expect(codes(jsonObject.http.errors)).toEqual(['BAD_USER_INPUT']);
      expect(codes(jsonObject.ws.errors)).toEqual(['BAD_USER_INPUT']);
      const inline = await both({ query: `mutation { createProduct(input: { sku: "D-2", name: "d", price: { amount: 1, currency: "EUR" }, attributes: ${'{ a: '.repeat(40)}1${' }'.repeat(40)} }) { product { id } } }` });
      expect(codes(inline.http.errors)).toEqual(['BAD_USER_INPUT']);
      expect(codes(inline.ws.errors)).toEqual(['BAD_USER_INPUT']);
      // The gateway still answers.
      expect((await post(g.url, { query: '{ __typename }' })).status).toBe(200);
    });
  });
});
