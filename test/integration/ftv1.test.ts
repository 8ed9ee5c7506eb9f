/**
 * Federated inline traces (ftv1): a subgraph answers them when the gateway's fetch asks
 * (`apollo-federation-include-trace: ftv1`), and nobody else gets one: a caller without the
 * gateway's internal token is refused outright, and the gateway never passes them on to clients.
 */
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-catalog';
import { createTestDatabase, graphql, internalHeaders, startTestSubgraph, type TestDatabase } from '@miw/testing';

const ASK = { 'apollo-federation-include-trace': 'ftv1' };

describe('federated inline traces', () => {
  let db: TestDatabase;
  let catalog: RunningSubgraph;
  let gateway: TestGateway;
  beforeAll(async () => {
    db = await createTestDatabase('ftv1');
    catalog = await startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp });
    gateway = await startTestGateway({ catalog: catalog.url });
  });
  afterAll(async () => {
    await gateway?.close();
    await catalog?.close();
    await db?.drop();
  });

  it('are answered to the gateway when it asks, and only then', async () => {
    const asked = await graphql(catalog.url, '{ categories { id } }', {}, { ...(await internalHeaders(null)), ...ASK });
    expect(asked.errors).toBeUndefined();
    expect(typeof (asked.extensions as { ftv1?: unknown } | undefined)?.ftv1).toBe('string');
    const plain = await graphql(catalog.url, '{ categories { id } }', {}, await internalHeaders(null));
    expect(plain.extensions?.ftv1).toBeUndefined();
  });

  it('are never given to anyone else: no internal token is refused, and the gateway keeps them to itself', async () => {
    const outsider = await graphql(catalog.url, '{ categories { id } }', {}, { 'x-miw-internal': '', ...ASK });
    expect(outsider.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(outsider.extensions?.ftv1).toBeUndefined();
    const client = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...ASK }, body: JSON.stringify({ query: '{ categories { id } }' }) });
    const body = (await client.json()) as { data?: unknown; extensions?: Record<string, unknown> };
    expect(body.data).toBeDefined();
    expect(body.extensions?.ftv1).toBeUndefined();
  });
});
