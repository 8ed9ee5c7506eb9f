import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type { RunningSubgraph } from '@miw/service-kit';
import * as auth from '@miw/subgraph-auth';
import { accessTokenFor, createTestDatabase, graphql, startTestSubgraph, testKeys, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

describe('API keys for machine clients, through the gateway', () => {
  let db: TestDatabase;
  let authSg: RunningSubgraph;
  const gateways: TestGateway[] = [];
  const partner: UserViewer = { kind: 'user', userId: randomUUID(), role: 'PARTNER', organizationId: randomUUID(), region: 'eu', scopes: [] };
  const newGateway = async () => {
    const g = await startTestGateway({ auth: authSg.url });
    gateways.push(g);
    return g;
  };
  const CREATE = `mutation($n: String!, $s: [String!]!) { createApiKey(input: { name: $n, scopes: $s }) { key apiKey { id prefix scopes } errors { code field } } }`;

  beforeAll(async () => {
    db = await createTestDatabase('apikeys');
    const keys = await testKeys();
    authSg = await startTestSubgraph({ domain: 'auth', databaseUrl: db.url, createApp: (deps) => auth.createApp({ ...deps, keys }) });
    await authSg.pool.query(`INSERT INTO auth.organization (id, name, kind, origin_region, updated_at) VALUES ($1, 'Partner', 'PARTNER', 'eu', now())`, [partner.organizationId]);
    await authSg.pool.query(`INSERT INTO auth."user" (id, email, name, role, organization_id, home_region, origin_region, updated_at) VALUES ($1, 'bot-owner@partner.dev', 'Owner', 'PARTNER', $2, 'eu', 'eu', now())`, [
      partner.userId,
      partner.organizationId,
    ]);
  });
  afterAll(async () => {
    for (const g of gateways) await g.close();
    await authSg?.close();
    await db?.drop();
  });

  it('creates a key shown once, which then acts as its owner within its scopes', async () => {
    const g = await newGateway();
    const asPartner = { authorization: `Bearer ${await accessTokenFor(partner)}` };
    const created = await graphql<{ createApiKey: { key: string; apiKey: { id: string; prefix: string; scopes: string[] } } }>(g.url, CREATE, { n: 'warehouse sync', s: ['read'] }, asPartner);
    const { key, apiKey } = created.data!.createApiKey;
    expect(key).toMatch(/^miw_/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(JSON.stringify((await authSg.pool.query(`SELECT * FROM auth.api_key`)).rows)).not.toContain(key);

    const withKey = { authorization: `ApiKey ${key}` };
    const me = await graphql<{ me: { email: string } }>(g.url, `{ me { email } }`, undefined, withKey);
    expect(me.data!.me.email).toBe('bot-owner@partner.dev');
    const write = await graphql(g.url, `mutation { logoutEverywhere { sessionsEnded } }`, undefined, withKey);
    expect(write.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', accessRule: 'scope' });
    const keyMakesKey = await graphql(g.url, CREATE, { n: 'x', s: ['read'] }, withKey);
    expect(keyMakesKey.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const writer = (await graphql<{ createApiKey: { key: string } }>(g.url, CREATE, { n: 'writer', s: ['read', 'write'] }, asPartner)).data!.createApiKey.key;
    const allowed = await graphql(g.url, `mutation { logoutEverywhere { sessionsEnded } }`, undefined, { authorization: `ApiKey ${writer}` });
    expect(allowed.errors).toBeUndefined();

    const listed = await graphql<{ myApiKeys: { id: string; lastUsedAt: string | null }[] }>(g.url, `{ myApiKeys { id name lastUsedAt revokedAt } }`, undefined, asPartner);
    expect(listed.data!.myApiKeys.find((k) => k.id === apiKey.id)!.lastUsedAt).toEqual(expect.any(String));
    expect(JSON.stringify(listed)).not.toContain(key);

    const revoked = await graphql<{ revokeApiKey: { apiKey: { revokedAt: string } } }>(g.url, `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } errors { code } } }`, { id: apiKey.id }, asPartner);
    expect(revoked.data!.revokeApiKey.apiKey.revokedAt).toEqual(expect.any(String));
    const fresh = await newGateway(); // a gateway without the 30-second cache sees the revocation at once
    const after = await graphql(fresh.url, `{ me { email } }`, undefined, withKey);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses bad keys, bad scopes, and other users revoking them', async () => {
    const g = await newGateway();
    for (const authorization of ['ApiKey nope', `ApiKey miw_${'A'.repeat(40)}`, 'ApiKey ']) {
      const res = await graphql(g.url, `{ me { email } }`, undefined, { authorization });
      expect({ authorization, status: res.status, code: res.errors?.[0]?.extensions?.code }).toEqual({ authorization, status: 401, code: 'UNAUTHENTICATED' });
    }
    const asPartner = { authorization: `Bearer ${await accessTokenFor(partner)}` };
    const badScope = await graphql<{ createApiKey: { errors: { field: string }[] } }>(g.url, CREATE, { n: 'x', s: ['admin'] }, asPartner);
    expect(badScope.data!.createApiKey.errors[0]!.field).toBe('input.scopes');
    const id = (await graphql<{ createApiKey: { apiKey: { id: string } } }>(g.url, CREATE, { n: 'mine', s: ['read'] }, asPartner)).data!.createApiKey.apiKey.id;
    const stranger = { authorization: `Bearer ${await accessTokenFor({ ...partner, userId: randomUUID() })}` };
    const res = await graphql<{ revokeApiKey: { errors: { code: string }[] } }>(g.url, `mutation($id: ID!) { revokeApiKey(id: $id) { errors { code } } }`, { id }, stranger);
    expect(res.data!.revokeApiKey.errors[0]!.code).toBe('NOT_FOUND');
  });

  it('answers the verification endpoint to the gateway only', async () => {
    const res = await fetch(authSg.url.replace('/graphql', '/internal/api-keys/verify'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: 'miw_x' }) });
    expect(res.status).toBe(401);
  });
});
