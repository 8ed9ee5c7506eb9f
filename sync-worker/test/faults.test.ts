/**
 * Fault tests 1, 2 and 4 (real Kafka and PostgreSQL): the worker SIGKILLed mid-batch, the relay
 * dying between commit and publish, the CN database unreachable for a while. Each ends with both
 * regions converged and every event applied exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createPool } from '@miw/db';
import { createOutboxRelay, writeOutbox, type EventProducer } from '@miw/events';
import { productEvents, userEvents, type UserPayload } from '@miw/contracts';
import { createApp as createAuthApp } from '@miw/subgraph-auth';
import { graphql, internalHeaders, readTestInfra, startTestSubgraph, testKeys, waitFor } from '@miw/testing';
import { listDeadLetters } from '../src/store';
import { productEvent, startTwoRegions, type TwoRegions } from './harness';
import { freePort, spawnWorker, startTcpProxy } from './tools';

const count = async (pool: Pool, sql: string, params: unknown[] = []) => (await pool.query<{ n: number }>(sql, params)).rows[0]!.n;

describe('fault 1: the sync worker is SIGKILLed in the middle of a batch', () => {
  let r: TwoRegions;
  beforeAll(async () => (r = await startTwoRegions('kill', { subgraphs: false })));
  afterAll(() => r?.close());

  it('loses nothing and applies nothing twice after a restart', async () => {
    const topic = productEvents.topic('eu', r.prefix);
    await r.bus.ensureTopics([topic]);
    const events = Array.from({ length: 3000 }, (_, i) => productEvent(`KILL-${i}`));
    const env = { SYNC_FROM: 'eu', SYNC_TO: 'cn', TARGET_DATABASE_URL: r.cn.db.url, KAFKA_BROKERS: readTestInfra().kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: r.prefix };
    const first = spawnWorker(env);
    const products = () => count(r.cn.pool, `SELECT count(*)::int AS n FROM catalog.product WHERE sku LIKE 'KILL-%'`);
    try {
      for (let i = 0; i < events.length; i += 250) {
        await r.producer.send(events.slice(i, i + 250).map((e) => ({ topic, key: e.entityId, value: JSON.stringify(e) })));
      }
      // Kill while a batch transaction is open in the CN database (or, at the latest, once part of the events is in).
      await waitFor(
        async () => {
          const open = await count(r.cn.pool, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sync-worker-cn' AND xact_start IS NOT NULL`);
          const n = await products();
          return (open > 0 && n < events.length) || (n > 0 && n < events.length && n > events.length / 3);
        },
        { what: `a batch in flight\n${first.output()}`, timeoutMs: 60_000, intervalMs: 5 },
      );
      await first.kill('SIGKILL');
    } finally {
      await first.kill('SIGKILL');
    }
    const atKill = await products();
    expect(atKill).toBeLessThan(events.length);

    const port = await freePort();
    const second = spawnWorker({ ...env, PORT: String(port) });
    try {
      await waitFor(async () => (await products()) === events.length, { what: `all products after the restart\n${second.output()}`, timeoutMs: 150_000, intervalMs: 100 });
      // Observability of the restarted process: Prometheus metrics, and its status through the auth subgraph's syncStatus.
      const metrics = await waitFor(async () => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return /sync_events_applied_total\{direction="eu-to-cn",entity="Product"[^}]*\} [1-9]/.test(text) ? text : undefined;
      }, { what: 'metrics' });
      expect(metrics).toMatch(/sync_commit_to_apply_seconds_bucket/);
      expect(metrics).toMatch(/sync_dlq_size\{direction="eu-to-cn"[^}]*\} 0/);
      const keys = await testKeys();
      const auth = await startTestSubgraph({ domain: 'auth', databaseUrl: r.eu.db.url, createApp: (deps) => createAuthApp({ ...deps, keys, syncWorkerUrl: `http://127.0.0.1:${port}` }) });
      try {
        const res = await graphql<{ syncStatus: { reachable: boolean; directions: { direction: string; applied: number; deadLettered: number; lagP99Ms: number | null }[] } }>(
          auth.url,
          `{ syncStatus { reachable directions { direction applied deadLettered lagP50Ms lagP99Ms eventsPerSecond lastEventId lastAppliedAt } } }`,
          {},
          await internalHeaders({ kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] }),
        );
        expect(res.data?.syncStatus.reachable).toBe(true);
        expect(res.data?.syncStatus.directions[0]).toMatchObject({ direction: 'eu-to-cn', deadLettered: 0 });
        expect(res.data!.syncStatus.directions[0]!.applied).toBeGreaterThan(0);
        expect(res.data!.syncStatus.directions[0]!.lagP99Ms).not.toBeNull();
      } finally {
        await auth.close();
      }
    } finally {
      await second.kill('SIGTERM');
    }
    const ids = events.map((e) => e.eventId);
    expect(await count(r.cn.pool, `SELECT count(*)::int AS n FROM catalog.inbox WHERE event_id = ANY($1::uuid[])`, [ids])).toBe(events.length);
    expect(await count(r.cn.pool, `SELECT count(DISTINCT id)::int AS n FROM catalog.product WHERE sku LIKE 'KILL-%'`)).toBe(events.length);
    expect(await listDeadLetters(r.cn.pool)).toEqual([]);
  }, 300_000); // 3,000 events, a kill and a restart of the worker process: slow on a loaded CI machine
});

describe('fault 2: the relay dies after the commit and before publishing', () => {
  let r: TwoRegions;
  beforeAll(async () => (r = await startTwoRegions('relay', { subgraphs: false })));
  afterAll(() => r?.close());

  it('still delivers the event once a relay runs again', async () => {
    const worker = await r.startWorker('eu', 'cn');
    // A user change and its outbox row commit together (what the auth write path does).
    const client = await r.eu.pool.connect();
    let userId: string;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `INSERT INTO auth."user" (id, email, name, role, home_region, origin_region, updated_at) VALUES ($1, $2, 'Relay victim', 'CUSTOMER', 'eu', 'eu', now())
         RETURNING id, email, name, role, organization_id AS "organizationId", home_region AS "homeRegion", origin_region AS "originRegion",
                   created_at AS "createdAt", updated_at AS "updatedAt", deleted_at AS "deletedAt", last_event_id AS "lastEventId"`,
        [randomUUID(), `relay-${randomUUID()}@example.com`],
      );
      const row = rows[0];
      userId = row.id;
      const payload = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) as UserPayload;
      const event = userEvents.message('created', { entityId: row.id, eventId: row.lastEventId, originRegion: 'eu', entityUpdatedAt: row.updatedAt, correlationId: 'relay-test', payload });
      await writeOutbox(client, 'auth', [event]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    // The relay process dies while sending: the broker never gets the batch.
    const dying: EventProducer = { send: () => Promise.reject(new Error('relay killed before publishing')), disconnect: async () => undefined };
    const crashed = createOutboxRelay({ pool: r.eu.pool, schema: 'auth', producer: dying, logger: r.logger, topicPrefix: r.prefix });
    await expect(crashed.drain()).rejects.toThrow('relay killed');
    expect(await count(r.eu.pool, `SELECT count(*)::int AS n FROM auth.outbox WHERE published_at IS NULL`)).toBe(1);

    // A new relay (the restarted service) publishes the committed row; CN gets the user once.
    const relay = createOutboxRelay({ pool: r.eu.pool, schema: 'auth', producer: r.bus.producer(), logger: r.logger, topicPrefix: r.prefix, pollMs: 100 });
    await relay.start();
    try {
      const mirrored = await waitFor(() => r.user('cn', userId), { what: 'user in CN', timeoutMs: 20_000 });
      expect(mirrored.name).toBe('Relay victim');
      expect(await r.converged(userId)).toBeTruthy();
      expect(worker.stats.applied).toBe(1);
    } finally {
      await relay.stop();
    }
  });
});

describe('fault 4: the CN database is unreachable for a while', () => {
  let r: TwoRegions;
  beforeAll(async () => (r = await startTwoRegions('pgdown')));
  afterAll(() => r?.close());

  it('retries with backoff, skips nothing and catches up', async () => {
    const url = new URL(r.cn.db.url);
    const proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    url.port = String(proxy.port);
    const viaProxy = createPool({ url: url.toString(), max: 3, name: 'sync-worker-cn' });
    try {
      const worker = await r.startWorker('eu', 'cn', { target: viaProxy });
      const first = await r.createUser('eu', `up-${randomUUID()}@example.com`, 'Before the outage');
      await r.converged(first);

      proxy.down();
      const users: string[] = [];
      for (let i = 0; i < 10; i++) users.push(await r.createUser('eu', `down-${i}-${randomUUID()}@example.com`, `During the outage ${i}`));
      const products: string[] = [];
      for (let i = 0; i < 5; i++) products.push(await r.createProduct(`DOWN-${i}-${randomUUID().slice(0, 6)}`));
      await r.updateUser('eu', users[0]!, 'Renamed during the outage');
      await waitFor(() => worker.stats.retries >= 3, { what: 'retries while the database is down', timeoutMs: 20_000 });
      expect(await count(r.cn.pool, `SELECT count(*)::int AS n FROM auth."user" WHERE id = ANY($1::uuid[])`, [users])).toBe(0);

      proxy.up();
      for (const id of users) await r.converged(id);
      expect((await r.user('cn', users[0]!))?.name).toBe('Renamed during the outage');
      await waitFor(async () => (await count(r.cn.pool, `SELECT count(*)::int AS n FROM catalog.product WHERE id = ANY($1::uuid[])`, [products])) === products.length, {
        what: 'products after the outage',
        timeoutMs: 20_000,
      });
      expect(await listDeadLetters(r.cn.pool)).toEqual([]);
      expect(worker.stats.deadLettered).toBe(0);
    } finally {
      await proxy.close();
      await viaProxy.end().catch(() => undefined);
    }
  });
});
