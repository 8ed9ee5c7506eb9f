/**
 * The gateway's guard of subgraph fetches (src/subgraph-guard.ts) with real catalog and inventory
 * subgraphs: a stopped subgraph opens its circuit breaker, its fields then fail at once with
 * SUBGRAPH_UNAVAILABLE while the other subgraph's fields still resolve, and it comes back through
 * the half-open probe; a subgraph that never answers costs one deadline per query until its
 * breaker opens.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp as catalogApp } from '@miw/subgraph-catalog';
import { createApp as inventoryApp } from '@miw/subgraph-inventory';
import { accessTokenFor, createTestDatabase, graphql, internalHeaders, startTestSubgraph, waitFor, type GraphQLResponse, type TestDatabase } from '@miw/testing';

const ADMIN: UserViewer = { kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] };

type Products = { products: { edges: { node: { sku: string; inventoryLevels?: { available: number }[] | null } }[] } };
const CATALOG_ONLY = `{ products(first: 10) { edges { node { sku } } } }`;
const MIXED = `{ products(first: 10) { edges { node { sku inventoryLevels { available } } } } }`;

describe('gateway -> subgraph timeout and circuit breaker', () => {
  jest.setTimeout(60_000);
  let db: TestDatabase;
  let catalog: RunningSubgraph;
  let inventory: RunningSubgraph | undefined;
  const gateways: TestGateway[] = [];
  let headers: Record<string, string>;

  const startInventory = (port = 0) => startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp: inventoryApp, env: { PORT: String(port) } });
  const timed = async (url: string, query: string) => {
    const started = performance.now();
    const res = await graphql<Products>(url, query, undefined, headers);
    return { res, ms: performance.now() - started };
  };
  const skus = (res: GraphQLResponse<Products>) => res.data?.products.edges.map((e) => e.node.sku);
  const unavailable = (res: GraphQLResponse<Products>) => res.errors?.map((e) => ({ code: e.extensions?.code, subgraph: e.extensions?.subgraph, reason: e.extensions?.reason }));

  beforeAll(async () => {
    db = await createTestDatabase('breaker');
    catalog = await startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp: catalogApp });
    inventory = await startInventory();
    headers = { authorization: `Bearer ${await accessTokenFor(ADMIN)}` };
    const created = await graphql(catalog.url, `mutation { createProduct(input: { sku: "BRK-1", name: "Breaker tea", price: { amount: 100, currency: "EUR" }, status: ACTIVE }) { errors { code } } }`, undefined, await internalHeaders(ADMIN));
    expect(created.errors).toBeUndefined();
  });
  afterAll(async () => {
    for (const g of gateways) await g.close();
    await inventory?.close();
    await catalog?.close();
    await db?.drop();
  });

  it('fails a stopped subgraph fast once its breaker opens, keeps the other subgraph answering, and recovers through the probe', async () => {
    const gateway = await startTestGateway({ catalog: catalog.url, inventory: inventory!.url }, { subgraphGuard: { failures: 3, windowMs: 60_000, cooldownMs: 1_500, timeoutMs: 5_000 } });
    gateways.push(gateway);
    const readyz = async () => ((await (await fetch(gateway.url.replace('/graphql', '/readyz'))).json()) as { checks: Record<string, string> }).checks;

    const healthy = await graphql<Products>(gateway.url, MIXED, undefined, headers);
    expect(healthy.errors).toBeUndefined();
    expect(healthy.data!.products.edges).toEqual([{ node: { sku: 'BRK-1', inventoryLevels: [] } }]);

    const port = inventory!.port;
    await inventory!.close();
    inventory = undefined;

    // Each failure is already a clear error on inventory's fields only; the third opens the breaker.
    for (let i = 0; i < 3; i++) {
      const res = await graphql<Products>(gateway.url, MIXED, undefined, headers);
      expect(skus(res)).toEqual(['BRK-1']);
      expect(res.data!.products.edges[0]!.node.inventoryLevels).toBeNull();
      expect(unavailable(res)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'inventory', reason: 'UNREACHABLE' }]);
    }
    const open = await graphql<Products>(gateway.url, MIXED, undefined, headers);
    expect(skus(open)).toEqual(['BRK-1']);
    expect(unavailable(open)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'inventory', reason: 'CIRCUIT_OPEN' }]);
    expect(open.errors![0]!.message).toBe('The inventory service is unavailable right now; try again shortly.');
    const catalogOnly = await graphql<Products>(gateway.url, CATALOG_ONLY, undefined, headers);
    expect(catalogOnly.errors).toBeUndefined();
    expect(skus(catalogOnly)).toEqual(['BRK-1']);
    expect((await readyz()).inventory).toMatch(/circuit breaker open after 3 failures/);
    expect((await readyz()).catalog).toBe('ok');

    // After the cool-down one probe goes through: it fails (still down), so the breaker opens again.
    const probed = await waitFor(
      async () => {
        const res = await graphql<Products>(gateway.url, MIXED, undefined, headers);
        return res.errors?.[0]?.extensions?.reason === 'UNREACHABLE' && res;
      },
      { what: 'the half-open probe', intervalMs: 100 },
    );
    expect(skus(probed)).toEqual(['BRK-1']);
    expect(unavailable(await graphql<Products>(gateway.url, MIXED, undefined, headers))).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'inventory', reason: 'CIRCUIT_OPEN' }]);

    // Back on the same port: the next probe succeeds and closes the breaker.
    inventory = await startInventory(port);
    const recovered = await waitFor(
      async () => {
        const res = await graphql<Products>(gateway.url, MIXED, undefined, headers);
        return !res.errors && res;
      },
      { what: 'recovery through the probe', intervalMs: 100 },
    );
    expect(recovered.data!.products.edges).toEqual([{ node: { sku: 'BRK-1', inventoryLevels: [] } }]);
    expect((await readyz()).inventory).toBe('ok');
  });

  it('gives up on a subgraph that never answers after the deadline, then fails at once while its breaker is open', async () => {
    // Accepts connections and reads requests, never answers (the first) or stalls mid-body (the next).
    const sockets = new Set<Socket>();
    let requests = 0;
    const hanging = http.createServer((_req, res) => {
      requests += 1;
      if (requests === 1) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
    });
    hanging.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const timeoutMs = 1_500;
      const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/graphql`;
      const gateway = await startTestGateway({ catalog: catalog.url, inventory: url }, { production: true, subgraphGuard: { failures: 2, windowMs: 60_000, cooldownMs: 60_000, timeoutMs } });
      gateways.push(gateway);

      for (let i = 0; i < 2; i++) {
        const { res, ms } = await timed(gateway.url, MIXED);
        expect(ms).toBeGreaterThanOrEqual(timeoutMs - 50);
        expect(skus(res)).toEqual(['BRK-1']);
        // Production: the subgraph and the reason, nothing of the gateway's internals.
        expect(res.errors).toEqual([{ message: 'The inventory service is unavailable right now; try again shortly.', extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'inventory', reason: 'TIMEOUT' } }]);
      }
      expect(requests).toBe(2);

      const { res, ms } = await timed(gateway.url, MIXED);
      expect(unavailable(res)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'inventory', reason: 'CIRCUIT_OPEN' }]);
      expect(skus(res)).toEqual(['BRK-1']);
      expect(ms).toBeLessThan(timeoutMs / 2); // no deadline waited: the breaker answered
      expect(requests).toBe(2);
      expect((await timed(gateway.url, CATALOG_ONLY)).res.errors).toBeUndefined();
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => hanging.close(r));
    }
  });
});
