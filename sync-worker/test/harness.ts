/**
 * Two regions for sync tests: a database per region (real PostgreSQL), the auth subgraph of each
 * region and the EU catalog subgraph (their outbox relays publish to real Kafka under a topic prefix
 * of this file), and helpers to write through the real write paths, publish hand-made envelopes
 * and read both regions.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { UserViewer } from '@miw/auth';
import { createPool } from '@miw/db';
import { createKafkaBus, type EventBus, type EventProducer } from '@miw/events';
import { productEvents, topicName, userEvents, type EventEnvelope, type RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp as createAuthApp } from '@miw/subgraph-auth';
import { createApp as createCatalogApp } from '@miw/subgraph-catalog';
import { createSyncWorker, type SyncWorker, type SyncWorkerDeps } from '@miw/sync-worker';
import { createTestDatabase, graphql, internalHeaders, readTestInfra, startTestSubgraph, testKeys, testLogger, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';

interface Region {
  code: RegionCode;
  db: TestDatabase;
  pool: Pool;
  auth: RunningSubgraph;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  updated_at: Date;
  deleted_at: Date | null;
  last_event_id: string | null;
}

export interface TwoRegions {
  prefix: string;
  logger: Logger;
  eu: Region;
  cn: Region;
  catalog: RunningSubgraph;
  bus: EventBus;
  producer: EventProducer;
  region(code: RegionCode): Region;
  /** Starts the in-process worker of one direction (stopped by close()). */
  startWorker(from: RegionCode, to: RegionCode, extra?: Partial<SyncWorkerDeps>): Promise<SyncWorker>;
  createUser(code: RegionCode, email: string, name: string): Promise<string>;
  updateUser(code: RegionCode, id: string, name: string): Promise<UserRow>;
  deactivateUser(code: RegionCode, id: string): Promise<void>;
  createProduct(sku: string): Promise<string>;
  user(code: RegionCode, id: string): Promise<UserRow | undefined>;
  /** Publishes raw values (or envelopes) on `<prefix><region>.<domain>.<entity>.v1`. */
  publish(region: RegionCode, domain: string, entity: string, events: (EventEnvelope | string)[], key?: string): Promise<void>;
  /** A user snapshot event as the auth write path would make it. */
  userEvent(origin: RegionCode, base: UserRow, changes: Partial<{ name: string; email: string; updatedAt: Date; deletedAt: Date | null; role: string }>): EventEnvelope;
  /** Waits until both regions hold the same version and content of the user; returns it. */
  converged(id: string, what?: string): Promise<UserRow>;
  close(): Promise<void>;
}

const admin = (region: RegionCode): UserViewer => ({ kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region, scopes: [] });

export interface TwoRegionOptions {
  /** Another Kafka than the test run's (the broker-restart test runs its own). */
  /** May be a promise (a private broker starting while the databases are made). */
  brokers?: string[] | Promise<string[]>;
  /** false: no subgraph runs, so no outbox relay publishes (the relay-crash test drives its own). */
  subgraphs?: boolean;
}

