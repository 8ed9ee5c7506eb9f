/**
 * `notificationAdded` through the gateway: an order event consumed by notify (real Kafka) writes
 * notifications, their live events go out through notify's outbox, and each reaches only its
 * recipient's subscription; another organization's member and other users receive nothing, and an
 * anonymous subscriber is refused.
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type * as Events from '@miw/events';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp, type Mailer } from '@miw/subgraph-notify';
import { accessTokenFor, createTestDatabase, organizationMessage, startTestSubgraph, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import { connect, nexts, run, subscribe, type Socket } from '../../../gateway/test/support/ws';
import * as src from './support/sources';

/** notify's live event source, caught as it is created: its open streams tell when a subscription is live. */
const mockNotifyLive: { source?: Events.LiveEvents } = {};
jest.mock('@miw/events', () => {
  const actual = jest.requireActual<typeof Events>('@miw/events');
  return {
    __esModule: true,
    ...actual,
    createLiveEvents: (opts: Events.LiveEventsOptions) => {
      const live = actual.createLiveEvents(opts);
      if (opts.groupPrefix.startsWith('notify-')) mockNotifyLive.source = live;
      return live;
    },
  };
});

jest.setTimeout(120_000);

const noMail: Mailer = { send: async () => undefined, close: async () => undefined } as unknown as Mailer;
const ADDED = 'subscription { notificationAdded { id type title body locale link { entity id } data readAt createdAt } }';

interface Added {
  id: string;
  type: string;
  title: string;
  locale: string;
  link: { entity: string; id: string } | null;
  data: Record<string, unknown>;
  readAt: string | null;
}
interface Next {
  data?: { notificationAdded: Added } | null;
  errors?: { extensions?: { code?: string } }[];
}

describe('notificationAdded through the gateway', () => {
  let db: TestDatabase;
  let notify: RunningSubgraph;
  let gateway: TestGateway;
  let producer: Events.EventProducer;
  const sockets: Socket[] = [];
  const prefix = testTopicPrefix('notiflive');
  const partnerOrg = randomUUID();
  const otherOrg = randomUUID();
  const storeId = randomUUID();
  const partner = src.newUser('PARTNER', partnerOrg, { locale: 'zh-CN' });
  const otherPartner = src.newUser('PARTNER', otherOrg);
  const shopper = src.newUser('CUSTOMER');
  const otherShopper = src.newUser('CUSTOMER');
  const viewerOf = (u: src.TestUser): UserViewer => ({ kind: 'user', userId: u.id, role: u.role, organizationId: u.organizationId, region: 'eu', scopes: [] });

  beforeAll(async () => {
    db = await createTestDatabase('notiflive');
    notify = await startTestSubgraph({ domain: 'notify', databaseUrl: db.url, topicPrefix: prefix, createApp: (deps) => createApp({ ...deps, mailer: noMail }) });
    gateway = await startTestGateway({ notify: notify.url });
    producer = notify.bus.producer();
    const at = src.tick();
    await producer.send([
      organizationMessage('eu', { id: partnerOrg, kind: 'PARTNER', updatedAt: at }, prefix),
      organizationMessage('eu', { id: otherOrg, kind: 'PARTNER', updatedAt: at }, prefix),
      ...[partner, otherPartner, shopper, otherShopper].map((u) => src.userSnapshot('eu', u, prefix)),
    ]);
    await waitFor(async () => (await notify.pool.query('SELECT count(*)::int AS n FROM notify.user_projection')).rows[0].n === 4, { what: 'the user projection', timeoutMs: 30_000 });
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    await producer?.disconnect();
    await gateway?.close();
    await notify?.close();
    await db?.drop();
  });

  const socketOf = async (u: src.TestUser | null): Promise<Socket> => {
    const socket = await connect(gateway.url, u ? { authorization: `Bearer ${await accessTokenFor(viewerOf(u))}` } : {});
    sockets.push(socket);
    return socket;
  };
  const listening = () => mockNotifyLive.source?.listening ?? 0;
  /** Subscribes and waits until notify serves one more stream (events from now on reach it). */
  const live = async (socket: Socket): Promise<string> => {
    const before = listening();
    const id = await subscribe(socket, ADDED);
    await waitFor(() => listening() > before, { what: 'the upstream notification stream' });
    return id;
  };
  const received = (socket: Socket, id: string): Added[] =>
    nexts<Next>(socket, id).map((n) => {
      if (!n.data) throw new Error(`subscription ${id} answered errors: ${JSON.stringify(n.errors)}`);
      return n.data.notificationAdded;
    });

  it('refuses an anonymous subscriber', async () => {
    const message = await run(await socketOf(null), ADDED);
    const errors = message.type === 'error' ? (message.payload as Next['errors']) : (message.payload as Next).errors;
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('delivers each new notification to its recipient only', async () => {
    const socket = { partner: await socketOf(partner), otherPartner: await socketOf(otherPartner), shopper: await socketOf(shopper), otherShopper: await socketOf(otherShopper) };
    const watch = { partner: await live(socket.partner), otherPartner: await live(socket.otherPartner), shopper: await live(socket.shopper), otherShopper: await live(socket.otherShopper) };
    const orderId = randomUUID();
    const order = (verb: 'placed' | 'confirmed', status: 'PLACED' | 'CONFIRMED', previousStatus: 'PLACED' | null) =>
      src.order(verb, { id: orderId, shopperId: shopper.id, storeId, organizationIds: [partnerOrg], status, previousStatus }, prefix);

    await producer.send([order('placed', 'PLACED', null)]);
    await waitFor(() => received(socket.shopper, watch.shopper).length === 1 && received(socket.partner, watch.partner).length === 1, { what: 'the placed order notifications', timeoutMs: 30_000 });
    const [toShopper] = received(socket.shopper, watch.shopper);
    const [toPartner] = received(socket.partner, watch.partner);
    expect(toShopper).toMatchObject({ type: 'ORDER_PLACED', locale: 'en', title: `Order ${orderId.slice(0, 8).toUpperCase()} placed`, link: { entity: 'ORDER', id: orderId }, readAt: null, data: { orderId, status: 'PLACED' } });
    expect(toPartner).toMatchObject({ type: 'ORDER_PLACED', locale: 'zh-CN', title: `新订单 ${orderId.slice(0, 8).toUpperCase()}` });
    const stored = await notify.pool.query<{ id: string; user_id: string }>('SELECT id, user_id FROM notify.notification WHERE link_id = $1', [orderId]);
    expect(Object.fromEntries(stored.rows.map((r) => [r.user_id, r.id]))).toEqual({ [shopper.id]: toShopper!.id, [partner.id]: toPartner!.id });

    // The confirmation reaches the shopper alone; by the time it has, anything for the others would have too.
    await producer.send([order('confirmed', 'CONFIRMED', 'PLACED')]);
    await waitFor(() => received(socket.shopper, watch.shopper).length === 2, { what: 'the confirmation', timeoutMs: 30_000 });
    expect(received(socket.shopper, watch.shopper)[1]).toMatchObject({ type: 'ORDER_CONFIRMED' });
    expect(received(socket.partner, watch.partner)).toHaveLength(1);
    expect(received(socket.otherPartner, watch.otherPartner)).toEqual([]);
    expect(received(socket.otherShopper, watch.otherShopper)).toEqual([]);
  });
});
