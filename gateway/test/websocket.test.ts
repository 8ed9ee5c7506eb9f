/** graphql-ws on the gateway: authentication in connection_init, close codes, operations over the socket. */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type { RunningSubgraph } from '@miw/service-kit';
import * as auth from '@miw/subgraph-auth';
import { createApp as catalogApp } from '@miw/subgraph-catalog';
import { accessTokenFor, createTestDatabase, startTestSubgraph, storedApiKeyHash, testKeys, waitFor, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import { connect, open, run } from './support/ws';

describe('graphql-ws on the gateway', () => {
  let db: TestDatabase;
  let catalog: RunningSubgraph;
  let authSg: RunningSubgraph;
  let gateway: TestGateway;
  const owner: UserViewer = { kind: 'user', userId: randomUUID(), role: 'LOGISTICS', organizationId: randomUUID(), region: 'eu', scopes: [] };
  const apiKey = `miw_${'k'.repeat(40)}`;

  beforeAll(async () => {
    db = await createTestDatabase('websocket');
    const keys = await testKeys();
    catalog = await startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp: catalogApp });
    authSg = await startTestSubgraph({ domain: 'auth', databaseUrl: db.url, createApp: (deps) => auth.createApp({ ...deps, keys }) });
    gateway = await startTestGateway({ catalog: catalog.url, auth: authSg.url }, { wsInitTimeoutMs: 300 });
    await authSg.pool.query(`INSERT INTO auth.organization (id, name, kind, origin_region, updated_at) VALUES ($1, '3PL', 'LOGISTICS', 'eu', now())`, [owner.organizationId]);
    await authSg.pool.query(`INSERT INTO auth."user" (id, email, name, role, organization_id, home_region, origin_region, updated_at) VALUES ($1, 'ws@3pl.dev', 'WS', 'LOGISTICS', $2, 'eu', 'eu', now())`, [owner.userId, owner.organizationId]);
    await authSg.pool.query(`INSERT INTO auth.api_key (id, user_id, name, prefix, key_hash, scopes) VALUES (gen_random_uuid(), $1, 'ws', 'miw_kkkkkk', $2, '{read}')`, [owner.userId, storedApiKeyHash(apiKey)]);
  });
  afterAll(async () => {
    await gateway?.close();
    await catalog?.close();
    await authSg?.close();
    await db?.drop();
  });

  it('closes with 4403 on a bad credential in connection_init', async () => {
    for (const authorization of ['Bearer not.a.token', `ApiKey miw_${'z'.repeat(40)}`, 'Basic x']) {
      const socket = await connect(gateway.url, { authorization });
      expect((await socket.closed).code).toBe(4403);
    }
  });

  it('closes with 4408 when connection_init does not come in time', async () => {
    const socket = await open(gateway.url);
    expect((await socket.closed).code).toBe(4408);
  });

  it('closes with 1009 on an oversized message', async () => {
    const socket = await connect(gateway.url);
    await waitFor(() => socket.messages.some((m) => m.type === 'connection_ack'));
    socket.ws.send('x'.repeat(100 * 1024));
    expect((await socket.closed).code).toBe(1009);
  });

  it('runs queries for anonymous callers and applies the access rules of the signed-in ones', async () => {
    const anonymous = await connect(gateway.url);
    expect(await run(anonymous, `{ categories { id } }`)).toMatchObject({ type: 'next', payload: { data: { categories: [] } } });
    anonymous.ws.close();

    const partner = await connect(gateway.url, { authorization: `Bearer ${await accessTokenFor({ ...owner, role: 'PARTNER' })}` });
    const refused = (await run(partner, `mutation { createProduct(input: { sku: "WS-1", name: "x", price: { amount: 1, currency: "EUR" } }) { product { id } } }`)) as { payload: { errors: { extensions: { code: string } }[] } };
    expect(refused.payload.errors[0]!.extensions.code).toBe('FORBIDDEN');
    const subscription = (await run(partner, `subscription { anything }`)) as { type: string; payload: { extensions?: { code: string } }[] };
    expect(subscription.type).toBe('error');
    expect(subscription.payload[0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    partner.ws.close();
  });

  it('accepts an API key in connection_init', async () => {
    const machine = await connect(gateway.url, { authorization: `ApiKey ${apiKey}` });
    expect(await run(machine, `{ me { email role } }`)).toMatchObject({ type: 'next', payload: { data: { me: { email: 'ws@3pl.dev', role: 'LOGISTICS' } } } });
    machine.ws.close();
  });
});
