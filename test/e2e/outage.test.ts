/**
 * End to end: PostgreSQL stopped for 10 s, then the Kafka broker restarted, while an admin keeps
 * creating and renaming products in EU. The services stay up and answer clear errors while a part
 * is down (SERVICE_UNAVAILABLE, /readyz 503 naming it), recover without a restart, and every
 * acknowledged write reaches CN exactly once (outbox -> Kafka -> the sync worker's inbox).
 *
 * This file owns the PostgreSQL server and the broker it stops (an embedded PostgreSQL and a
 * kafka-local.sh broker on free ports, state under the OS temp dir): the shared ones are never touched.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import type { UserViewer } from '@miw/auth';
import { createPool, migrateAll, withDatabase } from '@miw/db';
import { createKafkaBus, type EventBus } from '@miw/events';
import { REPO_ROOT, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@miw/local-infra';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp as createCatalogApp } from '@miw/subgraph-catalog';
import { createApp as createInventoryApp } from '@miw/subgraph-inventory';
import { createSyncWorker, type SyncWorker } from '@miw/sync-worker';
import { graphql, internalHeaders, PRISMA_ROOT, startTestSubgraph, testLogger, testTopicPrefix, waitFor } from '@miw/testing';
import { isFree } from './support/ports';

const OUTAGE_MS = 10_000;
const admin: UserViewer = { kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] };
const log = testLogger('outage');

/** `count` free ports below the ephemeral range (see ./support/ports). */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (!ports.includes(port) && (await isFree(port))) ports.push(port);
  }
  return ports;
}

