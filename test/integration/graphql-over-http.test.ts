/** The GraphQL over HTTP spec audits of the graphql-http package: zero errors on the gateway and every subgraph. */
import { auditServer } from 'graphql-http';
import type { RunningSubgraph } from '@miw/service-kit';
import * as auth from '@miw/subgraph-auth';
import * as catalog from '@miw/subgraph-catalog';
import * as inventory from '@miw/subgraph-inventory';
import * as notify from '@miw/subgraph-notify';
import * as orders from '@miw/subgraph-orders';
import { createTestDatabase, internalHeaders, startTestSubgraph, testKeys, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

describe('GraphQL over HTTP conformance (graphql-http serverAudits)', () => {
  let db: TestDatabase;
  let gateway: TestGateway;
  const subgraphs: Record<string, RunningSubgraph> = {};

  beforeAll(async () => {
    db = await createTestDatabase('audits');
    const keys = await testKeys();
    const apps = {
      auth: (deps: Parameters<typeof catalog.createApp>[0]) => auth.createApp({ ...deps, keys }),
      catalog: catalog.createApp,
      inventory: inventory.createApp,
      orders: orders.createApp,
      notify: notify.createApp,
    };
    for (const [domain, createApp] of Object.entries(apps)) subgraphs[domain] = await startTestSubgraph({ domain, databaseUrl: db.url, createApp: createApp as Parameters<typeof startTestSubgraph>[0]['createApp'] });
    gateway = await startTestGateway(Object.fromEntries(Object.entries(subgraphs).map(([k, s]) => [k, s.url])));
  });
  afterAll(async () => {
    await gateway?.close();
    for (const s of Object.values(subgraphs)) await s.close();
    await db?.drop();
  });

  const errorsOf = async (url: string, headers: Record<string, string>) => {
    const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers).entries()), ...headers } });
    const results = await auditServer({ url, fetchFn });
    return results.flatMap((r) => (r.status === 'error' ? [`${r.id} ${r.name}: ${r.reason}`] : []));
  };

  it('the gateway passes with zero errors', async () => {
    expect(await errorsOf(gateway.url, {})).toEqual([]);
  });

  it.each(['auth', 'catalog', 'inventory', 'orders', 'notify'])('the %s subgraph passes with zero errors (called as the gateway calls it)', async (name) => {
    expect(await errorsOf(subgraphs[name]!.url, await internalHeaders(null))).toEqual([]);
  });
});
