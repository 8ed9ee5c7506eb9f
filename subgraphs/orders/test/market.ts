/**
 * A small marketplace for the commerce tests: inventory and orders subgraphs of one region on a
 * fresh database and topic prefix, behind a gateway. Catalog facts and users reach both
 * projections through real Kafka, as the EU catalog and auth publish them; stock is put on the
 * shelves with inventory's own movement SQL (a RECEIVED movement per level).
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import type { RunningSubgraph } from '@miw/service-kit';
import * as inventory from '@miw/subgraph-inventory';
import { createApp } from '@miw/subgraph-orders';
import { catalogMessage, createTestDatabase, gatewayCaller, startTestSubgraph, testTopicPrefix, userMessage, waitFor, type CatalogFacts, type GraphQLResponse, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

export const viewer = (role: UserViewer['role'], organizationId: string | null = null): UserViewer => ({ kind: 'user', userId: randomUUID(), role, organizationId, region: 'eu', scopes: [] });

export interface Market {
  db: TestDatabase;
  prefix: string;
  inventory: RunningSubgraph;
  orders: RunningSubgraph;
  gateway: TestGateway;
  org: { partnerA: string; partnerB: string; makerA: string };
  store: { a: string; b: string; cn: string };
  /** Runs an operation through the gateway as `who` (null: anonymous). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked by value
  call<D = Record<string, any>>(who: UserViewer | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<D>>;
  /** Publishes a product (ACTIVE, made by maker A unless said otherwise) and waits for orders to know it. */
  product(facts?: Partial<CatalogFacts> & { priceAmount?: number }): Promise<string>;
  /** Publishes several products at once and waits for them. */
  products(count: number, facts?: Partial<CatalogFacts>): Promise<string[]>;
  /** Publishes a catalog change and waits until orders' projection has it. */
  publish(entity: 'Store' | 'Product' | 'Manufacturer', facts: CatalogFacts): Promise<void>;
  /** Puts `units` on the shelf of `storeId` (a RECEIVED movement). */
  stock(storeId: string, productId: string, units: number): Promise<void>;
  /** on_hand, reserved and the movements of a level. */
  level(storeId: string, productId: string): Promise<{ onHand: number; reserved: number; movements: { reason: string; delta: number }[] }>;
  /** A shopper, published as a user (email) to orders' projection. */
  shopper(email?: string): Promise<UserViewer>;
  close(): Promise<void>;
}

export interface MarketOptions {
  /** Extra environment of the orders subgraph (TTL, reconciler, payments). */
  ordersEnv?: Record<string, string>;
}

export async function startMarket(label: string, options: MarketOptions = {}): Promise<Market> {
  const db = await createTestDatabase(label);
  const prefix = testTopicPrefix(label);
  const inv = await startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp: inventory.createApp, topicPrefix: prefix, env: { DB_POOL_MAX: '10' } });
  const orders = await startTestSubgraph({ domain: 'orders', databaseUrl: db.url, createApp, topicPrefix: prefix, env: { INVENTORY_URL: new URL(inv.url).origin, DB_POOL_MAX: '10', ...options.ordersEnv } });
  // Every shopper of a test shares one client address: lift the per-address limit (per user stays).
  const gateway = await startTestGateway({ inventory: inv.url, orders: orders.url }, { limits: { perIp: 1_000_000, perIdentity: 1_000_000 } });
  const producer = orders.bus.producer();
  const org = { partnerA: randomUUID(), partnerB: randomUUID(), makerA: randomUUID() };
  const store = { a: randomUUID(), b: randomUUID(), cn: randomUUID() };
  const makerA = randomUUID();
  const now = () => new Date().toISOString();

  const count = async (sql: string, pool = orders.pool) => Number((await pool.query<{ n: string }>(sql)).rows[0]!.n);
  const publishAll = async (messages: [entity: 'Store' | 'Product' | 'Manufacturer', facts: CatalogFacts][]) => {
    await producer.send(messages.map(([entity, facts]) => catalogMessage(entity, facts, prefix)));
    await waitFor(
      async () => {
        for (const [entity, facts] of messages) {
          const table = { Store: 'catalog_store', Product: 'catalog_product', Manufacturer: 'catalog_manufacturer' }[entity];
          const n = async (pool: typeof orders.pool, schema: string) => count(`SELECT count(*) AS n FROM ${schema}.${table} WHERE id = '${facts.id}' AND updated_at >= '${facts.updatedAt}'`, pool);
          if ((await n(orders.pool, 'orders')) === 0 || (await n(inv.pool, 'inventory')) === 0) return false;
        }
        return true;
      },
      { timeoutMs: 45_000, what: 'the catalog projections of orders and inventory' },
    );
  };

  await publishAll([
    ['Manufacturer', { id: makerA, organizationId: org.makerA, updatedAt: now() }],
    ['Store', { id: store.a, region: 'eu', partnerOrganizationId: org.partnerA, updatedAt: now() }],
    ['Store', { id: store.b, region: 'eu', partnerOrganizationId: org.partnerB, updatedAt: now() }],
    ['Store', { id: store.cn, region: 'cn', partnerOrganizationId: org.partnerB, updatedAt: now() }],
  ]);

  const market: Market = {
    db,
    prefix,
    inventory: inv,
    orders,
    gateway,
    org,
    store,
    call: gatewayCaller(() => gateway.url),
    async product(facts = {}) {
      return (await market.products(1, facts))[0]!;
    },
    async products(n, facts = {}) {
      const ids = Array.from({ length: n }, () => randomUUID());
      await publishAll(ids.map((id) => ['Product', { manufacturerId: makerA, priceAmount: 1_250, ...facts, id, updatedAt: now() }]));
      return ids;
    },
    publish: (entity, facts) => publishAll([[entity, facts]]),
    async stock(storeId, productId, units) {
      await inv.pool.query(
        `WITH l AS (INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, low_stock_threshold, updated_at)
           VALUES (gen_random_uuid(), $1, $2, $3, 0, 0, now())
           ON CONFLICT (store_id, product_id) DO UPDATE SET on_hand = inventory.inventory_level.on_hand + EXCLUDED.on_hand, updated_at = now() RETURNING id)
         INSERT INTO inventory.inventory_movement (id, level_id, delta, reason, correlation_id, created_at) SELECT gen_random_uuid(), l.id, $3, 'RECEIVED', 'test-stock', now() FROM l`,
        [storeId, productId, units],
      );
    },
    async level(storeId, productId) {
      const { rows } = await inv.pool.query<{ on_hand: number; reserved: number; id: string }>(`SELECT id, on_hand, reserved FROM inventory.inventory_level WHERE store_id = $1 AND product_id = $2`, [storeId, productId]);
      const level = rows[0];
      if (!level) return { onHand: 0, reserved: 0, movements: [] };
      const movements = await inv.pool.query<{ reason: string; delta: number }>(`SELECT reason::text AS reason, delta FROM inventory.inventory_movement WHERE level_id = $1 ORDER BY created_at, id`, [level.id]);
      return { onHand: level.on_hand, reserved: level.reserved, movements: movements.rows };
    },
    async shopper(email) {
      const who = viewer('CUSTOMER');
      if (email) {
        await producer.send([userMessage('eu' as RegionCode, { id: who.userId, email, updatedAt: now() }, prefix)]);
        await waitFor(async () => (await count(`SELECT count(*) AS n FROM orders.user_projection WHERE id = '${who.userId}'`)) === 1, { timeoutMs: 30_000, what: 'the user projection' });
      }
      return who;
    },
    async close() {
      await producer.disconnect().catch(() => undefined);
      await gateway.close();
      await orders.close();
      await inv.close();
      await db.drop();
    },
  };
  return market;
}

