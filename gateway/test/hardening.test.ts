import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { UserViewer } from '@miw/auth';
import { loadSafelist, redisRateLimiter } from '@miw/gateway';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp as catalogApp } from '@miw/subgraph-catalog';
import { accessTokenFor, createTestDatabase, graphql, startTestSubgraph, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

const user = (): UserViewer => ({ kind: 'user', userId: randomUUID(), role: 'CUSTOMER', organizationId: null, region: 'eu', scopes: [] });
const bearer = async (v: UserViewer) => ({ authorization: `Bearer ${await accessTokenFor(v)}` });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const redisReachable = () =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(REDIS_URL);
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
  });

describe('edge hardening of the gateway', () => {
  let db: TestDatabase;
  let catalog: RunningSubgraph;
  let calls = 0;
  const gateways: TestGateway[] = [];
  const gatewayWith = async (options: Parameters<typeof startTestGateway>[1]) => {
    const g = await startTestGateway({ catalog: catalog.url }, options);
    gateways.push(g);
    return g;
  };

  beforeAll(async () => {
    db = await createTestDatabase('hardening');
    catalog = await startTestSubgraph({
      domain: 'catalog',
      databaseUrl: db.url,
      createApp: (deps) => {
        const app = catalogApp(deps);
        return { ...app, context: (info) => ((calls += 1), app.context(info)) };
      },
    });
  });
  afterAll(async () => {
    for (const g of gateways) await g.close();
    await catalog?.close();
    await db?.drop();
  });

  it('rejects deep, aliased, directive-heavy, long and costly operations before executing anything', async () => {
    const g = await gatewayWith({ limits: { maxCost: 200 } });
    const nested = (n: number) => `{ products { edges { node { category { ${'parent { '.repeat(n)}name${' }'.repeat(n)} } } } } }`;
    const attacks: Record<string, string> = {
      depth: nested(10),
      aliases: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: categories { id }`).join(' ')} }`,
      directives: `{ categories { id ${'@include(if: true) '.repeat(11)} } }`,
      tokens: `{ categories { ${'id '.repeat(2100)} } }`,
      cost: `{ products(first: 100) { edges { node { id sku name description status price { amount currency } manufacturer { id name country } category { id name slug parent { id name slug parent { id name } } } } } } }`,
    };
    const before = calls;
    for (const [name, query] of Object.entries(attacks)) {
      const res = await graphql(g.url, query);
      const code = name === 'tokens' ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
      expect({ name, status: res.status, code: res.errors?.[0]?.extensions?.code }).toEqual({ name, status: 400, code });
    }
    expect(calls).toBe(before);
    const fine = await graphql(g.url, nested(2));
    expect(fine.errors).toBeUndefined();
  });

  it('rate limits per client address with 429, RATE_LIMITED and Retry-After', async () => {
    const g = await gatewayWith({ limits: { perIp: 5, windowSeconds: 60 } });
    for (let i = 0; i < 5; i++) expect((await graphql(g.url, `{ __typename }`)).status).toBe(200);
    const limited = await graphql(g.url, `{ __typename }`);
    expect(limited.status).toBe(429);
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('does not let clients pick their address with X-Forwarded-For unless a proxy is trusted', async () => {
    const g = await gatewayWith({ limits: { perIp: 3, windowSeconds: 60 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await graphql(g.url, `{ __typename }`, undefined, { 'x-forwarded-for': `203.0.113.${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const behindProxy = await gatewayWith({ limits: { perIp: 3, windowSeconds: 60 }, trustProxy: 'loopback' });
    for (let i = 0; i < 4; i++) expect((await graphql(behindProxy.url, `{ __typename }`, undefined, { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(200);
  });

  it('rate limits per identity independently of other users', async () => {
    const g = await gatewayWith({ limits: { perIp: 1000, perIdentity: 3, windowSeconds: 60 } });
    const alice = await bearer(user());
    const bob = await bearer(user());
    for (let i = 0; i < 3; i++) expect((await graphql(g.url, `{ __typename }`, undefined, alice)).status).toBe(200);
    expect((await graphql(g.url, `{ __typename }`, undefined, alice)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await graphql(g.url, `{ __typename }`, undefined, bob)).status).toBe(200);
  });

  it('shares counts between gateway instances through Redis', async () => {
    if (!(await redisReachable())) {
      process.stderr.write(`skipping the Redis rate-limit test: no Redis at ${REDIS_URL}\n`);
      return;
    }
    const prefix = `miw:test:${randomUUID()}:`;
    const a = await gatewayWith({ limits: { perIp: 4 }, rateLimiter: redisRateLimiter(REDIS_URL, prefix) });
    const b = await gatewayWith({ limits: { perIp: 4 }, rateLimiter: redisRateLimiter(REDIS_URL, prefix) });
    const statuses = [];
    for (const g of [a, b, a, b, a, b]) statuses.push((await graphql(g.url, `{ __typename }`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('keeps CSRF prevention on: a simple GET request is refused', async () => {
    const g = await gatewayWith({});
    const res = await fetch(`${g.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
  });

  it('in production: no introspection, no Sandbox, no suggestions, no stack traces', async () => {
    const g = await gatewayWith({ production: true });
    const introspection = await graphql(g.url, `{ __schema { types { name } } }`);
    expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await graphql(g.url, `{ produts { totalCount } }`);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const landing = await fetch(g.url, { headers: { accept: 'text/html' } });
    expect(await landing.text()).not.toMatch(/sandbox/i);
    // The auth subgraph is not running: the failure reaches the client masked, without internals.
    const failing = await graphql(g.url, `{ me { id } }`);
    const error = failing.errors?.[0];
    expect(error?.extensions?.code).toBeDefined();
    expect(error?.extensions?.stacktrace).toBeUndefined();
    expect(JSON.stringify(failing)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|\/work\//);
  });
});

describe('persisted queries and safelist mode', () => {
  let db: TestDatabase;
  let catalog: RunningSubgraph;
  const gateways: TestGateway[] = [];
  const QUERY = `query Categories { categories { id name } }`;
  const hash = createHash('sha256').update(QUERY).digest('hex');
  const post = (url: string, body: object) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    db = await createTestDatabase('safelist');
    catalog = await startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp: catalogApp });
  });
  afterAll(async () => {
    for (const g of gateways) await g.close();
    await catalog?.close();
    await db?.drop();
  });

  it('supports automatic persisted queries', async () => {
    const g = await startTestGateway({ catalog: catalog.url });
    gateways.push(g);
    const apq = { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } };
    const miss = (await (await post(g.url, apq)).json()) as { errors: { extensions: { code: string } }[] };
    expect(miss.errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(g.url, { ...apq, query: QUERY })).status).toBe(200);
    const hit = (await (await post(g.url, apq)).json()) as { data: { categories: unknown[] } };
    expect(hit.data.categories).toEqual([]);
  });

  it('runs only safelisted operations in safelist mode, by text or by hash', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'miw-safelist-'));
    const file = path.join(dir, 'safelist.json');
    writeFileSync(file, JSON.stringify({ operations: [{ id: hash, name: 'Categories', body: QUERY }] }));
    const g = await startTestGateway({ catalog: catalog.url }, { safelist: loadSafelist(file) });
    gateways.push(g);
    expect((await post(g.url, { query: QUERY })).status).toBe(200);
    expect((await post(g.url, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } })).status).toBe(200);
    const other = await post(g.url, { query: `{ products { totalCount } }` });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('FORBIDDEN');
    expect((await post(g.url, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } })).status).toBe(403);
    writeFileSync(file, JSON.stringify({ operations: [{ id: 'f'.repeat(64), body: QUERY }] }));
    expect(() => loadSafelist(file)).toThrow(/not the SHA-256/);
  });
});
