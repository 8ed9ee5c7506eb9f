/**
 * The commerce side of one region as production runs it, for benchmarks: inventory, orders and
 * the gateway each in its own process (`node --import tsx <entry>/src/main.ts`, configured by
 * environment), on one fresh database (a clone of the migrated template) and a topic prefix of
 * their own. Catalog facts reach both projections through real Kafka, as the EU catalog publishes
 * them; stock is put on the shelves with SQL (a RECEIVED movement per level), as the tests do.
 * The subgraphs the benchmark does not start are routed to a closed port.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { ROLES } from '@miw/auth';
import { createPool } from '@miw/db';
import { createKafkaBus } from '@miw/events';
import { composeSupergraph, SUBGRAPHS } from '@miw/gateway';
import { REPO_ROOT } from '@miw/local-infra';
import { createLogger } from '@miw/logging';
import { catalogMessage, createTestDatabase, readTestInfra, testTopicPrefix, waitFor, type CatalogFacts } from '@miw/testing';
import { killServices, startServiceProcess, stopServices, waitUntilReady, type ServiceProcess, type Teardown } from './processes';

/** Where the gateway routes the subgraphs the benchmark does not start: nothing listens there. */
const CLOSED_PORT_URL = 'http://127.0.0.1:9/graphql';
/** Rate limits out of the way: every shopper of the benchmark calls from one address. */
const NO_LIMIT = '1000000';
/** Connections per service pool (DB_POOL_MAX), as in the integration tests of orders. */
const POOL_MAX = '10';

export interface CommerceSystem {
  /** The gateway's GraphQL URL. */
  gatewayUrl: string;
  /** Name of the benchmark's database. */
  database: string;
  /** A small pool of the benchmark's own on that database (application_name `bench`). */
  pool: pg.Pool;
  services: { inventory: ServiceProcess; orders: ServiceProcess; gateway: ServiceProcess };
  /** Two EU stores with their partners. */
  store: { a: string; b: string };
  /** Publishes `count` ACTIVE products (price 12.50) and waits until both projections hold them. */
  publishProducts(count: number): Promise<string[]>;
  /** Puts `units` of each product on the shelf of `storeId` (one statement for all). */
  stock(storeId: string, productIds: string[], units: number): Promise<void>;
  /** on_hand and reserved of a level. */
  level(storeId: string, productId: string): Promise<{ onHand: number; reserved: number }>;
  /** Units of `productId` in orders of `storeId` that are neither cancelled nor refunded. */
  unitsOrdered(storeId: string, productId: string): Promise<number>;
}

export interface CommerceOptions {
  label: string;
  /** Opens each service's V8 inspector (CPU profiles). */
  inspect: boolean;
  startTimeoutMs: number;
}

/** The supergraph of the current subgraph schemas, in a file for the gateway process (SUPERGRAPH_PATH). */
function supergraphFile(dir: string): string {
  const { supergraphSdl, errors } = composeSupergraph();
  if (!supergraphSdl) throw new Error(`composition failed: ${errors.join('; ')}`);
  const committed = readFileSync(path.join(REPO_ROOT, 'gateway', 'supergraph.graphql'), 'utf8');
  if (committed.trim() !== supergraphSdl.trim()) process.stderr.write('note: gateway/supergraph.graphql differs from the current subgraph schemas; the gateway runs on a fresh composition\n');
  const file = path.join(dir, 'supergraph.graphql');
  writeFileSync(file, supergraphSdl);
  return file;
}

/** The environment every subgraph process gets: region, database, Kafka, secret, pool, quiet logs. */
function subgraphEnv(databaseUrl: string, prefix: string): Record<string, string> {
  const infra = readTestInfra();
  return {
    REGION: 'eu',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    INTERNAL_TOKEN_SECRET: infra.internalSecret,
    DB_POOL_MAX: POOL_MAX,
    LOG_LEVEL: 'warn',
    APOLLO_TELEMETRY_DISABLED: '1',
  };
}

