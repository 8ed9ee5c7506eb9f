/**
 * The demo seed of `npm start` from the shopper's side: it is idempotent, every demo store has
 * stock to sell, and the catalog facts carts are priced with reach the orders projection of both
 * regions through the catalog seed's own events (which is why orders has no seed of its own).
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import { createPool } from '@miw/db';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp as catalogApp } from '@miw/subgraph-catalog';
import { createApp as inventoryApp } from '@miw/subgraph-inventory';
import { createApp } from '@miw/subgraph-orders';
import { createTestDatabase, graphql, internalHeaders, startTestSubgraph, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { seedRegions } from '../../../scripts/lib/seed';
import { catalog } from '../../../scripts/lib/seed-data';

const ADD = 'mutation($input: AddToCartInput!) { addToCart(input: $input) { cart { id total { amount } } errors { code message } } }';
const CHECKOUT = 'mutation($input: CheckoutInput!) { checkout(input: $input) { order { status } errors { code message } } }';

jest.setTimeout(180_000);

const shopper = (region: RegionCode): UserViewer => ({ kind: 'user', userId: randomUUID(), role: 'CUSTOMER', organizationId: null, region, scopes: [] });

describe('demo seed', () => {
  const dbs = {} as Record<RegionCode, TestDatabase>;
  const pools = {} as Record<RegionCode, ReturnType<typeof createPool>>;
  const running: RunningSubgraph[] = [];

  beforeAll(async () => {
    for (const region of ['eu', 'cn'] as const) {
      dbs[region] = await createTestDatabase(`seed${region}`);
      pools[region] = createPool({ url: dbs[region].url, max: 2, name: `seed-test-${region}` });
    }
  });
  afterAll(async () => {
    for (const sg of running.reverse()) await sg.close();
    for (const region of ['eu', 'cn'] as const) {
      await pools[region]?.end();
      await dbs[region]?.drop();
    }
  });

  const count = async (region: RegionCode, sql: string, params: unknown[] = []) => Number((await pools[region].query<{ n: string }>(sql, params)).rows[0]!.n);

  it('seeds both regions once: a second run writes nothing', async () => {
    const urls = { eu: dbs.eu.url, cn: dbs.cn.url };
    expect(await seedRegions(urls)).not.toMatch(/ 0 inventory rows/);
    const levels = { eu: await count('eu', 'SELECT count(*) AS n FROM inventory.inventory_level'), cn: await count('cn', 'SELECT count(*) AS n FROM inventory.inventory_level') };
    expect(await seedRegions(urls)).toBe('eu: 0 identities, 0 catalog entities, 0 inventory rows; cn: 0 identities, 0 catalog entities, 0 inventory rows');
    expect(await count('eu', 'SELECT count(*) AS n FROM inventory.inventory_level')).toBe(levels.eu);
    expect(await count('cn', 'SELECT count(*) AS n FROM inventory.inventory_level')).toBe(levels.cn);
  });

  it('stocks every demo store, in its own region only, with every product for sale (Longjing at the two flagship stores only)', async () => {
    const forSale = catalog.products.filter((p) => p.status === 'ACTIVE').length;
    for (const store of catalog.stores) {
      const region = store.region as RegionCode;
      const other: RegionCode = region === 'eu' ? 'cn' : 'eu';
      const stocked = await count(region, `SELECT count(*) AS n FROM inventory.inventory_level WHERE store_id = $1 AND on_hand > 0`, [store.id]);
      expect({ store: store.code, stocked: stocked >= forSale - 1 }).toEqual({ store: store.code, stocked: true });
      expect(await count(other, `SELECT count(*) AS n FROM inventory.inventory_level WHERE store_id = $1`, [store.id])).toBe(0);
    }
    // Each level opens with its RECEIVED movement: stock has a history like any other.
    expect(await count('eu', `SELECT count(*) AS n FROM inventory.inventory_level l WHERE on_hand > 0 AND NOT EXISTS (SELECT 1 FROM inventory.inventory_movement m WHERE m.level_id = l.id AND m.reason = 'RECEIVED')`)).toBe(0);
  });

  it('lets a shopper buy at once in a store of each region: the catalog seed reaches both orders projections through Kafka', async () => {
    const topicPrefix = testTopicPrefix('seed');
    // The EU catalog relays its seed outbox, as in `npm start`; nothing is published by the test.
    running.push(await startTestSubgraph({ domain: 'catalog', databaseUrl: dbs.eu.url, createApp: catalogApp, topicPrefix }));
    const orders = {} as Record<RegionCode, RunningSubgraph>;
    for (const region of ['eu', 'cn'] as const) {
      const inventory = await startTestSubgraph({ domain: 'inventory', region, databaseUrl: dbs[region].url, createApp: inventoryApp, topicPrefix });
      running.push(inventory);
      orders[region] = await startTestSubgraph({ domain: 'orders', region, databaseUrl: dbs[region].url, createApp, topicPrefix, env: { INVENTORY_URL: new URL(inventory.url).origin } });
      running.push(orders[region]);
    }
    const facts = `SELECT (SELECT count(*) FROM orders.catalog_product) + (SELECT count(*) FROM orders.catalog_store) + (SELECT count(*) FROM orders.catalog_manufacturer) AS n`;
    const expected = catalog.products.length + catalog.stores.length + catalog.manufacturers.length;
    for (const region of ['eu', 'cn'] as const) {
      await waitFor(async () => (await count(region, facts)) === expected, { timeoutMs: 90_000, intervalMs: 250, what: `the seeded catalog in the ${region} orders projection` });
    }
    const product = catalog.products.find((p) => p.status === 'ACTIVE' && p.sku !== 'TEA-LONGJING-100')!;
    for (const store of [catalog.stores.find((s) => s.code === 'EU-PAR-01')!, catalog.stores.find((s) => s.code === 'CN-CTU-01')!]) {
      const region = store.region as RegionCode;
      const headers = await internalHeaders(shopper(region));
      await waitFor(async () => (await count(region, `SELECT count(*) AS n FROM inventory.catalog_store WHERE id = $1`, [store.id])) === 1, { timeoutMs: 60_000, what: `the store in the ${region} inventory projection` });
      const added = await graphql<{ addToCart: { cart: { id: string; total: { amount: number } }; errors: unknown[] } }>(orders[region].url, ADD, { input: { storeId: store.id, productId: product.id, quantity: 2 } }, headers);
      expect(added.errors).toBeUndefined();
      expect(added.data!.addToCart).toMatchObject({ errors: [], cart: { total: { amount: 2 * product.priceAmount } } });
      const bought = await graphql<{ checkout: { order: { status: string } | null; errors: unknown[] } }>(
        orders[region].url,
        CHECKOUT,
        { input: { cartId: added.data!.addToCart.cart.id, idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } } },
        headers,
      );
      expect(bought.errors).toBeUndefined();
      expect({ store: store.code, ...bought.data!.checkout }).toMatchObject({ store: store.code, errors: [], order: { status: 'PLACED' } });
    }
  });
});
