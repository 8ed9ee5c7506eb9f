/** Every subgraph of one region in-process over one test database, behind a test gateway. */
import type { RunningSubgraph } from '@miw/service-kit';
import * as auth from '@miw/subgraph-auth';
import * as catalog from '@miw/subgraph-catalog';
import * as inventory from '@miw/subgraph-inventory';
import * as notify from '@miw/subgraph-notify';
import * as orders from '@miw/subgraph-orders';
import { createTestDatabase, startTestSubgraph, testKeys } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

export interface WholeRegion {
  gateway: TestGateway;
  close(): Promise<void>;
}

export async function startWholeRegion(label: string, gatewayOptions: Parameters<typeof startTestGateway>[1] = {}): Promise<WholeRegion> {
  const db = await createTestDatabase(label);
  const keys = await testKeys();
  const start = (domain: string, createApp: Parameters<typeof startTestSubgraph>[0]['createApp'], env: Record<string, string> = {}) => startTestSubgraph({ domain, databaseUrl: db.url, createApp, env });
  const [a, c, i, n] = await Promise.all([
    start('auth', (deps) => auth.createApp({ ...deps, keys })),
    start('catalog', catalog.createApp),
    start('inventory', inventory.createApp),
    start('notify', notify.createApp),
  ]);
  // Orders reserve stock through this region's inventory.
  const o = await start('orders', orders.createApp, { INVENTORY_URL: new URL(i!.url).origin });
  const subgraphs: RunningSubgraph[] = [a!, c!, i!, o, n!];
  const gateway = await startTestGateway({ auth: a!.url, catalog: c!.url, inventory: i!.url, orders: o!.url, notify: n!.url }, gatewayOptions);
  return {
    gateway,
    async close() {
      await gateway.close();
      for (const s of subgraphs) await s.close();
      await db.drop();
    },
  };
}