export async function startTwoRegions(label: string, options: TwoRegionOptions = {}): Promise<TwoRegions> {
  const prefix = testTopicPrefix(label);
  const logger = testLogger(`sync-${label}`);
  const keys = await testKeys();
  const [euDb, cnDb] = await Promise.all([createTestDatabase(`${label}eu`), createTestDatabase(`${label}cn`)]);
  const { subgraphs = true } = options;
  const brokers = await (options.brokers ?? readTestInfra().kafkaBrokers);
  const startAuth = (db: TestDatabase, region: RegionCode) =>
    startTestSubgraph({ domain: 'auth', region, databaseUrl: db.url, topicPrefix: prefix, env: { KAFKA_BROKERS: brokers.join(',') }, createApp: (deps) => createAuthApp({ ...deps, keys }) });
  const none = Promise.resolve(undefined as unknown as RunningSubgraph);
  const [euAuth, cnAuth, catalog] = await Promise.all([
    subgraphs ? startAuth(euDb, 'eu') : none,
    subgraphs ? startAuth(cnDb, 'cn') : none,
    subgraphs ? startTestSubgraph({ domain: 'catalog', databaseUrl: euDb.url, createApp: createCatalogApp, topicPrefix: prefix, env: { KAFKA_BROKERS: brokers.join(',') } }) : none,
  ]);
  const eu: Region = { code: 'eu', db: euDb, pool: createPool({ url: euDb.url, max: 4 }), auth: euAuth };
  const cn: Region = { code: 'cn', db: cnDb, pool: createPool({ url: cnDb.url, max: 4 }), auth: cnAuth };
  const region = (code: RegionCode) => (code === 'eu' ? eu : cn);
  const bus = createKafkaBus({ brokers, clientId: `sync-${label}`, logger });
  const producer = bus.producer();
  const workers: SyncWorker[] = [];

  async function asAdmin<D>(code: RegionCode, query: string, variables: Record<string, unknown>): Promise<D> {
    const res = await graphql<D>(region(code).auth.url, query, variables, await internalHeaders(admin(code)));
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }

  const user = async (code: RegionCode, id: string) =>
    (await region(code).pool.query<UserRow>(`SELECT id, email, name, role, updated_at, deleted_at, last_event_id FROM auth."user" WHERE id = $1`, [id])).rows[0];

  const same = (a?: UserRow, b?: UserRow) =>
    a && b && a.name === b.name && a.role === b.role && a.updated_at.getTime() === b.updated_at.getTime() && a.last_event_id === b.last_event_id && String(a.deleted_at) === String(b.deleted_at);

  return {
    prefix,
    logger,
    eu,
    cn,
    catalog,
    bus,
    producer,
    region,
    async startWorker(from, to, extra = {}) {
      const worker = createSyncWorker({ bus, target: region(to).pool, from, to, logger, topicPrefix: prefix, statusEveryMs: 0, maxBackoffMs: 500, ...extra });
      workers.push(worker);
      await worker.start();
      return worker;
    },
    async createUser(code, email, name) {
      const data = await asAdmin<{ createUser: { user: { id: string } | null; errors: unknown[] } }>(
        code,
        `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code message } } }`,
        { i: { email, name, role: 'CUSTOMER' } },
      );
      if (!data.createUser.user) throw new Error(JSON.stringify(data.createUser.errors));
      return data.createUser.user.id;
    },
    async updateUser(code, id, name) {
      const data = await asAdmin<{ updateUser: { errors: unknown[] } }>(code, `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id } errors { code message } } }`, { i: { id, name } });
      if (data.updateUser.errors.length) throw new Error(JSON.stringify(data.updateUser.errors));
      return (await user(code, id))!;
    },
    async deactivateUser(code, id) {
      const data = await asAdmin<{ deactivateUser: { errors: unknown[] } }>(code, `mutation($id: ID!) { deactivateUser(id: $id) { user { id } errors { code message } } }`, { id });
      if (data.deactivateUser.errors.length) throw new Error(JSON.stringify(data.deactivateUser.errors));
    },
    async createProduct(sku) {
      const res = await graphql<{ createProduct: { product: { id: string } } }>(
        catalog.url,
        `mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } errors { code } } }`,
        { i: { sku, name: `name of ${sku}`, price: { amount: 500, currency: 'EUR' } } },
        await internalHeaders(admin('eu')),
      );
      return res.data!.createProduct.product.id;
    },
    user,
    async publish(code, domain, entity, events, key = 'k') {
      await producer.send(events.map((e) => ({ topic: topicName(code, domain, entity, prefix), key, value: typeof e === 'string' ? e : JSON.stringify(e) })));
    },
    userEvent(origin, base, changes) {
      const updatedAt = changes.updatedAt ?? new Date(base.updated_at.getTime() + 1);
      const payload = {
        id: base.id,
        email: changes.email ?? base.email,
        name: changes.name ?? base.name,
        // A role outside the contract is allowed here on purpose (poison tests).
        role: (changes.role ?? base.role) as 'CUSTOMER',
        organizationId: null,
        homeRegion: 'eu' as const,
        originRegion: 'eu' as const,
        createdAt: base.updated_at.toISOString(),
        updatedAt: updatedAt.toISOString(),
        deletedAt: changes.deletedAt === undefined ? (base.deleted_at?.toISOString() ?? null) : (changes.deletedAt?.toISOString() ?? null),
      };
      return userEvents.message('updated', { entityId: base.id, originRegion: origin, entityUpdatedAt: updatedAt, correlationId: 'sync-test', payload }).envelope;
    },
    async converged(id, what = 'both regions to converge') {
      return waitFor(
        async () => {
          const [a, b] = await Promise.all([user('eu', id), user('cn', id)]);
          return same(a, b) ? a : undefined;
        },
        { what, timeoutMs: 60_000, intervalMs: 100 },
      );
    },
    async close() {
      await Promise.allSettled(workers.map((w) => w.stop()));
      await producer.disconnect().catch(() => undefined);
      await bus.close();
      await Promise.allSettled([euAuth?.close(), cnAuth?.close(), catalog?.close()]);
      await Promise.allSettled([eu.pool.end(), cn.pool.end()]);
      await Promise.allSettled([euDb.drop(), cnDb.drop()]);
    },
  };
}

/** A product snapshot event as the EU catalog write path makes it (for floods of hand-made events). */
export function productEvent(sku: string, at = new Date()): EventEnvelope {
  const id = randomUUID();
  const stamp = at.toISOString();
  const payload = {
    id,
    sku,
    name: `name of ${sku}`,
    description: '',
    priceAmount: 500,
    currency: 'EUR',
    attributes: {},
    status: 'ACTIVE' as const,
    manufacturerId: null,
    categoryId: null,
    originRegion: 'eu' as const,
    createdAt: stamp,
    updatedAt: stamp,
    deletedAt: null,
  };
  return productEvents.message('created', { entityId: id, originRegion: 'eu', entityUpdatedAt: at, correlationId: 'sync-test', payload }).envelope;
}
