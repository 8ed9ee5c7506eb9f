/**
 * The gateway's response cache with real catalog and inventory subgraphs, real PostgreSQL and
 * real Kafka: public catalog reads are answered from the cache, a catalog change reaches the
 * cached answers through the change events within a second or two, answers never cross audiences,
 * per-viewer data is never kept, and a burst of identical queries executes once.
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import { createKafkaBus, type EventBus } from '@miw/events';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import type { RunningSubgraph } from '@miw/service-kit';
import * as catalogSubgraph from '@miw/subgraph-catalog';
import * as inventorySubgraph from '@miw/subgraph-inventory';
import { accessTokenFor, createTestDatabase, graphql, readTestInfra, startTestSubgraph, testLogger, testTopicPrefix, waitFor, type GraphQLResponse, type TestDatabase } from '@miw/testing';

const admin: UserViewer = { kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] };
const shopper: UserViewer = { kind: 'user', userId: randomUUID(), role: 'CUSTOMER', organizationId: null, region: 'eu', scopes: [] };

const PAGE = `query Page($categoryId: ID) { products(filter: { categoryId: $categoryId }, orderBy: PRICE_ASC, first: 20) {
  totalCount edges { node { id name status price { amount currency } category { name } availability } } } }`;

describe('gateway response cache (catalog + inventory, real Kafka)', () => {
  jest.setTimeout(30_000);
  const topicPrefix = testTopicPrefix('respcache');
  let db: TestDatabase;
  let catalog: RunningSubgraph;
  let inventory: RunningSubgraph;
  let gateway: TestGateway;
  let bus: EventBus;
  const catalogStatements: string[] = [];
  let categoryId = '';
  let productId = '';

  const call = async <D = Record<string, any>>(viewer: UserViewer | null, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<D>> => // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by value
    graphql<D>(gateway.url, query, variables, viewer ? { authorization: `Bearer ${await accessTokenFor(viewer)}` } : { 'x-internal': '' });
  const mutate = async (query: string, input: Record<string, unknown>) => {
    const res = await call(admin, query, { input });
    const payload = Object.values(res.data ?? {})[0] as { errors: unknown[] } & Record<string, { id: string }>;
    if (res.errors || payload.errors.length) throw new Error(JSON.stringify(res.errors ?? payload.errors));
    return payload;
  };

  beforeAll(async () => {
    db = await createTestDatabase('respcache');
    [catalog, inventory] = await Promise.all([
      startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp: catalogSubgraph.createApp, topicPrefix, onQuery: (sql) => void catalogStatements.push(sql) }),
      startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp: inventorySubgraph.createApp, topicPrefix }),
    ]);
    bus = createKafkaBus({ brokers: readTestInfra().kafkaBrokers, clientId: 'response-cache-test', logger: testLogger('bus') });
    gateway = await startTestGateway({ catalog: catalog.url, inventory: inventory.url }, { responseCache: { feed: { bus, topicPrefix } } });
    categoryId = (await mutate(`mutation($input: CreateCategoryInput!) { createCategory(input: $input) { category { id } errors { code } } }`, { name: 'Tea', slug: 'tea' })).category!.id;
    const product = async (sku: string, amount: number, status: string) =>
      (await mutate(`mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id } errors { code } } }`, { sku, name: `Tea ${sku}`, price: { amount, currency: 'EUR' }, categoryId, status })).product!.id;
    productId = await product('TEA-1', 1200, 'ACTIVE');
    await product('TEA-2', 1500, 'ACTIVE');
    await product('TEA-DRAFT', 900, 'DRAFT');
    const store = randomUUID();
    await inventory.pool.query(`INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, low_stock_threshold, updated_at) VALUES (gen_random_uuid(), $1, $2, 7, 0, 0, now())`, [store, productId]);
  });
  afterAll(async () => {
    await gateway?.close();
    await bus?.close();
    await catalog?.close();
    await inventory?.close();
    await db?.drop();
  });

  it('answers a repeated public category page from the cache, with the shortest hint as its max-age', async () => {
    // The catalog events of the set-up may still be arriving (each forgets every answer): wait for a quiet moment.
    await waitFor(async () => (await call(null, PAGE, { categoryId })).headers.get('x-cache') === 'HIT', { timeoutMs: 45_000, intervalMs: 200, what: 'a cached answer (the cache is on once the change feed joined its group)' });
    const first = await call(null, `${PAGE} `, { categoryId });
    expect(first.errors).toBeUndefined();
    expect(first.headers.get('x-cache')).toBe('MISS');
    // Catalog types are hinted 30 s; inventory's availability 5 s: the answer lives 5 s.
    expect(first.headers.get('cache-control')).toBe('max-age=5, public');
    const second = await call(null, `${PAGE} `, { categoryId });
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.data).toEqual(first.data);
    expect(first.data!.products.totalCount).toBe(2);
    expect(first.data!.products.edges[0].node.availability).toBe(7);
    // Other variables, another answer.
    expect((await call(null, PAGE, { categoryId: randomUUID() })).headers.get('x-cache')).toBe('MISS');
  });

  it('shows a price change to cached readers within about a second, through the catalog events', async () => {
    await call(null, PAGE, { categoryId });
    expect((await call(null, PAGE, { categoryId })).headers.get('x-cache')).toBe('HIT');
    const changed = Date.now();
    await mutate(`mutation($input: UpdateProductInput!) { updateProduct(input: $input) { product { id } errors { code } } }`, { id: productId, price: { amount: 1100, currency: 'EUR' } });
    await waitFor(async () => (await call(null, PAGE, { categoryId })).data!.products.edges[0].node.price.amount === 1100, { timeoutMs: 5_000, intervalMs: 50, what: 'the new price' });
    const visibleAfterMs = Date.now() - changed;
    process.stdout.write(`[response-cache] price change visible through the cache after ${visibleAfterMs} ms\n`);
    expect(visibleAfterMs).toBeLessThan(2_500);
  });

  it('keeps audiences apart: an admin never gets the shoppers\' cached page, and the reverse', async () => {
    await call(null, PAGE, { categoryId });
    const asAdmin = await call(admin, PAGE, { categoryId });
    expect(asAdmin.headers.get('x-cache')).toBe('MISS');
    expect(asAdmin.data!.products.edges.map((e: { node: { status: string } }) => e.node.status)).toContain('DRAFT');
    // A signed-in viewer's answer is never for shared HTTP caches.
    expect(asAdmin.headers.get('cache-control')).toBe('max-age=5, private');
    const asShopper = await call(shopper, PAGE, { categoryId });
    expect(asShopper.data!.products.edges.map((e: { node: { status: string } }) => e.node.status)).not.toContain('DRAFT');
    expect((await call(admin, PAGE, { categoryId })).headers.get('x-cache')).toBe('HIT');
  });

  it('never keeps per-viewer data (no hint), and never makes identical per-viewer queries wait for each other', async () => {
    const stock = `query Stock($id: ID!) { product(id: $id) { name inventoryLevels { onHand } } }`;
    const first = await call(admin, stock, { id: productId });
    expect(first.data!.product.inventoryLevels).toHaveLength(1);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(first.headers.get('cache-control')).toBe('no-store');
    // Known now as per-viewer: not looked up again (no x-cache), concurrent ones all execute.
    const again = await Promise.all([call(admin, stock, { id: productId }), call(admin, stock, { id: productId })]);
    for (const res of again) {
      expect(res.data!.product.inventoryLevels).toHaveLength(1);
      expect(res.headers.get('x-cache')).toBeNull();
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('executes a burst of identical queries once', async () => {
    const burst = `query Burst($categoryId: ID) { products(filter: { categoryId: $categoryId }, first: 5) { totalCount edges { node { id name } } } }`;
    const before = catalogStatements.length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(null, burst, { categoryId })));
    const forBurst = catalogStatements.length - before;
    expect(answers.every((a) => a.data?.products.totalCount === 2)).toBe(true);
    expect(answers.filter((a) => a.headers.get('x-cache') === 'MISS')).toHaveLength(1);
    // The same work once more, under another operation name (another key): one execution's statements.
    const single = catalogStatements.length;
    await call(null, burst.replace('Burst', 'Single'), { categoryId });
    expect(forBurst).toBe(catalogStatements.length - single);
  });

  it('answers from the expired answer while one query refreshes it, never queueing on an expiry', async () => {
    const stale = `query Stale($categoryId: ID) { products(filter: { categoryId: $categoryId }, first: 3) { edges { node { id availability } } } }`;
    expect((await call(null, stale, { categoryId })).headers.get('x-cache')).toBe('MISS');
    expect((await call(null, stale, { categoryId })).headers.get('x-cache')).toBe('HIT');
    await new Promise((r) => setTimeout(r, 5_100)); // past the 5 s of availability (jitter only shortens it)
    const burst = await Promise.all(Array.from({ length: 10 }, () => call(null, stale, { categoryId })));
    const states = burst.map((a) => a.headers.get('x-cache')).sort();
    expect(states.filter((s) => s === 'MISS')).toHaveLength(1);
    expect(states.filter((s) => s === 'STALE').length + states.filter((s) => s === 'HIT').length).toBe(9);
    expect(states).toContain('STALE');
    expect((await call(null, stale, { categoryId })).headers.get('x-cache')).toBe('HIT');
  });
});
