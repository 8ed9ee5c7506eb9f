/**
 * The audit feed (real PostgreSQL and Kafka): admin actions published by catalog, inventory and
 * orders on this region's audit topics become rows of auth's audit log, read by admins through
 * `auditLog` with its filters; a redelivered event is stored once; what cannot be read (not an
 * envelope, a payload off its contract, another region's entry) is dead-lettered with the reason
 * and the feed goes on.
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import { adminAuditMessages, catalogAuditEvents, deadLetterTopic, inventoryAuditEvents, ordersAuditEvents, type AuditContract, type AuditPayload, type OutboxMessage } from '@miw/contracts';
import type { EventProducer } from '@miw/events';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-auth';
import { createTestDatabase, graphql, internalHeaders, readTopicUntil, startTestSubgraph, testKeys, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';

const viewer = (role: UserViewer['role']): UserViewer => ({ kind: 'user', userId: randomUUID(), role, organizationId: null, region: 'eu', scopes: [] });
const admin = viewer('ADMIN');

const AUDIT_LOG = `query($filter: AuditLogFilter, $first: Int) { auditLog(filter: $filter, first: $first) {
  edges { node { id at actorKind actorId apiKeyId action targetType targetId before after region correlationId } }
} }`;

interface Entry {
  id: string;
  at: string;
  actorKind: string;
  actorId: string | null;
  apiKeyId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  region: string;
  correlationId: string | null;
}

describe('audit feed into auth (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let auth: RunningSubgraph;
  let producer: EventProducer;
  const prefix = testTopicPrefix('auditfeed');

  beforeAll(async () => {
    db = await createTestDatabase('auditfeed');
    const keys = await testKeys();
    auth = await startTestSubgraph({ domain: 'auth', databaseUrl: db.url, topicPrefix: prefix, createApp: (deps) => createApp({ ...deps, keys }) });
    producer = auth.bus.producer();
  });
  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    await auth?.close();
    await db?.drop();
  });

  const payloadOf = (m: OutboxMessage) => m.envelope.payload as AuditPayload;
  /** Publishes outbox messages as the producing domain's relay does (prefixed topic, key, envelope). */
  const publish = (messages: OutboxMessage[], key?: string) => producer.send(messages.map((m) => ({ topic: prefix + m.topic, key: key ?? m.key, value: JSON.stringify(m.envelope) })));
  const entry = (contract: AuditContract, change: { action: string; targetType: string; targetId?: string; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null }, who: UserViewer = admin) =>
    adminAuditMessages(contract, { viewer: who, region: 'eu', correlationId: `corr-${randomUUID()}` }, { targetId: randomUUID(), before: null, after: null, ...change });
  const log = async (filter: Record<string, unknown>, as: UserViewer | null = admin) => graphql<{ auditLog: { edges: { node: Entry }[] } }>(auth.url, AUDIT_LOG, { filter, first: 100 }, await internalHeaders(as));
  const entriesOf = async (filter: Record<string, unknown>) => {
    const res = await log(filter);
    expect(res.errors).toBeUndefined();
    return res.data!.auditLog.edges.map((e) => e.node);
  };

  it('turns each domain\'s admin actions into audit log rows, filtered by action, target type and target', async () => {
    const [product] = entry(catalogAuditEvents, { action: 'product.update', targetType: 'Product', before: { name: 'Hammer', priceAmount: 1999 }, after: { name: 'Claw hammer', priceAmount: 2499 } });
    const [request] = entry(inventoryAuditEvents, { action: 'stock_request.approve', targetType: 'StockRequest', before: { status: 'REQUESTED' }, after: { status: 'APPROVED' } });
    const [order] = entry(ordersAuditEvents, { action: 'order.cancel', targetType: 'Order', before: { status: 'PLACED' }, after: { status: 'CANCELLED' } });
    await publish([product!, request!, order!]);

    const all = await waitFor(async () => {
      const rows = await entriesOf({ actorId: admin.userId });
      return rows.length === 3 ? rows : undefined;
    }, { timeoutMs: 45_000, what: 'the three audit entries' });
    expect(all.map((e) => e.action).sort()).toEqual(['order.cancel', 'product.update', 'stock_request.approve']);

    const [stored] = await entriesOf({ targetType: 'Product', targetId: payloadOf(product!).targetId });
    expect(stored).toEqual<Entry>({
      id: product!.envelope.entityId,
      at: payloadOf(product!).at,
      actorKind: 'user',
      actorId: admin.userId,
      apiKeyId: null,
      action: 'product.update',
      targetType: 'Product',
      targetId: payloadOf(product!).targetId,
      before: { name: 'Hammer', priceAmount: 1999 },
      after: { name: 'Claw hammer', priceAmount: 2499 },
      region: 'EU',
      correlationId: product!.envelope.correlationId,
    });
    expect((await entriesOf({ action: 'order.cancel', actorId: admin.userId })).map((e) => e.targetType)).toEqual(['Order']);
    expect(await entriesOf({ targetType: 'Shipment', actorId: admin.userId })).toEqual([]);

    // Still for admins only, and the new filter is bounded like the others.
    expect((await log({ targetType: 'Order' }, viewer('PARTNER'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await log({ targetType: 'x'.repeat(65) })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.targetType' });
  });

  it('stores a redelivered event once, and an entry re-sent under a new event id once', async () => {
    const who = viewer('ADMIN');
    const [first] = entry(catalogAuditEvents, { action: 'store.delete', targetType: 'Store', before: { code: 'S1' } }, who);
    await publish([first!]);
    await publish([first!]);
    await publish([{ ...first!, envelope: { ...first!.envelope, eventId: randomUUID() } }]);
    // A later entry on the same partition (same key): once it is stored, the ones before it were handled.
    const [sentinel] = entry(catalogAuditEvents, { action: 'store.update', targetType: 'Store' }, who);
    await publish([sentinel!], first!.key);
    await waitFor(async () => (await entriesOf({ actorId: who.userId, action: 'store.update' })).length === 1, { timeoutMs: 45_000, what: 'the sentinel entry' });
    expect((await entriesOf({ actorId: who.userId })).map((e) => e.action).sort()).toEqual(['store.delete', 'store.update']);
  });

  it('dead-letters what it cannot read and goes on', async () => {
    const who = viewer('ADMIN');
    const [good] = entry(ordersAuditEvents, { action: 'order.ship', targetType: 'Order' }, who);
    const [foreign] = adminAuditMessages(ordersAuditEvents, { viewer: who, region: 'cn', correlationId: 'c' }, { action: 'order.confirm', targetType: 'Order', targetId: randomUUID(), before: null, after: null });
    const topic = prefix + ordersAuditEvents.topic('eu');
    const key = good!.key;
    await producer.send([
      { topic, key, value: 'not json' },
      { topic, key, value: JSON.stringify({ ...good!.envelope, eventId: randomUUID(), payload: { ...payloadOf(good!), action: 'Robert; DROP TABLE' } }) },
      { topic, key, value: JSON.stringify({ ...good!.envelope, eventId: randomUUID(), entityId: 'not-a-uuid' }) },
      // Another region's entry smuggled onto this region's topic.
      { topic, key, value: JSON.stringify(foreign!.envelope) },
      { topic, key, value: JSON.stringify(good!.envelope) },
    ]);
    const letters = (await readTopicUntil(auth.bus, deadLetterTopic('eu', 'auth.audit-feed', prefix), (v) => v.length >= 4, 45_000)) as { consumer: string; reason: string; source: { topic: string } }[];
    expect(letters).toHaveLength(4);
    expect(letters.every((l) => l.consumer === 'auth.audit-feed' && l.source.topic === topic)).toBe(true);
    expect(letters.map((l) => l.reason).join('\n')).toMatch(/not JSON[\s\S]*action[\s\S]*UUID[\s\S]*cn/);
    await waitFor(async () => (await entriesOf({ actorId: who.userId })).length === 1, { timeoutMs: 45_000, what: 'the readable entry after the unreadable ones' });
    expect((await entriesOf({ actorId: who.userId }))[0]).toMatchObject({ action: 'order.ship', region: 'EU' });
  });
});
