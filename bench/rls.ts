/**
 * npm run bench -- rls: what row-level security costs a typical read. The same subgraph runs
 * twice on one database: as the service runs now (its database role, the scope statement on
 * each checkout, the policies of the tenant tables) and as it ran before (the tables' owner, no
 * scope: policies bypassed). Both answer the same requests, alternating viewers:
 *   - a partner's stock page: Store.inventoryLevels of its store;
 *   - a shopper's orders: myOrders(first: 20) with lines;
 *   - a partner's store orders: storeOrders(first: 20) (the policy's organization clause).
 * Prints p50/p95 latency (closed loop, BENCH_CONCURRENCY requests in flight, BENCH_REQUESTS per
 * case), SQL statements per request (the application's, and the scope statements sent) and CPU per
 * request of this process (client and subgraphs). Needs PostgreSQL (PG_URL_EU) and Kafka
 * (KAFKA_BROKERS); uses its own database and topic prefix and drops the database at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import pg, { type Pool } from 'pg';
import { INTERNAL_HEADER, signInternalToken, type UserViewer } from '@miw/auth';
import { DomainServiceEnv, parseEnv } from '@miw/config';
import { createPool, dropDatabase, ensureDatabase, migrateAll, withDatabase } from '@miw/db';
import { createLogger } from '@miw/logging';
import { startDomainSubgraph, type DomainDeps, type RunningSubgraph, type SubgraphApp } from '@miw/service-kit';
import { createApp as createInventory } from '@miw/subgraph-inventory';
import { createApp as createOrders } from '@miw/subgraph-orders';
import { runBenchmark, type Teardown } from './lib/processes';

const PG = process.env.PG_URL_EU ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const STORES = 20;
const PRODUCTS = 200;
const SHOPPERS = 500;
const ORDERS_PER_SHOPPER = 20;
const say = (line: string) => process.stdout.write(`${line}\n`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Counters {
  statements: number;
  scopes: number;
}

interface Variant {
  name: string;
  url: string;
  counters: Counters;
}

/** Counts the scope statements the pools actually send (a connection already holding the scope is not sent it again). */
const scopeCounters: Counters[] = [];
function countScopeStatements(): void {
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    // Only the variant being measured has traffic: every counter is reset before its own run.
    if ((typeof first === 'string' ? first : first?.text)?.startsWith("SELECT set_config('miw.user_id'")) for (const c of scopeCounters) c.scopes++;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

async function main(teardown: Teardown): Promise<void> {
  countScopeStatements();
  const database = `miw_bench_rls_${randomBytes(3).toString('hex')}`;
  const url = withDatabase(PG, database);
  await ensureDatabase(PG, database);
  teardown.add('drop the database', () => dropDatabase(PG, database));
  await migrateAll(url, path.join(__dirname, '..', 'prisma'), ['inventory', 'orders']);
  const secret = randomBytes(32).toString('hex');
  const prefix = `bench.${randomBytes(3).toString('hex')}.`;
  const logger = createLogger({ service: 'bench', level: 'silent' });

  /** The subgraph as it runs now, and as it ran before row-level security (owner pool, no scope). */
  const start = async (domain: 'inventory' | 'orders', createApp: (deps: DomainDeps) => SubgraphApp): Promise<[Variant, Variant, RunningSubgraph]> => {
    const env = parseEnv(domain, DomainServiceEnv, {
      NODE_ENV: 'test', REGION: 'eu', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, KAFKA_BROKERS: BROKERS,
      KAFKA_TOPIC_PREFIX: prefix, INTERNAL_TOKEN_SECRET: secret, DB_POOL_MAX: '10',
      // Orders: no checkout here, so no inventory to reach.
      INVENTORY_URL: 'http://127.0.0.1:9',
    });
    const now: Counters = { statements: 0, scopes: 0 };
    const before: Counters = { statements: 0, scopes: 0 };
    const rls = await startDomainSubgraph({ domain, env, logger, createApp, onQuery: () => void now.statements++ });
    teardown.add(`stop ${domain}`, () => rls.close());
    scopeCounters.push(now);
    const ownerPool: Pool = createPool({ url, max: 10, name: 'bench-before', onQuery: () => void before.statements++ });
    const old = await startDomainSubgraph({ domain, env, logger, createApp: (deps) => createApp({ ...deps, pool: ownerPool }) });
    teardown.add(`stop ${domain} (before)`, async () => {
      await old.close();
      await ownerPool.end();
    });
    return [{ name: 'before (owner, no scope)', url: old.url, counters: before }, { name: 'row-level security', url: rls.url, counters: now }, rls];
  };
  const [invBefore, invNow, inventory] = await start('inventory', createInventory as (deps: DomainDeps) => SubgraphApp);
  const [ordBefore, ordNow] = await start('orders', createOrders as (deps: DomainDeps) => SubgraphApp);

  const world = await seed(inventory.pool);
  const user = (role: UserViewer['role'], userId: string, organizationId: string | null): UserViewer => ({ kind: 'user', userId, role, organizationId, region: 'eu', scopes: [] });
  // Internal tokens are short-lived: each viewer's is signed again every 10 s (the same for both variants).
  const signer = (viewer: UserViewer) => {
    let token = { value: '', at: 0 };
    return async () => {
      if (Date.now() - token.at > 10_000) token = { value: await signInternalToken(secret, viewer, 'bench'), at: Date.now() };
      return token.value;
    };
  };
  const partners = world.stores.map((s) => signer(user('PARTNER', randomUUID(), s.org)));
  const shoppers = world.shoppers.slice(0, 100).map((id) => signer(user('CUSTOMER', id, null)));

  const cases: { name: string; variants: [Variant, Variant]; request: (i: number) => { token: () => Promise<string>; query: string; variables?: unknown; rows: (data: unknown) => number } }[] = [
    {
      name: "partner's stock page (Store.inventoryLevels)",
      variants: [invBefore, invNow],
      request: (i) => {
        const store = world.stores[i % STORES]!;
        return {
          token: partners[i % STORES]!,
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { inventoryLevels { onHand reserved available } } } }',
          variables: { r: [{ __typename: 'Store', id: store.id, partnerOrganization: { id: store.org } }] },
          rows: (data) => ((data as { _entities: { inventoryLevels: unknown[] }[] })._entities[0]?.inventoryLevels.length ?? 0),
        };
      },
    },
    {
      name: "shopper's orders (myOrders first 20, with lines)",
      variants: [ordBefore, ordNow],
      request: (i) => ({
        token: shoppers[i % shoppers.length]!,
        query: '{ myOrders(first: 20) { edges { node { id status items { quantity } } } } }',
        rows: (data) => (data as { myOrders: { edges: unknown[] } }).myOrders.edges.length,
      }),
    },
    {
      name: "partner's store orders (storeOrders first 20)",
      variants: [ordBefore, ordNow],
      request: (i) => ({
        token: partners[i % STORES]!,
        query: 'query($s: ID!) { storeOrders(storeId: $s, first: 20) { edges { node { id status items { quantity } } } } }',
        variables: { s: world.stores[i % STORES]!.id },
        rows: (data) => (data as { storeOrders: { edges: unknown[] } }).storeOrders.edges.length,
      }),
    },
  ];

  say(`row-level security cost: ${REQUESTS} requests per case and variant, ${CONCURRENCY} in flight, viewers alternating`);
  say('case / variant                                   p50 ms  p95 ms  SQL/req  scope stmts/req  CPU ms/req  rows/req');
  for (const c of cases) {
    say(c.name);
    for (const variant of c.variants) {
      const post = async (i: number) => {
        const r = c.request(i);
        const res = await fetch(variant.url, { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: await r.token() }, body: JSON.stringify({ query: r.query, variables: r.variables }) });
        const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
        if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
        return r.rows(body.data);
      };
      for (let i = 0; i < 100; i++) await post(i); // warm-up: prepared statements, plans, JIT
      variant.counters.statements = 0;
      variant.counters.scopes = 0;
      const latencies: number[] = [];
      let rows = 0;
      let next = 0;
      const cpu = process.cpuUsage();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < REQUESTS; i = next++) {
            const started = performance.now();
            const found = await post(i);
            rows += found;
            latencies.push(performance.now() - started);
          }
        }),
      );
      const used = process.cpuUsage(cpu);
      latencies.sort((a, b) => a - b);
      say(
        `  ${variant.name.padEnd(46)} ${pct(latencies, 50).toFixed(2).padStart(6)}  ${pct(latencies, 95).toFixed(2).padStart(6)}  ${(variant.counters.statements / REQUESTS).toFixed(1).padStart(7)}  ${(variant.counters.scopes / REQUESTS).toFixed(1).padStart(15)}  ${((used.user + used.system) / 1000 / REQUESTS).toFixed(2).padStart(10)}  ${(rows / REQUESTS).toFixed(0).padStart(8)}`,
      );
    }
  }
}

