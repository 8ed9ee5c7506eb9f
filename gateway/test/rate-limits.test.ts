/**
 * Rate limits that fit the users, through the gateway: API keys in their own minute and hour
 * buckets (their own limits from auth, or the defaults), per-role budgets of signed-in users,
 * RateLimit-Policy / RateLimit headers on every answer, graphql-ws operations counted in the same
 * buckets, and counters shared by two gateways through PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type { Role, UserViewer } from '@miw/auth';
import { postgresRateLimiter } from '@miw/gateway';
import type { RunningSubgraph } from '@miw/service-kit';
import * as auth from '@miw/subgraph-auth';
import { accessTokenFor, createTestDatabase, graphql, startTestSubgraph, testKeys, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import { connect, run, type Socket } from './support/ws';

const PING = `{ __typename }`;
const CREATE = `mutation($n: String!, $r: ApiKeyRateLimitInput) {
  createApiKey(input: { name: $n, scopes: ["read"], rateLimit: $r }) { key apiKey { id rateLimit { perMinute perHour } } errors { code field } }
}`;
const SET = `mutation($id: ID!, $r: ApiKeyRateLimitInput!) {
  setApiKeyRateLimit(input: { id: $id, rateLimit: $r }) { apiKey { rateLimit { perMinute perHour } } errors { code field } }
}`;

type WsError = { message: string; extensions?: Record<string, unknown> };
type Created = { createApiKey: { key: string | null; apiKey: { id: string; rateLimit: { perMinute: number | null; perHour: number | null } } | null } };

const viewer = (role: Role, organizationId: string | null = null): UserViewer => ({ kind: 'user', userId: randomUUID(), role, organizationId, region: 'eu', scopes: [] });
const bearer = async (v: UserViewer) => ({ authorization: `Bearer ${await accessTokenFor(v)}` });
const codeOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

describe('rate limits per API key, per role, in headers, over graphql-ws, shared through PostgreSQL', () => {
  let db: TestDatabase;
  let authSg: RunningSubgraph;
  const gateways: TestGateway[] = [];
  const sockets: Socket[] = [];
  const partner = viewer('PARTNER', randomUUID());
  const gatewayWith = async (options: Parameters<typeof startTestGateway>[1]) => {
    const g = await startTestGateway({ auth: authSg.url }, options);
    gateways.push(g);
    return g;
  };
  const createKey = async (url: string, rateLimit?: { perMinute?: number; perHour?: number }) => {
    const res = await graphql<Created>(url, CREATE, { n: `key ${randomUUID()}`, r: rateLimit ?? null }, await bearer(partner));
    expect(res.errors).toBeUndefined();
    const { key, apiKey } = res.data!.createApiKey;
    return { id: apiKey!.id, rateLimit: apiKey!.rateLimit, headers: { authorization: `ApiKey ${key!}` } };
  };

  beforeAll(async () => {
    db = await createTestDatabase('ratelimits');
    const keys = await testKeys();
    authSg = await startTestSubgraph({ domain: 'auth', databaseUrl: db.url, createApp: (deps) => auth.createApp({ ...deps, keys }) });
    await authSg.pool.query(`INSERT INTO auth.organization (id, name, kind, origin_region, updated_at) VALUES ($1, 'Partner', 'PARTNER', 'eu', now())`, [partner.organizationId]);
    await authSg.pool.query(`INSERT INTO auth."user" (id, email, name, role, organization_id, home_region, origin_region, updated_at) VALUES ($1, 'limits@partner.dev', 'Owner', 'PARTNER', $2, 'eu', 'eu', now())`, [
      partner.userId,
      partner.organizationId,
    ]);
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    for (const g of gateways) await g.close();
    await authSg?.close();
    await db?.drop();
  });

  it('counts an API key in its own buckets by key id: its own limit, or 100 a minute and 10,000 an hour', async () => {
    const g = await gatewayWith({});
    const slow = await createKey(g.url, { perMinute: 3 });
    expect(slow.rateLimit).toEqual({ perMinute: 3, perHour: null });
    const standard = await createKey(g.url);

    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await graphql(g.url, PING, undefined, slow.headers));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers[0]!.headers.get('ratelimit-policy')).toBe('"address";q=6000;w=60, "key-minute";q=3;w=60, "key-hour";q=10000;w=3600');
    expect(answers[0]!.headers.get('ratelimit')).toMatch(/^"key-minute";r=2;t=(60|59)$/);
    const refused = answers[3]!;
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit')).toBe(`"key-minute";r=0;t=${retryAfter}`);
    expect(refused.headers.get('ratelimit-policy')).toContain('"key-minute";q=3;w=60');

    // Another key of the same owner, and the owner signed in: their own buckets, untouched.
    const other = await graphql(g.url, PING, undefined, standard.headers);
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-policy')).toBe('"address";q=6000;w=60, "key-minute";q=100;w=60, "key-hour";q=10000;w=3600');
    expect(other.headers.get('ratelimit')).toMatch(/^"key-minute";r=99;t=\d+$/);
    const owner = await graphql(g.url, PING, undefined, await bearer(partner));
    expect(owner.status).toBe(200);
    expect(owner.headers.get('ratelimit-policy')).toBe('"address";q=6000;w=60, "user";q=600;w=60');
  });

  it('lets owners lower their keys and only admins raise them, within bounds (BAD_USER_INPUT beyond)', async () => {
    const g = await gatewayWith({});
    const asPartner = await bearer(partner);
    const zero = await graphql(g.url, CREATE, { n: 'zero', r: { perMinute: 0 } }, asPartner);
    expect(zero.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rateLimit.perMinute' });
    const huge = await graphql(g.url, CREATE, { n: 'huge', r: { perHour: 10_000_001 } }, asPartner);
    expect(huge.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rateLimit.perHour' });
    expect(codeOf(await graphql(g.url, CREATE, { n: 'raise', r: { perMinute: 500 } }, asPartner))).toBe('FORBIDDEN');

    const key = await createKey(g.url, { perMinute: 2 });
    expect(codeOf(await graphql(g.url, SET, { id: key.id, r: { perMinute: 1000 } }, asPartner))).toBe('FORBIDDEN');
    const stranger = await graphql<{ setApiKeyRateLimit: { errors: { code: string }[] } }>(g.url, SET, { id: key.id, r: { perMinute: 1 } }, await bearer(viewer('PARTNER', randomUUID())));
    expect(stranger.data!.setApiKeyRateLimit.errors[0]!.code).toBe('NOT_FOUND');
    const raised = await graphql<{ setApiKeyRateLimit: { apiKey: { rateLimit: unknown } } }>(g.url, SET, { id: key.id, r: { perMinute: 5000, perHour: null } }, await bearer(viewer('ADMIN')));
    expect(raised.errors).toBeUndefined();
    expect(raised.data!.setApiKeyRateLimit.apiKey.rateLimit).toEqual({ perMinute: 5000, perHour: null });
    const { rows } = await authSg.pool.query(`SELECT action FROM auth.audit_log WHERE target_id = $1 ORDER BY at, action`, [key.id]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['api_key.create', 'api_key.set_rate_limit']);

    // A gateway that has not cached the key yet applies the new limit at once.
    const fresh = await gatewayWith({});
    const res = await graphql(fresh.url, PING, undefined, key.headers);
    expect(res.headers.get('ratelimit-policy')).toContain('"key-minute";q=5000;w=60');
  });

  it('gives each role its budget: an admin is not throttled where a shopper is', async () => {
    const g = await gatewayWith({ limits: { perRole: { CUSTOMER: 2, ADMIN: 5 } } });
    const shopper = await bearer(viewer('CUSTOMER'));
    const admin = await bearer(viewer('ADMIN'));
    const first = await graphql(g.url, PING, undefined, shopper);
    expect(first.headers.get('ratelimit-policy')).toBe('"address";q=6000;w=60, "user";q=2;w=60');
    expect(first.headers.get('ratelimit')).toMatch(/^"user";r=1;t=(60|59)$/);
    expect((await graphql(g.url, PING, undefined, shopper)).status).toBe(200);
    const third = await graphql(g.url, PING, undefined, shopper);
    expect([third.status, codeOf(third)]).toEqual([429, 'RATE_LIMITED']);
    expect(third.headers.get('ratelimit')).toBe(`"user";r=0;t=${third.headers.get('retry-after')}`);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await graphql(g.url, PING, undefined, admin)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    // Anonymous requests: the address policy only, and the headers are readable by browsers.
    const anonymous = await fetch(g.url, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' }, body: JSON.stringify({ query: PING }) });
    expect(anonymous.headers.get('ratelimit-policy')).toBe('"address";q=6000;w=60');
    expect(anonymous.headers.get('access-control-expose-headers')).toMatch(/ratelimit,ratelimit-policy/);
  });

  it('counts graphql-ws operations in the same user and API key buckets as HTTP requests', async () => {
    const g = await gatewayWith({ limits: { perRole: { CUSTOMER: 3 } } });
    const shopper = await bearer(viewer('CUSTOMER'));
    for (let i = 0; i < 2; i++) expect((await graphql(g.url, PING, undefined, shopper)).status).toBe(200);
    const socket = await connect(g.url, shopper);
    sockets.push(socket);
    expect((await run(socket, PING)).payload).toEqual({ data: { __typename: 'Query' } });
    // A refused operation is an `error` message: its payload is the list of errors.
    const refused = await run(socket, PING);
    expect(refused.type).toBe('error');
    expect((refused.payload as WsError[])[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect((await graphql(g.url, PING, undefined, shopper)).status).toBe(429);

    const key = await createKey(g.url, { perMinute: 2 });
    const keySocket = await connect(g.url, key.headers);
    sockets.push(keySocket);
    expect((await run(keySocket, PING)).payload).toEqual({ data: { __typename: 'Query' } });
    expect((await graphql(g.url, PING, undefined, key.headers)).status).toBe(200);
    expect(((await run(keySocket, PING)).payload as WsError[])[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  });

  it('shares counters between two gateways through PostgreSQL', async () => {
    // Generous: a loaded test machine must not send counts to the in-memory fallback.
    const store = { timeoutMs: 30_000 };
    const a = await gatewayWith({ limits: { perIp: 4 }, rateLimiter: postgresRateLimiter(db.url, store) });
    const b = await gatewayWith({ limits: { perIp: 4 }, rateLimiter: postgresRateLimiter(db.url, store) });
    const answers = [];
    for (const g of [a, b, a, b, a, b]) answers.push(await graphql(g.url, PING));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 429, 429]);
    expect(answers.map((r) => r.headers.get('ratelimit')?.replace(/;t=\d+$/, ''))).toEqual(['"address";r=3', '"address";r=2', '"address";r=1', '"address";r=0', '"address";r=0', '"address";r=0']);
    const { rows } = await authSg.pool.query(`SELECT key, hits FROM gateway.gateway_rate_limits WHERE key LIKE '60s:ip:%'`);
    expect(rows.map((r: { hits: number }) => r.hits)).toEqual([6]);
  });
});
