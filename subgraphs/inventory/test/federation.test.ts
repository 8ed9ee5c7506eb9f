/**
 * Inventory inside the supergraph: catalog and inventory subgraphs on one database and topic
 * prefix, behind a gateway. The catalog's own outbox feeds the inventory projection through real
 * Kafka, and supply-chain objects resolve catalog fields (product names, store codes) through
 * federation.
 */
import type { RunningSubgraph } from '@miw/service-kit';
import * as catalogSubgraph from '@miw/subgraph-catalog';
import { seedCatalog } from '@miw/subgraph-catalog/seed';
import { createApp } from '@miw/subgraph-inventory';
import { seedInventory } from '@miw/subgraph-inventory/seed';
import { accessTokenFor, createTestDatabase, graphql, startTestSubgraph, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import { catalog, inventory, ORG, PRODUCT, STORE } from '../../../scripts/lib/seed-data';
import { SHIPMENT, supplyChain } from '../../../scripts/lib/seed-supply';
import { viewer } from './support';

describe('inventory in the supergraph (catalog + inventory, real Kafka)', () => {
  let db: TestDatabase;
  let subgraphs: RunningSubgraph[] = [];
  let gateway: TestGateway;
  const partner = viewer('PARTNER', ORG.berlinGoods);
  const carrier = viewer('LOGISTICS', ORG.swiftLogistics);
  const maker = viewer('MANUFACTURER', ORG.teaWorks);

  beforeAll(async () => {
    db = await createTestDatabase('invfed');
    const topicPrefix = testTopicPrefix('invfed');
    const [cat, inv] = await Promise.all([
      startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp: catalogSubgraph.createApp, topicPrefix }),
      startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp, topicPrefix }),
    ]);
    subgraphs = [cat!, inv!];
    gateway = await startTestGateway({ catalog: cat!.url, inventory: inv!.url });
    await seedCatalog(cat!.pool, catalog);
    await seedInventory(inv!.pool, { levels: inventory.eu, ...supplyChain.eu });
    // The catalog relay publishes its seed events; the inventory projection picks them up.
    await waitFor(async () => (await inv!.pool.query(`SELECT 1 FROM inventory.catalog_store WHERE id = $1 AND partner_organization_id = $2`, [STORE.berlin, ORG.berlinGoods])).rowCount === 1, {
      timeoutMs: 45_000,
      what: 'the projection of the seeded catalog',
    });
    const makers = `SELECT count(*) AS n FROM inventory.catalog_product p JOIN inventory.catalog_manufacturer m ON m.id = p.manufacturer_id WHERE p.id = ANY($1::uuid[]) AND m.organization_id = $2`;
    await waitFor(async () => Number((await inv!.pool.query(makers, [[PRODUCT.longjing, PRODUCT.oolong], ORG.teaWorks])).rows[0].n) === 2, {
      timeoutMs: 45_000,
      what: 'the projection of products and manufacturers',
    });
  });
  afterAll(async () => {
    await gateway?.close();
    for (const s of subgraphs) await s.close();
    await db?.drop();
  });

  const call = async (who: typeof partner | null, query: string, variables: Record<string, unknown> = {}) =>
    graphql<Record<string, any>>(gateway.url, query, variables, who ? { authorization: `Bearer ${await accessTokenFor(who)}` } : {}); // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by value

  it('resolves catalog fields of shipments for the carrier', async () => {
    const res = await call(carrier, `{ myShipments { edges { node { id status store { code name } items { quantity product { sku name } } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.myShipments.edges[0].node).toEqual({
      id: SHIPMENT.berlinRestock,
      status: 'IN_TRANSIT',
      store: { code: 'EU-BER-01', name: 'MadeInWorld Berlin' },
      items: [
        { quantity: 24, product: { sku: 'TEA-LONGJING-100', name: 'Longjing green tea, 100 g' } },
        { quantity: 20, product: { sku: 'TEA-OOLONG-100', name: 'Tieguanyin oolong, 100 g' } },
      ],
    });
  });

  it('lets the partner ask for stock with the projected store, and the maker see it', async () => {
    const created = await call(partner, `mutation($input: CreateStockRequestInput!) { createStockRequest(input: $input) { stockRequest { id status store { code } items { product { name } requestedQuantity } } errors { code } } }`, {
      input: { storeId: STORE.berlin, items: [{ productId: PRODUCT.longjing, quantity: 6 }] },
    });
    expect(created.data!.createStockRequest).toMatchObject({ errors: [], stockRequest: { status: 'REQUESTED', store: { code: 'EU-BER-01' }, items: [{ product: { name: 'Longjing green tea, 100 g' }, requestedQuantity: 6 }] } });
    const seen = await call(maker, `{ stockRequests(status: REQUESTED) { edges { node { id } } } }`);
    expect(seen.data!.stockRequests.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(created.data!.createStockRequest.stockRequest.id);
  });

  it('serves availability to shoppers and stock to its owners next to catalog fields', async () => {
    const anonymous = await call(null, `query($id: ID!) { product(id: $id) { name availability } }`, { id: PRODUCT.longjing });
    expect(anonymous.data!.product).toEqual({ name: 'Longjing green tea, 100 g', availability: 40 });
    const stores = await call(partner, `{ stores(region: EU) { id code inventoryLevels { onHand product { sku } } } }`);
    const berlin = stores.data!.stores.find((s: { id: string }) => s.id === STORE.berlin);
    expect(berlin.inventoryLevels.map((l: { onHand: number }) => l.onHand).sort()).toEqual([4, 40]);
  });
});
