/**
 * The catalog projection (real Kafka): fed from EU catalog topics in every region, newest
 * snapshot wins, unreadable messages skipped; and the region lock it enables (a CN inventory
 * manages CN stores only).
 */
import { randomUUID } from 'node:crypto';
import { deadLetterTopic, storeEvents } from '@miw/contracts';
import type { EventProducer } from '@miw/events';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-inventory';
import { createTestDatabase, graphql, internalHeaders, readTopicUntil, startTestSubgraph, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { ADJUST, catalogMessage, viewer, type CatalogFacts } from './support';

describe('catalog projection and region lock (real Kafka)', () => {
  let db: TestDatabase;
  let cn: RunningSubgraph;
  let producer: EventProducer;
  const prefix = testTopicPrefix('proj');
  const topic = storeEvents.topic('eu', prefix);

  beforeAll(async () => {
    db = await createTestDatabase('invproj');
    cn = await startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp, topicPrefix: prefix, region: 'cn' });
    producer = cn.bus.producer();
  });
  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    await cn?.close();
    await db?.drop();
  });

  const publishStore = async (facts: CatalogFacts) => {
    await producer.send([catalogMessage('Store', facts, prefix)]);
  };
  const partnerOf = async (id: string) => (await cn.pool.query(`SELECT partner_organization_id AS p FROM inventory.catalog_store WHERE id = $1`, [id])).rows[0]?.p as string | undefined;

  it('keeps the newest snapshot whatever the delivery order, and dead-letters unreadable messages', async () => {
    const store = randomUUID();
    const [newer, older] = [randomUUID(), randomUUID()];
    await publishStore({ id: store, region: 'cn', partnerOrganizationId: newer, updatedAt: '2026-11-21T10:00:00.000Z' });
    await publishStore({ id: store, region: 'cn', partnerOrganizationId: older, updatedAt: '2026-11-21T09:00:00.000Z' });
    await producer.send([{ topic, key: 'x', value: '{not json' }]);
    const sentinel = randomUUID();
    await publishStore({ id: sentinel, region: 'cn', partnerOrganizationId: null, updatedAt: '2026-11-21T10:00:00.000Z' });
    // One partition: once the last message is applied, every earlier one was handled.
    await waitFor(async () => (await cn.pool.query(`SELECT 1 FROM inventory.catalog_store WHERE id = $1`, [sentinel])).rowCount === 1, { timeoutMs: 45_000, what: 'the sentinel store' });
    expect(await partnerOf(store)).toBe(newer);
    // The unreadable message went to the projection's dead-letter topic, with the reason.
    const letters = (await readTopicUntil(cn.bus, deadLetterTopic('cn', 'inventory.catalog-projection', prefix), (v) => v.length >= 1)) as { reason: string; source: { topic: string }; original: string }[];
    expect(letters[0]).toMatchObject({ reason: 'message is not JSON', source: { topic } });
    expect(Buffer.from(letters[0]!.original, 'base64').toString()).toBe('{not json');
  });

  it('lets a CN inventory manage CN stores only', async () => {
    const partnerOrg = randomUUID();
    const [cnStore, euStore, product] = [randomUUID(), randomUUID(), randomUUID()];
    const now = new Date().toISOString();
    await publishStore({ id: cnStore, region: 'cn', partnerOrganizationId: partnerOrg, updatedAt: now });
    await publishStore({ id: euStore, region: 'eu', partnerOrganizationId: partnerOrg, updatedAt: now });
    await waitFor(async () => (await partnerOf(euStore)) === partnerOrg, { timeoutMs: 45_000, what: 'the stores' });

    const partner = viewer('PARTNER', partnerOrg);
    const adjust = async (storeId: string) =>
      graphql<{ adjustInventory: { level: { onHand: number } | null; errors: { code: string }[] } }>(
        cn.url,
        ADJUST,
        { input: { storeId, productId: product, delta: 3, reason: 'RECEIVED' } },
        await internalHeaders(partner),
      );
    expect((await adjust(cnStore)).data!.adjustInventory).toMatchObject({ level: { onHand: 3 }, errors: [] });
    expect((await adjust(euStore)).data!.adjustInventory).toMatchObject({ level: null, errors: [{ code: 'NOT_FOUND' }] });
    const { rows } = await cn.pool.query(`SELECT topic FROM inventory.outbox`);
    expect(rows.map((r) => r.topic)).toEqual(['cn.inventory.inventory_level.v1']);
  });
});