/** A broker of this file: tools/kafka/kafka-local.sh on its own ports and state directory. */
function privateKafka(port: number, controllerPort: number, stateDir: string) {
  const run = (command: 'start' | 'stop') =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('bash', [path.join(REPO_ROOT, 'tools', 'kafka', 'kafka-local.sh'), command], {
        env: { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_STATE_DIR: stateDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (out = (out + chunk.toString()).slice(-4000)));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kafka-local.sh ${command} exited with ${code}:\n${out}`))));
    });
  return { brokers: [`127.0.0.1:${port}`], start: () => run('start'), stop: () => run('stop') };
}

interface Write {
  at: number;
  kind: 'create' | 'rename';
  id?: string;
  sku: string;
  name: string;
  ok: boolean;
  code?: string;
  message?: string;
}

describe('a 10 s PostgreSQL outage and a Kafka broker restart during writes', () => {
  let tmp: string;
  let pg: EmbeddedPostgresHandle | undefined;
  let pgPort: number;
  let pgDataDir: string;
  let kafka: ReturnType<typeof privateKafka>;
  let kafkaUp = false;
  let eu: RunningSubgraph | undefined;
  let inventory: RunningSubgraph | undefined;
  let cn: RunningSubgraph | undefined;
  let bus: EventBus | undefined;
  let worker: SyncWorker | undefined;
  let euPool: Pool | undefined;
  let cnPool: Pool | undefined;
  let syncPool: Pool | undefined;
  let urls: { eu: string; cn: string };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'miw-outage-'));
    const [port, kafkaPort, controllerPort] = await freePorts(3);
    pgPort = port!;
    pgDataDir = path.join(tmp, 'postgres');
    kafka = privateKafka(kafkaPort!, controllerPort!, path.join(tmp, 'kafka'));
    const kafkaStarted = kafka.start().then(() => void (kafkaUp = true));
    pg = await startEmbeddedPostgres({ dataDir: pgDataDir, port: pgPort, fast: true });
    urls = { eu: withDatabase(pg.url, 'outage_eu'), cn: withDatabase(pg.url, 'outage_cn') };
    const server = createPool({ url: pg.url, max: 1 });
    for (const db of ['outage_eu', 'outage_cn']) await server.query(`CREATE DATABASE ${db}`);
    await server.end();
    await Promise.all([migrateAll(urls.eu, PRISMA_ROOT), migrateAll(urls.cn, PRISMA_ROOT)]);
    await kafkaStarted;

    const prefix = testTopicPrefix('outage');
    const env = { KAFKA_BROKERS: kafka.brokers.join(',') };
    [eu, inventory, cn] = await Promise.all([
      startTestSubgraph({ domain: 'catalog', region: 'eu', databaseUrl: urls.eu, topicPrefix: prefix, env, createApp: createCatalogApp }),
      startTestSubgraph({ domain: 'inventory', region: 'eu', databaseUrl: urls.eu, topicPrefix: prefix, env, createApp: createInventoryApp }),
      startTestSubgraph({ domain: 'catalog', region: 'cn', databaseUrl: urls.cn, topicPrefix: prefix, env, createApp: createCatalogApp }),
    ]);
    euPool = createPool({ url: urls.eu, max: 2 });
    cnPool = createPool({ url: urls.cn, max: 2 });
    bus = createKafkaBus({ brokers: kafka.brokers, clientId: 'outage-sync', logger: log });
    syncPool = createPool({ url: urls.cn, max: 4, name: 'sync-worker-cn' });
    worker = createSyncWorker({ bus, target: syncPool, from: 'eu', to: 'cn', logger: log, topicPrefix: prefix, statusEveryMs: 0, maxBackoffMs: 1_000 });
    await worker.start();
  }, 180_000);

  afterAll(async () => {
    await worker?.stop().catch(() => undefined);
    await bus?.close().catch(() => undefined);
    await Promise.allSettled([eu?.close(), inventory?.close(), cn?.close(), euPool?.end(), cnPool?.end(), syncPool?.end()]);
    await pg?.stop();
    if (kafkaUp) await kafka.stop().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }, 120_000);

  it('stays up, answers clear errors, recovers by itself, and loses and doubles nothing', async () => {
    const services = { 'eu catalog': eu!, 'eu inventory': inventory!, 'cn catalog': cn! };
    const probe = async (route: '/healthz' | '/readyz') =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(services).map(async ([name, s]) => {
            const res = await fetch(`http://127.0.0.1:${s.port}${route}`);
            return [name, { status: res.status, body: (await res.json()) as { checks?: Record<string, string> } }] as const;
          }),
        ),
      );
    const allReady = async () => Object.values(await probe('/readyz')).every((r) => r.status === 200);

    // The admin's writes, one after the other, until told to stop: new products and renames.
    const writes: Write[] = [];
    const created: { id: string; sku: string }[] = [];
    let writing = true;
    const writeOnce = async (i: number): Promise<Write> => {
      const headers = await internalHeaders(admin);
      const rename = i % 2 === 1 && created.length > 0;
      const target = rename ? created[i % created.length]! : undefined;
      const sku = target?.sku ?? `OUT-${i}-${randomUUID().slice(0, 8).toUpperCase()}`;
      const name = `${rename ? 'renamed' : 'created'} ${i}`;
      const res = rename
        ? await graphql<{ updateProduct: { product: { id: string } | null; errors: { code: string }[] } }>(eu!.url, `mutation($i: UpdateProductInput!) { updateProduct(input: $i) { product { id } errors { code } } }`, { i: { id: target!.id, name } }, headers)
        : await graphql<{ createProduct: { product: { id: string } | null; errors: { code: string }[] } }>(
            eu!.url,
            `mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } errors { code } } }`,
            { i: { sku, name, price: { amount: 100 + i, currency: 'EUR' } } },
            headers,
          );
      const payload = res.data ? Object.values(res.data)[0] : undefined;
      const ok = res.status === 200 && !res.errors && payload?.errors.length === 0 && !!payload.product;
      const write: Write = { at: Date.now(), kind: rename ? 'rename' : 'create', sku, name, ok, ...(payload?.product ? { id: payload.product.id } : {}) };
      if (!ok) Object.assign(write, { code: res.errors?.[0]?.extensions?.code ?? payload?.errors[0]?.code, message: res.errors?.[0]?.message });
      if (ok && !rename) created.push({ id: write.id!, sku });
      return write;
    };
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        writes.push(await writeOnce(i).catch((e: Error) => ({ at: Date.now(), kind: 'create' as const, sku: '', name: '', ok: false, message: e.message })));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const acknowledged = () => writes.filter((w) => w.ok).length;
    const moreAcknowledged = (n: number, what: string, timeoutMs = 20_000) => {
      const from = acknowledged();
      return waitFor(() => acknowledged() >= from + n, { what, timeoutMs });
    };

    try {
      await moreAcknowledged(10, 'writes before the database outage');

      // 1. PostgreSQL down for 10 s.
      await pg!.stop();
      const pgDownAt = Date.now();
      await waitFor(() => writes.some((w) => w.at > pgDownAt && !w.ok), { what: 'a refused write while the database is down', timeoutMs: 10_000 });
      const health = await probe('/healthz');
      const ready = await probe('/readyz');
      await waitFor(() => Date.now() - pgDownAt >= OUTAGE_MS, { timeoutMs: OUTAGE_MS + 1_000, intervalMs: 200 });
      const duringDbOutage = writes.filter((w) => w.at > pgDownAt + 1_000);
      pg = await startEmbeddedPostgres({ dataDir: pgDataDir, port: pgPort, fast: true });
      const pgUpAt = Date.now();
      await moreAcknowledged(1, 'a write after the database came back');
      const writesBackMs = Date.now() - pgUpAt;
      await waitFor(allReady, { what: 'every /readyz 200 after the database outage', timeoutMs: 30_000, intervalMs: 100 });
      const readyAfterDbMs = Date.now() - pgUpAt;
      // Each outbox relay LISTENs again on a new connection (commits wake it at once, not at its next poll).
      const listening = async () => (await euPool!.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND state = 'idle'`)).rows[0]!.n;
      await waitFor(async () => (await listening()) === 3, { what: 'the three outbox relays listening again', timeoutMs: 15_000, intervalMs: 100 });
      const listeningAfterDbMs = Date.now() - pgUpAt;

      expect(Object.values(health).map((h) => h.status)).toEqual([200, 200, 200]);
      for (const r of Object.values(ready)) {
        expect(r.status).toBe(503);
        expect(r.body.checks?.postgres).not.toBe('ok');
      }
      expect(duringDbOutage.length).toBeGreaterThan(3);
      expect(duringDbOutage.filter((w) => w.ok)).toEqual([]);
      expect(new Set(duringDbOutage.map((w) => w.code))).toEqual(new Set(['SERVICE_UNAVAILABLE']));

      // 2. The broker restarts (controlled stop, then start) while writes go on.
      await moreAcknowledged(5, 'writes before the broker restart');
      await kafka.stop();
      kafkaUp = false;
      const kafkaDownAt = Date.now();
      await moreAcknowledged(5, 'writes while the broker is down');
      const readyNoKafka = await waitFor(
        async () => {
          const all = await probe('/readyz');
          return Object.values(all).every((r) => r.status === 503 && r.body.checks?.kafka !== 'ok') ? all : undefined;
        },
        { what: '/readyz 503 naming kafka', timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(Object.keys(readyNoKafka)).toHaveLength(3);
      await kafka.start();
      kafkaUp = true;
      const kafkaUpAt = Date.now();
      await waitFor(allReady, { what: 'every /readyz 200 after the broker restart', timeoutMs: 60_000, intervalMs: 100 });
      const readyAfterKafkaMs = Date.now() - kafkaUpAt;
      const unpublished = async () => (await euPool!.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.outbox WHERE published_at IS NULL`)).rows[0]!.n;
      await waitFor(async () => (await unpublished()) === 0, { what: 'the outbox drained after the broker restart', timeoutMs: 60_000, intervalMs: 100 });
      const outboxDrainedMs = Date.now() - kafkaUpAt;
      // The sync worker's consumer is back: every event written before the broker returned is applied in CN.
      const { rows: before } = await euPool!.query<{ event_id: string }>(`SELECT event_id FROM catalog.outbox WHERE topic LIKE '%.catalog.product.%' AND created_at <= $1`, [new Date(kafkaUpAt)]);
      await waitFor(
        async () => (await cnPool!.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.inbox WHERE consumer = 'sync-worker' AND event_id = ANY($1::uuid[])`, [before.map((r) => r.event_id)])).rows[0]!.n === before.length,
        { what: 'CN caught up after the broker restart', timeoutMs: 60_000, intervalMs: 100 },
      );
      const cnCaughtUpMs = Date.now() - kafkaUpAt;

      await moreAcknowledged(5, 'writes after both outages');
      writing = false;
      await writer;

      // Everything acknowledged is in EU once, and its every event applied once in CN.
      const ok = writes.filter((w) => w.ok);
      const { rows: euRows } = await euPool!.query<{ id: string; sku: string; name: string; updated_at: Date }>(`SELECT id, sku, name, updated_at FROM catalog.product`);
      const euById = new Map(euRows.map((r) => [r.id, r]));
      for (const w of ok.filter((x) => x.kind === 'create')) expect(euRows.filter((r) => r.sku === w.sku)).toHaveLength(1);
      const lastName = new Map<string, string>();
      for (const w of ok) lastName.set(w.id!, w.name);
      for (const [id, name] of lastName) expect(euById.get(id)?.name).toBe(name);

      const { rows: events } = await euPool!.query<{ event_id: string; key: string }>(`SELECT event_id, key FROM catalog.outbox WHERE topic LIKE '%.catalog.product.%'`);
      const perProduct = (list: { key?: string; entity_id?: string }[]) => list.reduce((m, e) => m.set(e.key ?? e.entity_id!, (m.get(e.key ?? e.entity_id!) ?? 0) + 1), new Map<string, number>());
      const acknowledgedPerProduct = perProduct(ok.map((w) => ({ key: w.id! })));
      const eventsPerProduct = perProduct(events);
      // A write can commit and still fail on the way back (the connection lost after COMMIT): at least one event per acknowledged write.
      for (const [id, n] of acknowledgedPerProduct) expect(eventsPerProduct.get(id) ?? 0).toBeGreaterThanOrEqual(n);

      const applied = await waitFor(
        async () => {
          const { rows } = await cnPool!.query<{ event_id: string; entity_id: string }>(`SELECT event_id, entity_id FROM catalog.inbox WHERE consumer = 'sync-worker'`);
          return rows.length >= events.length ? rows : undefined;
        },
        { what: 'every event applied in CN', timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(new Set(applied.map((r) => r.event_id))).toEqual(new Set(events.map((e) => e.event_id)));
      expect(applied).toHaveLength(events.length);
      const { rows: cnRows } = await cnPool!.query<{ id: string; sku: string; name: string; updated_at: Date }>(`SELECT id, sku, name, updated_at FROM catalog.product`);
      expect(cnRows.map((r) => [r.id, r.sku, r.name, r.updated_at.getTime()]).sort()).toEqual(euRows.map((r) => [r.id, r.sku, r.name, r.updated_at.getTime()]).sort());
      expect(worker!.stats.deadLettered).toBe(0);

      // A new write after recovery goes through, and CN gets it (nothing was restarted).
      const after = await writeOnce(0);
      expect(after).toMatchObject({ ok: true });
      await waitFor(async () => (await cnPool!.query(`SELECT 1 FROM catalog.product WHERE id = $1`, [after.id])).rowCount === 1, { what: 'the last write in CN', timeoutMs: 20_000 });
      // Inventory's consumers are back too: its projection of the catalog has the new product.
      await waitFor(async () => (await euPool!.query(`SELECT 1 FROM inventory.catalog_product WHERE id = $1`, [after.id])).rowCount === 1, { what: "the last write in inventory's catalog projection", timeoutMs: 20_000 });

      const report = {
        writes: writes.length,
        acknowledged: ok.length,
        refusedDuringDbOutage: duringDbOutage.length,
        events: events.length,
        writesBackAfterDbMs: writesBackMs,
        readyAfterDbMs,
        listeningAfterDbMs,
        kafkaDownMs: kafkaUpAt - kafkaDownAt,
        readyAfterKafkaMs,
        outboxDrainedAfterKafkaMs: outboxDrainedMs,
        cnCaughtUpAfterKafkaMs: cnCaughtUpMs,
      };
      process.stdout.write(`outage recovery: ${JSON.stringify(report)}\n`);
    } finally {
      writing = false;
      await writer;
    }
  }, 240_000);
});
