import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createPool } from '@miw/db';
import { createKafkaBus, type EventBus, type EventProducer } from '@miw/events';
import { type EventEnvelope, productEvents } from '@miw/contracts';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-catalog';
import { createSyncWorker, type SyncWorker } from '@miw/sync-worker';
import { createTestDatabase, graphql, internalHeaders, readTestInfra, startTestSubgraph, testLogger, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';

describe('sync worker: EU catalog -> CN mirror (real Kafka and PostgreSQL)', () => {
  const prefix = testTopicPrefix('sync');
  const logger = testLogger('sync-test');
  let euDb: TestDatabase;
  let cnDb: TestDatabase;
  let eu: RunningSubgraph;
  let cnPool: Pool;
  let bus: EventBus;
  let producer: EventProducer;
  let worker: SyncWorker;

  beforeAll(async () => {
    [euDb, cnDb] = await Promise.all([createTestDatabase('synceu'), createTestDatabase('synccn')]);
    eu = await startTestSubgraph({ domain: 'catalog', databaseUrl: euDb.url, createApp, topicPrefix: prefix });
    cnPool = createPool({ url: cnDb.url, max: 3 });
    bus = createKafkaBus({ brokers: readTestInfra().kafkaBrokers, clientId: 'sync-test', logger });
    producer = bus.producer();
    worker = createSyncWorker({ bus, target: cnPool, from: 'eu', to: 'cn', logger, topicPrefix: prefix });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await producer?.disconnect();
    await bus?.close();
    await eu?.close();
    await cnPool?.end();
    await euDb?.drop();
    await cnDb?.drop();
  });

  const cnProduct = async (id: string) => (await cnPool.query(`SELECT name, sku, updated_at FROM catalog.product WHERE id = $1`, [id])).rows[0] as { name: string; sku: string; updated_at: Date } | undefined;
  const send = (event: EventEnvelope | string, key = 'k') =>
    producer.send([{ topic: productEvents.topic('eu', prefix), key, value: typeof event === 'string' ? event : JSON.stringify(event) }]);

  async function createInEu(sku: string) {
    const res = await graphql<{ createProduct: { product: { id: string } } }>(
      eu.url,
      `mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } errors { code } } }`,
      { i: { sku, name: `name of ${sku}`, price: { amount: 500, currency: 'EUR' } } },
      await internalHeaders({ kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] }),
    );
    return res.data!.createProduct.product.id;
  }

  it('mirrors a product created in EU into CN', async () => {
    const id = await createInEu('SYNC-1');
    const row = await waitFor(() => cnProduct(id), { what: 'product in CN', timeoutMs: 15_000 });
    expect(row).toMatchObject({ sku: 'SYNC-1', name: 'name of SYNC-1' });
  });

  it('applies a replayed event once, ignores an older snapshot, and skips a malformed message without stopping', async () => {
    const id = await createInEu('SYNC-2');
    await waitFor(() => cnProduct(id), { what: 'product in CN', timeoutMs: 15_000 });
    const { rows } = await eu.pool.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM catalog.outbox WHERE key = $1`, [id]);
    const original = rows[0]!.envelope;
    const before = await cnProduct(id);

    const duplicates = worker.stats.duplicate;
    await send(original, id);
    await send(original, id);
    await waitFor(() => worker.stats.duplicate >= duplicates + 2, { what: 'replays seen' });

    const stale = worker.stats.stale;
    const older = new Date(new Date(original.entityUpdatedAt).getTime() - 60_000).toISOString();
    await send({ ...original, eventId: randomUUID(), entityUpdatedAt: older, payload: { ...(original.payload as object), name: 'OLD NAME', updatedAt: older } }, id);
    await waitFor(() => worker.stats.stale > stale, { what: 'stale event seen' });

    const invalid = worker.stats.invalid;
    await send('{"not": "an envelope"}');
    await send('garbage');
    await waitFor(() => worker.stats.invalid >= invalid + 2, { what: 'invalid events skipped' });

    expect(await cnProduct(id)).toEqual(before);
    const inbox = await cnPool.query(`SELECT count(*)::int n FROM catalog.inbox WHERE event_id = $1`, [original.eventId]);
    expect(inbox.rows[0].n).toBe(1);

    // Still consuming after the bad messages.
    const next = await createInEu('SYNC-3');
    await waitFor(() => cnProduct(next), { what: 'product after bad messages', timeoutMs: 15_000 });
  });

  it('does not echo: applying in CN writes nothing to the CN outbox', async () => {
    const { rows } = await cnPool.query(`SELECT count(*)::int n FROM catalog.outbox`);
    expect(rows[0].n).toBe(0);
  });
});
