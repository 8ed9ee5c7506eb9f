/** The services federated subscriptions need in a test: catalog, inventory (n instances) and gateways over them. */
import { type LiveEvents } from '@miw/events';
import type { DomainDeps, RunningSubgraph } from '@miw/service-kit';
import * as auth from '@miw/subgraph-auth';
import { createApp as catalogApp } from '@miw/subgraph-catalog';
import { createApp as inventoryApp } from '@miw/subgraph-inventory';
import { catalogMessage, organizationMessage } from '../../../subgraphs/inventory/test/support';
import { createTestDatabase, startTestSubgraph, testKeys, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

type GatewayOptions = Parameters<typeof startTestGateway>[1];

export interface Stack {
  db: TestDatabase;
  catalog: RunningSubgraph;
  /** The auth subgraph, when asked for (API keys). */
  auth?: RunningSubgraph;
  /** Inventory instances sharing one database and one Kafka topic prefix. */
  inventories: RunningSubgraph[];
  /** Gateway i routes to inventory instance i. */
  gateways: TestGateway[];
  /** Streams open on inventory instance i (the upstream subscriptions it serves). */
  listening(i?: number): number;
  /**
   * Catalog rows (for the catalog subgraph's fields) and the same facts published on the catalog's
   * Kafka topics, as the catalog publishes them (for the inventory's projection); waits until
   * every inventory instance's projection holds them.
   */
  seedCatalog(seed: CatalogSeed): Promise<void>;
  /** Organizations published as EU auth publishes them; waits until every inventory instance's projection holds them. */
  seedOrganizations(orgs: { id: string; kind: 'MANUFACTURER' | 'LOGISTICS' | 'PARTNER' }[]): Promise<void>;
  close(): Promise<void>;
}

interface CatalogSeed {
  manufacturers: { id: string; organizationId: string }[];
  products: { id: string; sku: string; name: string; manufacturerId: string }[];
  stores: { id: string; code: string; partnerOrganizationId: string }[];
}

export async function startStack(label: string, { instances = 1, gateway, withAuth = false }: { instances?: number; gateway?: GatewayOptions; withAuth?: boolean } = {}): Promise<Stack> {
  const db = await createTestDatabase(label);
  const topicPrefix = testTopicPrefix(label);
  const catalog = await startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp: catalogApp, topicPrefix });
  const keys = await testKeys();
  const authSg = withAuth ? await startTestSubgraph({ domain: 'auth', databaseUrl: db.url, topicPrefix, createApp: (deps) => auth.createApp({ ...deps, keys }) }) : undefined;
  const inventories: RunningSubgraph[] = [];
  const gateways: TestGateway[] = [];
  const lives: LiveEvents[] = [];
  for (let i = 0; i < instances; i++) {
    // The app as main.ts builds it; the test only keeps a handle on its live event source.
    const createApp = (deps: DomainDeps) => {
      const app = inventoryApp(deps);
      const workers = app.workers!;
      return { ...app, workers: (ctx: Parameters<typeof workers>[0]) => workers(ctx).map((w) => ('listening' in w ? (lives[i] = w as LiveEvents) : w)) };
    };
    const inventory = await startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp, topicPrefix });
    inventories.push(inventory);
    gateways.push(await startTestGateway({ catalog: catalog.url, inventory: inventory.url, ...(authSg ? { auth: authSg.url } : {}) }, gateway));
  }
  return {
    db,
    catalog,
    ...(authSg ? { auth: authSg } : {}),
    inventories,
    gateways,
    listening: (i = 0) => lives[i]?.listening ?? 0,
    seedCatalog: async ({ manufacturers, products, stores }) => {
      const q = (sql: string, values: unknown[]) => catalog.pool.query(sql, values);
      for (const m of manufacturers) await q(`INSERT INTO catalog.manufacturer (id, name, organization_id, origin_region, updated_at) VALUES ($1, 'M', $2, 'eu', now())`, [m.id, m.organizationId]);
      for (const p of products) await q(`INSERT INTO catalog.product (id, sku, name, price_amount, currency, status, manufacturer_id, origin_region, updated_at) VALUES ($1, $2, $3, 100, 'EUR', 'ACTIVE', $4, 'eu', now())`, [p.id, p.sku, p.name, p.manufacturerId]);
      for (const st of stores) await q(`INSERT INTO catalog.store (id, code, name, region, address, partner_organization_id, origin_region, updated_at) VALUES ($1, $2, 'S', 'eu', '{}', $3, 'eu', now())`, [st.id, st.code, st.partnerOrganizationId]);
      const updatedAt = new Date();
      const facts = [
        ...manufacturers.map((m) => ['Manufacturer', { id: m.id, organizationId: m.organizationId }] as const),
        ...products.map((p) => ['Product', { id: p.id, manufacturerId: p.manufacturerId }] as const),
        ...stores.map((st) => ['Store', { id: st.id, region: 'eu', partnerOrganizationId: st.partnerOrganizationId }] as const),
      ];
      const producer = catalog.bus.producer();
      await producer.send(
        // Whole snapshots through the catalog contracts (the projection refuses anything else).
        facts.map(([entity, payload]) => catalogMessage(entity, { ...payload, updatedAt: updatedAt.toISOString() }, topicPrefix)),
      );
      await producer.disconnect();
      for (const inventory of inventories) {
        await waitFor(
          async () => {
            const { rows } = await inventory.pool.query<{ n: string }>(`SELECT (SELECT count(*) FROM inventory.catalog_store) + (SELECT count(*) FROM inventory.catalog_product) + (SELECT count(*) FROM inventory.catalog_manufacturer) AS n`);
            return Number(rows[0]!.n) >= facts.length;
          },
          { what: 'the catalog facts in the inventory projection', timeoutMs: 45_000 },
        );
      }
    },
    seedOrganizations: async (orgs) => {
      const updatedAt = new Date().toISOString();
      const producer = catalog.bus.producer();
      await producer.send(orgs.map((o) => organizationMessage('eu', { ...o, updatedAt }, topicPrefix, 'created')));
      await producer.disconnect();
      for (const inventory of inventories) {
        await waitFor(
          async () => Number((await inventory.pool.query<{ n: string }>(`SELECT count(*) AS n FROM inventory.organization_projection WHERE id = ANY($1::uuid[])`, [orgs.map((o) => o.id)])).rows[0]!.n) === orgs.length,
          { what: 'the organizations in the inventory projection', timeoutMs: 45_000 },
        );
      }
    },
    close: async () => {
      for (const g of gateways) await g.close();
      for (const i of inventories) await i.close();
      await authSg?.close();
      await catalog.close();
      await db.drop();
    },
  };
}
