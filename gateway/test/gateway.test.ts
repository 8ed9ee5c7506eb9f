import type { RunningSubgraph } from '@miw/service-kit';
import { createApp as catalogApp } from '@miw/subgraph-catalog';
import { createApp as inventoryApp } from '@miw/subgraph-inventory';
import { createTestDatabase, graphql, startTestGateway, startTestSubgraph, type TestDatabase, type TestGateway } from '@miw/testing';

describe('gateway over real subgraphs (in-process)', () => {
  let db: TestDatabase;
  let catalog: RunningSubgraph;
  let inventory: RunningSubgraph;
  let gateway: TestGateway;
  const seen: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('gateway');
    catalog = await startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp: catalogApp });
    inventory = await startTestSubgraph({
      domain: 'inventory',
      databaseUrl: db.url,
      createApp: (deps) => {
        const app = inventoryApp(deps);
        return { ...app, context: (info) => (seen.push(info.correlationId), app.context(info)) };
      },
    });
    gateway = await startTestGateway({ catalog: catalog.url, inventory: inventory.url });
  });
  afterAll(async () => {
    await gateway?.close();
    await catalog?.close();
    await inventory?.close();
    await db?.drop();
  });

  it('plans across subgraphs and forwards the correlation id to each of them', async () => {
    const created = await graphql<{ createProduct: { product: { id: string } } }>(
      gateway.url,
      `mutation { createProduct(input: { sku: "GW-1", name: "Gateway tea", price: { amount: 990, currency: "EUR" } }) { product { id } } }`,
    );
    const id = created.data!.createProduct.product.id;
    const storeId = '5707e000-0000-4000-8000-0000000000aa';
    await inventory.pool.query(
      `INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, updated_at) VALUES (gen_random_uuid(), $1, $2, 9, 2, now())`,
      [storeId, id],
    );
    const res = await graphql<{ products: { edges: { node: { sku: string; price: { amount: number }; inventoryLevels: { available: number }[] } }[] } }>(
      gateway.url,
      `{ products(first: 10) { edges { node { sku price { amount } inventoryLevels { available } } } } }`,
      undefined,
      { 'x-correlation-id': 'gateway-test-0001' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.products.edges).toEqual([{ node: { sku: 'GW-1', price: { amount: 990 }, inventoryLevels: [{ available: 7 }] } }]);
    expect(res.headers.get('x-correlation-id')).toBe('gateway-test-0001');
    expect(seen).toContain('gateway-test-0001');
  });

  it('reports unready while a subgraph is down, with the subgraph named', async () => {
    const res = await fetch(gateway.url.replace('/graphql', '/readyz'));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: Record<string, string> };
    expect(body.checks.catalog).toBe('ok');
    expect(body.checks.inventory).toBe('ok');
    expect(body.checks.auth).not.toBe('ok');
  });

  it('serves Apollo Sandbox in development only', async () => {
    const res = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('sandbox');
  });
});