/** Stores run by partners, products with makers, stock of every product in every store, and shoppers' orders. */
async function seed(owner: Pool): Promise<{ stores: { id: string; org: string }[]; shoppers: string[] }> {
  const stores = Array.from({ length: STORES }, () => ({ id: randomUUID(), org: randomUUID() }));
  const shoppers = Array.from({ length: SHOPPERS }, () => randomUUID());
  const makers = Array.from({ length: 10 }, () => ({ id: randomUUID(), org: randomUUID() }));
  await owner.query(`INSERT INTO inventory.catalog_manufacturer (id, organization_id, updated_at) SELECT * , now() FROM unnest($1::uuid[], $2::uuid[])`, [makers.map((m) => m.id), makers.map((m) => m.org)]);
  await owner.query(
    `INSERT INTO inventory.catalog_product (id, manufacturer_id, updated_at) SELECT gen_random_uuid(), ($1::uuid[])[1 + i % 10], now() FROM generate_series(1, $2) i`,
    [makers.map((m) => m.id), PRODUCTS],
  );
  for (const schema of ['inventory', 'orders']) {
    await owner.query(`INSERT INTO ${schema}.catalog_store (id, region, partner_organization_id, updated_at) SELECT s, 'eu', o, now() FROM unnest($1::uuid[], $2::uuid[]) AS t(s, o)`, [stores.map((s) => s.id), stores.map((s) => s.org)]);
  }
  await owner.query(`INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, updated_at) SELECT gen_random_uuid(), s.id, p.id, 100, 3, now() FROM inventory.catalog_store s, inventory.catalog_product p`);
  await owner.query(
    `INSERT INTO orders."order" (id, user_id, store_id, partner_organization_id, status, total_amount, currency, payment_provider, expires_at, created_at, updated_at)
     SELECT gen_random_uuid(), u, ($3::uuid[])[1 + (k + n) % $5], ($4::uuid[])[1 + (k + n) % $5], 'PLACED', 1000, 'EUR', 'manual', now() + interval '1 day', now() - (n || ' minutes')::interval, now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS x(u, k), generate_series(1, $2) n`,
    [shoppers, ORDERS_PER_SHOPPER, stores.map((s) => s.id), stores.map((s) => s.org), STORES],
  );
  await owner.query(
    `INSERT INTO orders.order_item (order_id, product_id, sku, name, quantity, unit_price_amount, manufacturer_organization_id)
     SELECT o.id, gen_random_uuid(), 'SKU-' || k, 'Item ' || k, k, 500, $1::uuid FROM orders."order" o, generate_series(1, 2) k`,
    [makers[0]!.org],
  );
  await owner.query('ANALYZE');
  return { stores, shoppers };
}

runBenchmark('bench:rls', main);
