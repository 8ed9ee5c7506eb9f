import { randomUUID } from 'node:crypto';
import { createPool } from '@miw/db';
import { createKafkaBus, createOutboxRelay, writeOutbox, type EventBus } from '@miw/events';
import { type EventEnvelope, parseEnvelope, productEvents } from '@miw/contracts';
import { createTestDatabase, readTestInfra, testLogger, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import type { Pool } from 'pg';

describe('transactional outbox and relay (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let bus: EventBus;
  const prefix = testTopicPrefix('outbox');
  const topic = productEvents.topic('eu');
  const received: EventEnvelope[] = [];
  const logger = testLogger('outbox-test');

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    pool = createPool({ url: db.url, max: 4 });
    bus = createKafkaBus({ brokers: readTestInfra().kafkaBrokers, clientId: 'outbox-test', logger });
    await bus.ensureTopics([prefix + topic]);
    const consumer = bus.consumer({
      groupId: `${prefix}reader`,
      topics: [prefix + topic],
      handle: async (m) => void received.push(parseEnvelope(m.value)),
    });
    await consumer.start();
    afterAllClose.push(() => consumer.stop());
  });
  const afterAllClose: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of afterAllClose) await close();
    await bus.close();
    await pool.end();
    await db.drop();
  });

  function event(sku: string) {
    const id = randomUUID();
    const now = new Date();
    const stamp = now.toISOString();
    return productEvents.message('created', {
      entityId: id,
      originRegion: 'eu',
      entityUpdatedAt: now,
      correlationId: 'test-correlation',
      payload: {
        id, sku, name: 'n', description: '', priceAmount: 1, currency: 'EUR', attributes: {}, images: [], status: 'DRAFT',
        manufacturerId: null, categoryId: null, originRegion: 'eu', createdAt: stamp, updatedAt: stamp, deletedAt: null,
      },
    });
  }

  async function change(sku: string, fail: boolean) {
    const client = await pool.connect();
    const row = event(sku);
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO catalog.product (id, sku, name, price_amount, currency, origin_region, updated_at) VALUES ($1, $2, 'n', 1, 'EUR', 'eu', now())`,
        [row.key, sku],
      );
      await writeOutbox(client, 'catalog', [row]);
      if (fail) throw new Error('boom');
      await client.query('COMMIT');
    } catch {
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    return row;
  }

  const count = async (sql: string, params: unknown[] = []) => Number((await pool.query<{ n: string }>(sql, params)).rows[0]!.n);

  it('commits a change and its event together, or neither', async () => {
    const ok = await change('OK-1', false);
    const failed = await change('FAIL-1', true);
    expect(await count(`SELECT count(*) n FROM catalog.product WHERE id = $1`, [ok.key])).toBe(1);
    expect(await count(`SELECT count(*) n FROM catalog.outbox WHERE event_id = $1`, [ok.eventId])).toBe(1);
    expect(await count(`SELECT count(*) n FROM catalog.product WHERE id = $1`, [failed.key])).toBe(0);
    expect(await count(`SELECT count(*) n FROM catalog.outbox WHERE event_id = $1`, [failed.eventId])).toBe(0);
  });

  it('writes several events of one transaction in their order, with one NOTIFY at commit', async () => {
    const listener = await pool.connect();
    const notified: string[] = [];
    listener.on('notification', (n) => notified.push(n.channel));
    await listener.query('LISTEN catalog_outbox');
    const client = await pool.connect();
    const rows = [event('MANY-1'), event('MANY-2'), event('MANY-3')];
    try {
      await client.query('BEGIN');
      await writeOutbox(client, 'catalog', rows);
      expect(notified).toEqual([]); // nothing before the commit
      await client.query('COMMIT');
      await waitFor(() => notified.length > 0, { what: 'the NOTIFY of the commit' });
      const stored = await pool.query<{ event_id: string; envelope: EventEnvelope }>(`SELECT event_id, envelope FROM catalog.outbox WHERE event_id = ANY($1::uuid[]) ORDER BY id`, [rows.map((r) => r.eventId)]);
      expect(stored.rows.map((r) => r.event_id)).toEqual(rows.map((r) => r.eventId));
      expect(stored.rows[1]!.envelope).toEqual(JSON.parse(JSON.stringify(rows[1]!.envelope)));
      expect(notified).toEqual(['catalog_outbox']);
    } finally {
      client.release();
      await listener.query('UNLISTEN *');
      listener.release();
    }
  });

  it('publishes events committed while the relay was down, keyed by entity id, and marks them published', async () => {
    const before = [await change('DOWN-1', false), await change('DOWN-2', false)];
    expect(await count(`SELECT count(*) n FROM catalog.outbox WHERE published_at IS NULL`)).toBeGreaterThanOrEqual(2);

    const relay = createOutboxRelay({ pool, schema: 'catalog', producer: bus.producer(), logger, topicPrefix: prefix, pollMs: 5000 });
    await relay.start();
    try {
      await waitFor(() => before.every((e) => received.some((r) => r.eventId === e.eventId)), { what: 'events sent after restart' });
      // A change made while the relay runs goes out at once (NOTIFY), well before the 5 s poll.
      const live = await change('LIVE-1', false);
      await waitFor(() => received.some((r) => r.eventId === live.eventId), { what: 'live event', timeoutMs: 4000 });
      await waitFor(async () => (await count(`SELECT count(*) n FROM catalog.outbox WHERE published_at IS NULL`)) === 0, { what: 'rows marked published' });
    } finally {
      await relay.stop();
    }
    const got = received.find((r) => r.eventId === before[0]!.eventId)!;
    expect(got).toMatchObject({ type: 'catalog.product.created', entity: 'Product', entityId: before[0]!.key, originRegion: 'eu', version: 1, correlationId: 'test-correlation' });
    expect(received.filter((r) => r.eventId === before[0]!.eventId)).toHaveLength(1);
    expect(received.some((r) => r.payload && (r.payload as { sku?: string }).sku === 'FAIL-1')).toBe(false);
  });
});