export const ERRORS = 'errors { code field message currentStatus lines { product { id } requested available previousUnitPrice { amount } unitPrice { amount } } newTotal { amount currency } }';
export const ORDER = 'order { id status cancelReason total { amount currency } items { product { id } sku name quantity unitPrice { amount currency } } payment { provider status } store { id } }';
export const CART = 'cart { id status itemCount total { amount currency } blocked items { product { id } quantity unitPrice { amount } lineTotal { amount } unavailableReason stock { available } } }';

export const ADD = `mutation($input: AddToCartInput!) { addToCart(input: $input) { ${CART} ${ERRORS} } }`;
export const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { ${ORDER} ${ERRORS} } }`;
export const action = (name: string) => `mutation($id: ID!) { ${name}(input: { orderId: $id }) { ${ORDER} ${ERRORS} } }`;
export const CANCEL = `mutation($id: ID!, $reason: String) { cancelOrder(input: { orderId: $id, reason: $reason }) { ${ORDER} ${ERRORS} } }`;

/** Adds `quantity` of `productId` to the shopper's cart in `storeId` and checks out with MANUAL payment; returns the response. */
export async function buy(m: Market, who: UserViewer, storeId: string, lines: [productId: string, quantity: number][], key: string = randomUUID(), paymentMethod: Record<string, unknown> = { provider: 'MANUAL' }) {
  let cartId = '';
  for (const [productId, quantity] of lines) {
    const added = await m.call(who, ADD, { input: { storeId, productId, quantity } });
    if (added.errors || added.data?.addToCart.errors.length) throw new Error(`addToCart failed: ${JSON.stringify(added.errors ?? added.data?.addToCart.errors)}`);
    cartId = added.data!.addToCart.cart.id;
  }
  return m.call(who, CHECKOUT, { input: { cartId, idempotencyKey: key, paymentMethod } });
}

/** What the lifecycle tests read of an order after a change: status, cancellation and payment. */
const ORDER_STATE = `query($id: ID!) { order(id: $id) { id status cancelReason total { amount currency } payment { provider status declineReason amount { amount currency } } } }`;

interface OrderState {
  id: string;
  status: string;
  cancelReason: string | null;
  total: { amount: number; currency: string };
  payment: { provider: string; status: string; declineReason: string | null; amount: { amount: number; currency: string } } | null;
}

/** The order as `who` sees it now through the gateway (null when hidden); a GraphQL error fails the test. */
export async function readOrder(m: Market, who: UserViewer, orderId: string): Promise<OrderState | null> {
  const res = await m.call<{ order: OrderState | null }>(who, ORDER_STATE, { id: orderId });
  if (res.errors) throw new Error(`order(${orderId}) failed: ${JSON.stringify(res.errors)}`);
  return res.data!.order;
}

/** The types of the order's events in the orders outbox, oldest first (what was published about it). */
export async function orderEventTypes(m: Market, orderId: string): Promise<string[]> {
  const { rows } = await m.orders.pool.query<{ type: string }>(`SELECT type FROM orders.outbox WHERE key = $1 ORDER BY id`, [orderId]);
  return rows.map((r) => r.type);
}