/** The gateway's environment: the two subgraphs, the others on a closed port, the run's keys. */
function gatewayEnv(urls: { inventory: string; orders: string }, supergraph: string): Record<string, string> {
  const infra = readTestInfra();
  const routes = Object.fromEntries(SUBGRAPHS.map((name) => [`SUBGRAPH_URL_${name.toUpperCase()}`, name === 'inventory' ? urls.inventory : name === 'orders' ? urls.orders : CLOSED_PORT_URL]));
  return {
    REGION: 'eu',
    ...routes,
    SUPERGRAPH_PATH: supergraph,
    AUTH_KEYS_FILE: infra.authKeysFile,
    INTERNAL_TOKEN_SECRET: infra.internalSecret,
    RATE_LIMIT_PER_IP: NO_LIMIT,
    RATE_LIMIT_PER_ROLE: ROLES.map((role) => `${role}=${NO_LIMIT}`).join(','),
    RATE_LIMIT_API_KEY_PER_MINUTE: NO_LIMIT,
    RATE_LIMIT_API_KEY_PER_HOUR: NO_LIMIT,
    WS_MAX_SOCKETS_PER_USER: NO_LIMIT,
    WS_MAX_SOCKETS_PER_IP: NO_LIMIT,
    WS_MAX_CONNECTS_PER_IP_PER_SECOND: NO_LIMIT,
    LOG_LEVEL: 'warn',
    APOLLO_TELEMETRY_DISABLED: '1',
  };
}

/** The gateway is ready for the benchmark when inventory and orders answer it (the others never will). */
const gatewayReady = (_status: number, body: unknown) => {
  const checks = (body as { checks?: Record<string, string> } | null)?.checks;
  return checks?.inventory === 'ok' && checks.orders === 'ok';
};

/** Starts inventory, orders and the gateway as processes and waits until each is ready. */
async function startServices(databaseUrl: string, prefix: string, options: CommerceOptions, teardown: Teardown): Promise<CommerceSystem['services']> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'miw-bench-gateway-'));
  teardown.add('removing the supergraph file', async () => rmSync(dir, { recursive: true, force: true }));
  const supergraph = supergraphFile(dir);
  const started: ServiceProcess[] = [];
  // Last resort: the services never outlive this process, even when it dies without cleaning up.
  process.once('exit', () => killServices(started));
  teardown.add('stopping the services', () => stopServices([...started].reverse()));
  const start = async (id: string, entry: string, env: Record<string, string>) => {
    const service = await startServiceProcess({ id, entry, env, inspect: options.inspect });
    started.push(service);
    return service;
  };
  const env = subgraphEnv(databaseUrl, prefix);
  const inventory = await start('inventory', 'subgraphs/inventory/src/main.ts', env);
  const orders = await start('orders', 'subgraphs/orders/src/main.ts', { ...env, INVENTORY_URL: inventory.origin, PAYMENTS_TEST_CARD: 'false' });
  const gateway = await start('gateway', 'gateway/src/main.ts', gatewayEnv({ inventory: `${inventory.origin}/graphql`, orders: `${orders.origin}/graphql` }, supergraph));
  await Promise.all([waitUntilReady(inventory, options.startTimeoutMs), waitUntilReady(orders, options.startTimeoutMs)]);
  await waitUntilReady(gateway, options.startTimeoutMs, gatewayReady);
  return { inventory, orders, gateway };
}

type Entity = 'Store' | 'Product' | 'Manufacturer';
const TABLE: Record<Entity, string> = { Store: 'catalog_store', Product: 'catalog_product', Manufacturer: 'catalog_manufacturer' };

/**
 * Publishes catalog snapshots to Kafka and waits until the projections of orders and inventory
 * hold every one of them (ids are fresh, so being there is enough).
 */
