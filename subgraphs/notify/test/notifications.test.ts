/**
 * Notifications of the region's events, end to end through real Kafka and PostgreSQL: auth
 * snapshots feed notify's projections; inventory and order events reach exactly the people the
 * issue names (and no member of another organization, no admin of another region, no deactivated
 * user); a redelivered event changes nothing; emails follow the preferences; the signed-in user
 * reads, counts and marks only their own notifications.
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type { EventProducer } from '@miw/events';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp, type Mailer } from '@miw/subgraph-notify';
import { accessTokenFor, createTestDatabase, graphql, organizationMessage, startTestSubgraph, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import * as src from './support/sources';

jest.setTimeout(120_000);

const noMail: Mailer = { send: async () => undefined, close: async () => undefined } as unknown as Mailer;

describe('notifications of inventory and order events', () => {
  let db: TestDatabase;
  let notify: RunningSubgraph;
  /** Every GraphQL call goes through a gateway, as clients' do. */
  let gateway: TestGateway;
  let producer: EventProducer;
  const prefix = testTopicPrefix('notif');

  const partnerOrg = randomUUID();
  const otherPartnerOrg = randomUUID();
  const makerOrg = randomUUID();
  const carrierOrg = randomUUID();
  const storeId = randomUUID();

  const admin = src.newUser('ADMIN');
  const cnAdmin = src.newUser('ADMIN', null, { homeRegion: 'cn' });
  const partner = src.newUser('PARTNER', partnerOrg, { locale: 'zh-CN' });
  const formerPartner = src.newUser('PARTNER', partnerOrg);
  const otherPartner = src.newUser('PARTNER', otherPartnerOrg);
  const maker = src.newUser('MANUFACTURER', makerOrg);
  const carrier = src.newUser('LOGISTICS', carrierOrg);
  const shopper = src.newUser('CUSTOMER', null, { homeRegion: 'cn' });
  const everyone = [admin, cnAdmin, partner, formerPartner, otherPartner, maker, carrier, shopper];
  const nameOf = new Map(everyone.map((u, i) => [u.id, ['admin', 'cnAdmin', 'partner', 'formerPartner', 'otherPartner', 'maker', 'carrier', 'shopper'][i]!]));

  beforeAll(async () => {
    db = await createTestDatabase('notifs');
    notify = await startTestSubgraph({ domain: 'notify', databaseUrl: db.url, topicPrefix: prefix, createApp: (deps) => createApp({ ...deps, mailer: noMail }) });
    gateway = await startTestGateway({ notify: notify.url });
    producer = notify.bus.producer();
    const at = src.tick();
    await src.send(
      producer,
      organizationMessage('eu', { id: partnerOrg, kind: 'PARTNER', updatedAt: at }, prefix),
      organizationMessage('cn', { id: otherPartnerOrg, kind: 'PARTNER', updatedAt: at }, prefix),
      organizationMessage('eu', { id: makerOrg, kind: 'MANUFACTURER', updatedAt: at }, prefix),
      organizationMessage('eu', { id: carrierOrg, kind: 'LOGISTICS', updatedAt: at }, prefix),
      ...everyone.map((u) => src.userSnapshot(u.homeRegion, u, prefix)),
      src.userSnapshot('eu', formerPartner, prefix, 'deactivated'),
    );
    await waitFor(async () => {
      const { rows } = await notify.pool.query<{ users: number; orgs: number; gone: number }>(
        `SELECT (SELECT count(*)::int FROM notify.user_projection) AS users, (SELECT count(*)::int FROM notify.organization_projection) AS orgs,
                (SELECT count(*)::int FROM notify.user_projection WHERE deleted_at IS NOT NULL) AS gone`,
      );
      return rows[0]!.users === everyone.length && rows[0]!.orgs === 4 && rows[0]!.gone === 1;
    }, { what: 'the projections of users and organizations', timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await producer?.disconnect();
    await gateway?.close();
    await notify?.close();
    await db?.drop();
  });

  /** Who was told what of one event: "name:TYPE", sorted. */
  const toldOf = async (eventId: string): Promise<string[]> => {
    const { rows } = await notify.pool.query<{ user_id: string; type: string }>('SELECT user_id, type FROM notify.notification WHERE source_event_id = $1', [eventId]);
    return rows.map((r) => `${nameOf.get(r.user_id) ?? r.user_id}:${r.type}`).sort();
  };

  /** Whether notify's notification consumer has taken the event in (its inbox row; other consumers keep their own). */
  const consumed = async (eventId: string): Promise<boolean> =>
    (await notify.pool.query("SELECT 1 FROM notify.inbox WHERE event_id = $1 AND consumer IN ('inventory-notifications', 'order-notifications')", [eventId])).rowCount === 1;

  /** Sends `message`, waits until it was consumed, sends it again and answers who was told (once). */
  const deliverTwice = async (message: ReturnType<typeof src.order>): Promise<string[]> => {
    const eventId = src.eventIdOf(message);
    await src.send(producer, message);
    await waitFor(() => consumed(eventId), { what: `event ${eventId}`, timeoutMs: 30_000 });
    const first = await toldOf(eventId);
    await src.send(producer, message);
    return first;
  };

  /**
   * Topics have one partition: once a marker sent after the redelivery, on the same topic, was
   * consumed, so was the redelivery.
   */
  const expectNoRedeliveryEffect = async (eventId: string, told: string[], marker: ReturnType<typeof src.order>) => {
    await src.send(producer, marker);
    await waitFor(() => consumed(src.eventIdOf(marker)), { what: 'the marker after the redelivery', timeoutMs: 30_000 });
    expect(await toldOf(eventId)).toEqual(told);
  };

  it('stock requests: the region\'s admins, the partner and the manufacturers; once, whatever redelivers', async () => {
    const id = randomUUID();
    const audience = [partnerOrg, makerOrg].sort();
    for (const verb of ['created', 'approved', 'rejected', 'acknowledged'] as const) {
      const message = src.stockRequest(verb, { id, storeId, organizationIds: audience, rejectionReason: verb === 'rejected' ? 'Budget' : null }, prefix);
      const told = await deliverTwice(message);
      const type = `STOCK_REQUEST_${verb.toUpperCase()}`;
      expect(told).toEqual([`admin:${type}`, `maker:${type}`, `partner:${type}`]);
      await expectNoRedeliveryEffect(src.eventIdOf(message), told, src.stockRequest('shipped', { id, storeId, organizationIds: audience, status: 'SHIPPED' }, prefix));
    }
    const { rows } = await notify.pool.query('SELECT title, body, locale, link_entity, link_id FROM notify.notification WHERE user_id = $1 AND type = $2', [partner.id, 'STOCK_REQUEST_REJECTED']);
    expect(rows).toEqual([{ title: `补货申请 ${id.slice(0, 8).toUpperCase()} 已驳回`, body: `补货申请 ${id.slice(0, 8).toUpperCase()} 已被驳回，原因：Budget`, locale: 'zh-CN', link_entity: 'STOCK_REQUEST', link_id: id }]);
  });

  it('shipments: the 3PL and the partner of the store when assigned, on a status change and on an exception; nothing for an update without either', async () => {
    const id = randomUUID();
    const audience = [partnerOrg, makerOrg, carrierOrg].sort();
    const at = (verb: 'created' | 'updated', status: string, logisticsOrganizationId: string | null = carrierOrg) =>
      src.shipment(verb, { id, storeId, organizationIds: audience, logisticsOrganizationId, status: status as 'CREATED', exceptionReason: status === 'EXCEPTION' ? 'Flat tyre' : null }, prefix);
    const cases: [ReturnType<typeof at>, string[]][] = [
      [at('created', 'CREATED', null), []],
      [at('updated', 'CREATED'), ['carrier:SHIPMENT_ASSIGNED', 'partner:SHIPMENT_ASSIGNED']],
      [at('updated', 'CREATED'), []],
      [at('updated', 'PICKED_UP'), ['carrier:SHIPMENT_STATUS_CHANGED', 'partner:SHIPMENT_STATUS_CHANGED']],
      [at('updated', 'EXCEPTION'), ['carrier:SHIPMENT_EXCEPTION', 'partner:SHIPMENT_EXCEPTION']],
    ];
    for (const [message, expected] of cases) {
      const told = await deliverTwice(message);
      expect(told).toEqual(expected);
      await expectNoRedeliveryEffect(src.eventIdOf(message), told, src.shipment('created', { id: randomUUID(), storeId, organizationIds: [] }, prefix));
    }

    // The discrepancy's audience has no carrier: notify names it from the shipment's events.
    const recorded = src.discrepancy({ shipmentId: id, storeId, organizationIds: [partnerOrg, makerOrg].sort() }, prefix);
    const told = await deliverTwice(recorded);
    expect(told).toEqual(['admin:SHIPMENT_DISCREPANCY', 'carrier:SHIPMENT_DISCREPANCY', 'maker:SHIPMENT_DISCREPANCY']);
    await expectNoRedeliveryEffect(src.eventIdOf(recorded), told, src.discrepancy({ shipmentId: randomUUID(), storeId, organizationIds: [] }, prefix));
  });

  it('low stock: the store\'s partner at once (admins and manufacturers get the digest)', async () => {
    const crossed = src.lowStockCrossed({ storeId, organizationIds: [partnerOrg, makerOrg].sort() }, prefix);
    const told = await deliverTwice(crossed);
    expect(told).toEqual(['partner:LOW_STOCK']);
    await expectNoRedeliveryEffect(src.eventIdOf(crossed), told, src.lowStockCrossed({ storeId, organizationIds: [] }, prefix));
  });

  it('orders: the shopper at every step, the store\'s partner of new orders and cancellations; never a manufacturer', async () => {
    const id = randomUUID();
    const o = (verb: Parameters<typeof src.order>[0], status: Parameters<typeof src.order>[1]['status'], previousStatus: Parameters<typeof src.order>[1]['previousStatus']) =>
      src.order(verb, { id, shopperId: shopper.id, storeId, organizationIds: [partnerOrg, makerOrg].sort(), status, previousStatus }, prefix);
    const steps: [ReturnType<typeof o>, string[]][] = [
      [o('created', 'PENDING_PAYMENT', null), []],
      [o('placed', 'PLACED', 'PENDING_PAYMENT'), ['partner:ORDER_PLACED', 'shopper:ORDER_PLACED']],
      [o('confirmed', 'CONFIRMED', 'PLACED'), ['shopper:ORDER_CONFIRMED']],
      [o('ready_for_pickup', 'READY_FOR_PICKUP', 'CONFIRMED'), ['shopper:ORDER_READY_FOR_PICKUP']],
      [o('shipped', 'SHIPPED', 'READY_FOR_PICKUP'), ['shopper:ORDER_SHIPPED']],
      [o('fulfilled', 'FULFILLED', 'SHIPPED'), ['shopper:ORDER_FULFILLED']],
      [o('updated', 'FULFILLED', 'FULFILLED'), []],
      [o('cancelled', 'CANCELLED', 'PLACED'), ['partner:ORDER_CANCELLED', 'shopper:ORDER_CANCELLED']],
      [o('refunded', 'REFUNDED', 'CANCELLED'), ['shopper:ORDER_REFUNDED']],
    ];
    for (const [message, expected] of steps) {
      const told = await deliverTwice(message);
      expect(told).toEqual(expected);
      await expectNoRedeliveryEffect(src.eventIdOf(message), told, o('updated', 'REFUNDED', 'REFUNDED'));
    }
    const { rows } = await notify.pool.query<{ data: Record<string, unknown>; body: string }>('SELECT data, body FROM notify.notification WHERE user_id = $1', [partner.id]);
    for (const row of rows) expect(JSON.stringify(row)).not.toMatch(/shopper@example\.com|Secret St/);
  });

  it('queues an email per notification unless the recipient turned that type off', async () => {
    const { rows } = await notify.pool.query<{ to_address: string; subject: string; kind: string; user_id: string; notification_id: string }>(
      'SELECT e.to_address, e.subject, e.kind, e.user_id, e.notification_id FROM notify.email_message e JOIN notify.notification n ON n.id = e.notification_id',
    );
    const notifications = (await notify.pool.query('SELECT count(*)::int AS n FROM notify.notification')).rows[0].n as number;
    expect(rows).toHaveLength(notifications);
    expect(rows.find((r) => r.user_id === partner.id && r.kind === 'LOW_STOCK')).toMatchObject({ to_address: partner.email, subject: expect.stringContaining('库存不足') });

    const asShopper = { authorization: `Bearer ${await accessTokenFor({ kind: 'user', userId: shopper.id, role: 'CUSTOMER', organizationId: null, region: 'eu', scopes: [] })}` };
    const set = await graphql<{ setNotificationPreference: { preference: { type: string; email: boolean }; errors: unknown[] } }>(
      gateway.url,
      'mutation { setNotificationPreference(input: { type: ORDER_SHIPPED, email: false }) { preference { type email } errors { code } } }',
      {},
      asShopper,
    );
    expect(set.data!.setNotificationPreference).toEqual({ preference: { type: 'ORDER_SHIPPED', email: false }, errors: [] });
    const id = randomUUID();
    const shipped = src.order('shipped', { id, shopperId: shopper.id, storeId, organizationIds: [partnerOrg], status: 'SHIPPED', previousStatus: 'CONFIRMED' }, prefix);
    const eventId = src.eventIdOf(shipped);
    await src.send(producer, shipped);
    await waitFor(() => consumed(eventId), { what: 'the shipped order', timeoutMs: 30_000 });
    expect(await toldOf(eventId)).toEqual(['shopper:ORDER_SHIPPED']);
    const emails = await notify.pool.query('SELECT 1 FROM notify.email_message e JOIN notify.notification n ON n.id = e.notification_id WHERE n.source_event_id = $1', [eventId]);
    expect(emails.rowCount).toBe(0);

    const prefs = await graphql<{ myNotificationPreferences: { type: string; email: boolean }[] }>(gateway.url, '{ myNotificationPreferences { type email } }', {}, asShopper);
    expect(prefs.data!.myNotificationPreferences).toHaveLength(21);
    expect(prefs.data!.myNotificationPreferences.filter((p) => !p.email)).toEqual([{ type: 'ORDER_SHIPPED', email: false }]);
  });

  describe('reading them', () => {
    const viewerOf = (u: src.TestUser): UserViewer => ({ kind: 'user', userId: u.id, role: u.role, organizationId: u.organizationId, region: 'eu', scopes: [] });
    const as = async (u: src.TestUser) => ({ authorization: `Bearer ${await accessTokenFor(viewerOf(u))}` });
    const PAGE = `query($type: NotificationType, $unreadOnly: Boolean, $first: Int) {
      myNotifications(type: $type, unreadOnly: $unreadOnly, first: $first) { edges { node { id type title body locale readAt link { entity id } data } } pageInfo { hasNextPage } }
    }`;
    type Page = { myNotifications: { edges: { node: { id: string; type: string; title: string; locale: string; readAt: string | null; link: { entity: string; id: string } | null; data: Record<string, unknown> } }[] } };
    const count = async (u: src.TestUser) => (await graphql<{ unreadNotificationCount: number }>(gateway.url, '{ unreadNotificationCount }', {}, await as(u))).data!.unreadNotificationCount;

    it('lists only the viewer\'s own, filtered by type and unread, in their locale', async () => {
      const mine = await graphql<Page>(gateway.url, PAGE, { first: 100 }, await as(partner));
      expect(mine.errors).toBeUndefined();
      const nodes = mine.data!.myNotifications.edges.map((e) => e.node);
      const stored = (await notify.pool.query<{ id: string }>('SELECT id FROM notify.notification WHERE user_id = $1', [partner.id])).rows.map((r) => r.id);
      expect(nodes.map((n) => n.id).sort()).toEqual(stored.sort());
      expect(nodes.every((n) => n.locale === 'zh-CN')).toBe(true);

      const lowStock = await graphql<Page>(gateway.url, PAGE, { type: 'LOW_STOCK' }, await as(partner));
      expect(lowStock.data!.myNotifications.edges.map((e) => e.node)).toEqual([
        expect.objectContaining({ type: 'LOW_STOCK', link: { entity: 'INVENTORY_LEVEL', id: expect.any(String) }, data: expect.objectContaining({ available: 2, threshold: 5 }) }),
      ]);
      expect((await graphql<Page>(gateway.url, PAGE, {}, await as(otherPartner))).data!.myNotifications.edges).toEqual([]);
      expect((await graphql<Page>(gateway.url, PAGE, {}, await as(cnAdmin))).data!.myNotifications.edges).toEqual([]);
      expect((await graphql(gateway.url, PAGE, { type: 'NOT_A_TYPE' }, await as(partner))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('marks one read (only the viewer\'s own), then all, and counts unread ones correctly', async () => {
      const before = await count(maker);
      expect(before).toBe(Number((await notify.pool.query('SELECT count(*) AS n FROM notify.notification WHERE user_id = $1', [maker.id])).rows[0].n));
      expect(before).toBeGreaterThan(1);
      const first = (await graphql<Page>(gateway.url, PAGE, { first: 1 }, await as(maker))).data!.myNotifications.edges[0]!.node;

      const MARK = 'mutation($id: ID!) { markNotificationRead(id: $id) { notification { id readAt } errors { code field } } }';
      type Mark = { markNotificationRead: { notification: { id: string; readAt: string | null } | null; errors: { code: string; field: string }[] } };
      const theirs = await graphql<Mark>(gateway.url, MARK, { id: first.id }, await as(partner));
      expect(theirs.data!.markNotificationRead).toEqual({ notification: null, errors: [{ code: 'NOT_FOUND', field: 'id' }] });
      expect(await count(maker)).toBe(before);

      const read = await graphql<Mark>(gateway.url, MARK, { id: first.id }, await as(maker));
      expect(read.data!.markNotificationRead.notification).toEqual({ id: first.id, readAt: expect.any(String) });
      const again = await graphql<Mark>(gateway.url, MARK, { id: first.id }, await as(maker));
      expect(again.data!.markNotificationRead.notification!.readAt).toBe(read.data!.markNotificationRead.notification!.readAt);
      expect(await count(maker)).toBe(before - 1);
      const unread = await graphql<Page>(gateway.url, PAGE, { unreadOnly: true, first: 100 }, await as(maker));
      expect(unread.data!.myNotifications.edges.map((e) => e.node.id)).not.toContain(first.id);

      expect((await graphql(gateway.url, MARK, { id: 'nope' }, await as(maker))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((await graphql(gateway.url, MARK, { id: first.id })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

      const all = await graphql<{ markAllNotificationsRead: { count: number } }>(gateway.url, 'mutation { markAllNotificationsRead { count } }', {}, await as(maker));
      expect(all.data!.markAllNotificationsRead.count).toBe(before - 1);
      expect(await count(maker)).toBe(0);
      expect(await count(partner)).toBeGreaterThan(0);
    });
  });
});