function catalogPublisher(pool: pg.Pool, prefix: string, teardown: Teardown) {
  const bus = createKafkaBus({ brokers: readTestInfra().kafkaBrokers, clientId: 'bench-checkout', logger: createLogger({ service: 'bench', level: 'warn' }) });
  const producer = bus.producer();
  teardown.add('closing the Kafka producer', async () => {
    await producer.disconnect().catch(() => undefined);
    await bus.close();
  });
  const present = async (schema: string, entity: Entity, ids: string[]) =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.${TABLE[entity]} WHERE id = ANY($1::uuid[])`, [ids])).rows[0]!.n) === ids.length;
  return async (messages: [Entity, CatalogFacts][]) => {
    await producer.send(messages.map(([entity, facts]) => catalogMessage(entity, facts, prefix)));
    const byEntity = new Map<Entity, string[]>();
    for (const [entity, facts] of messages) byEntity.set(entity, [...(byEntity.get(entity) ?? []), facts.id]);
    await waitFor(
      async () => {
        for (const [entity, ids] of byEntity) if (!(await present('orders', entity, ids)) || !(await present('inventory', entity, ids))) return false;
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'the catalog projections of orders and inventory' },
    );
  };
}

/**
 * Provisions the database and topic prefix, starts the services and publishes a maker and two EU
 * stores. Everything it starts is undone by `teardown` (also when it fails half way).
 */
export async function startCommerce(options: CommerceOptions, teardown: Teardown): Promise<CommerceSystem> {
  const db = await createTestDatabase(options.label);
  teardown.add(`dropping database ${db.name}`, () => db.drop());
  const prefix = testTopicPrefix(options.label);
  const pool = createPool({ url: db.url, max: 4, name: 'bench' });
  teardown.add('closing the bench pool', () => pool.end());
  const services = await startServices(db.url, prefix, options, teardown);
  const publish = catalogPublisher(pool, prefix, teardown);
  const now = () => new Date().toISOString();
  const maker = randomUUID();
  const store = { a: randomUUID(), b: randomUUID() };
  await publish([
    ['Manufacturer', { id: maker, organizationId: randomUUID(), updatedAt: now() }],
    ['Store', { id: store.a, region: 'eu', partnerOrganizationId: randomUUID(), updatedAt: now() }],
    ['Store', { id: store.b, region: 'eu', partnerOrganizationId: randomUUID(), updatedAt: now() }],
  ]);
  return {
    gatewayUrl: `${services.gateway.origin}/graphql`,
    database: db.name,
    pool,
    services,
    store,
    async publishProducts(count) {
      const ids = Array.from({ length: count }, () => randomUUID());
      await publish(ids.map((id) => ['Product', { id, manufacturerId: maker, priceAmount: 1_250, updatedAt: now() }]));
      return ids;
    },
    async stock(storeId, productIds, units) {
      await pool.query(
        `WITH l AS (INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, low_stock_threshold, updated_at)
           SELECT gen_random_uuid(), $1, p, $3, 0, 0, now() FROM unnest($2::uuid[]) AS p
           ON CONFLICT (store_id, product_id) DO UPDATE SET on_hand = inventory.inventory_level.on_hand + EXCLUDED.on_hand, updated_at = now() RETURNING id)
         INSERT INTO inventory.inventory_movement (id, level_id, delta, reason, correlation_id, created_at)
           SELECT gen_random_uuid(), l.id, $3, 'RECEIVED', 'bench-stock', now() FROM l`,
        [storeId, productIds, units],
      );
    },
    async level(storeId, productId) {
      const { rows } = await pool.query<{ on_hand: number; reserved: number }>(`SELECT on_hand, reserved FROM inventory.inventory_level WHERE store_id = $1 AND product_id = $2`, [storeId, productId]);
      return { onHand: rows[0]?.on_hand ?? 0, reserved: rows[0]?.reserved ?? 0 };
    },
    async unitsOrdered(storeId, productId) {
      const { rows } = await pool.query<{ units: string | null }>(
        `SELECT sum(i.quantity) AS units FROM orders.order_item i JOIN orders."order" o ON o.id = i.order_id
          WHERE o.store_id = $1 AND i.product_id = $2 AND o.status NOT IN ('CANCELLED', 'REFUNDED')`,
        [storeId, productId],
      );
      return Number(rows[0]!.units ?? 0);
    },
  };
}
