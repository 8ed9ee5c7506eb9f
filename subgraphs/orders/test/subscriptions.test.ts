/**
 * Live order subscriptions through the gateway, driven by the order mutations themselves
 * (outbox -> real Kafka -> the orders instance's live source -> gateway -> graphql-ws): who may
 * follow one order or a store's orders, and that every event reaches only them.
 *
 * The market starts no catalog subgraph, so the payloads select order fields only (the order's
 * own snapshot `items { name quantity }`, never `product { name }`, which catalog resolves).
 */
import type { UserViewer } from '@miw/auth';
import type * as Events from '@miw/events';
import { accessTokenFor, waitFor } from '@miw/testing';
import { connect, nexts, run, subscribe, type Socket } from '../../../gateway/test/support/ws';
import { action, buy, startMarket, viewer, type Market } from './market';

/**
 * The orders instance's live event source, caught as it is created: its open streams tell when a
 * subscription is live at the subgraph, as the gateway's tests count them (`stack.listening()`).
 */
const mockOrdersLive: { source?: Events.LiveEvents } = {};
jest.mock('@miw/events', () => {
  const actual = jest.requireActual<typeof Events>('@miw/events');
  return {
    __esModule: true,
    ...actual,
    createLiveEvents: (opts: Events.LiveEventsOptions) => {
      const live = actual.createLiveEvents(opts);
      if (opts.groupPrefix.startsWith('orders-')) mockOrdersLive.source = live;
      return live;
    },
  };
});

jest.setTimeout(120_000);

const ORDER_UPDATED = `subscription($id: ID!) { orderUpdated(orderId: $id) { id status items { name quantity } total { amount } } }`;
const STORE_ORDERS = `subscription($storeId: ID!) { storeOrdersUpdated(storeId: $storeId) { id status total { amount } } }`;

interface OrderEvent {
  id: string;
  status: string;
  items?: { name: string; quantity: number }[];
  total: { amount: number };
}
interface Next<T> {
  data?: T | null;
  errors?: { extensions?: { code?: string } }[];
}

describe('order subscriptions through the gateway', () => {
  let m: Market;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    m = await startMarket('ordersubs');
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    await m?.close();
  });

  const listening = () => mockOrdersLive.source?.listening ?? 0;

  /** A graphql-ws connection to the gateway, signed in as `who`. */
  const socketOf = async (who: UserViewer): Promise<Socket> => {
    const socket = await connect(m.gateway.url, { authorization: `Bearer ${await accessTokenFor(who)}` });
    sockets.push(socket);
    return socket;
  };

  /** Subscribes and waits until the orders subgraph serves one more stream (events from now on reach it). */
  const live = async (socket: Socket, query: string, variables: Record<string, unknown>): Promise<string> => {
    const before = listening();
    const id = await subscribe(socket, query, variables);
    await waitFor(() => listening() > before, { what: 'the upstream order stream' });
    return id;
  };

  /** The error code a refused subscription answers (as a `next` with errors, or an `error` message). */
  const refusal = async (socket: Socket, query: string, variables: Record<string, unknown>): Promise<string | undefined> => {
    const message = await run(socket, query, variables);
    const errors = message.type === 'error' ? (message.payload as Next<unknown>['errors']) : (message.payload as Next<unknown>).errors;
    return errors?.[0]?.extensions?.code;
  };

  /** The orders received so far on subscription `id` (the payload's single root field). */
  const received = (socket: Socket, id: string): OrderEvent[] =>
    nexts<Next<Record<string, OrderEvent>>>(socket, id).map((n) => {
      if (!n.data) throw new Error(`subscription ${id} answered errors: ${JSON.stringify(n.errors)}`);
      return Object.values(n.data)[0]!;
    });

  /** A MANUAL checkout in `storeId`: the order is PLACED at once. */
  const placed = async (who: UserViewer, storeId: string, productId: string, quantity: number): Promise<{ id: string }> => {
    const res = await buy(m, who, storeId, [[productId, quantity]]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.checkout).toMatchObject({ errors: [], order: { status: 'PLACED' } });
    return res.data!.checkout.order;
  };

  it('orderUpdated: the shopper, the store\'s partner and an admin follow the order; another shopper and another store\'s partner are refused; nobody gets another order\'s events', async () => {
    const tea = await m.product({ name: 'Longjing', priceAmount: 800 });
    await m.stock(m.store.a, tea, 10);
    const shopper = await m.shopper();
    const other = await m.shopper();
    const partner = viewer('PARTNER', m.org.partnerA);
    const stranger = viewer('PARTNER', m.org.partnerB);
    const admin = viewer('ADMIN');
    const first = await placed(shopper, m.store.a, tea, 2);
    const second = await placed(other, m.store.a, tea, 1);

    const socket = { shopper: await socketOf(shopper), other: await socketOf(other), partner: await socketOf(partner), stranger: await socketOf(stranger), admin: await socketOf(admin) };
    expect(await refusal(socket.other, ORDER_UPDATED, { id: first.id })).toBe('NOT_FOUND');
    expect(await refusal(socket.stranger, ORDER_UPDATED, { id: first.id })).toBe('NOT_FOUND');
    const watch = {
      shopper: await live(socket.shopper, ORDER_UPDATED, { id: first.id }),
      partner: await live(socket.partner, ORDER_UPDATED, { id: first.id }),
      admin: await live(socket.admin, ORDER_UPDATED, { id: first.id }),
      other: await live(socket.other, ORDER_UPDATED, { id: second.id }),
    };

    const confirmed = await m.call(partner, action('confirmOrder'), { id: first.id });
    expect(confirmed.errors ?? confirmed.data!.confirmOrder.errors).toEqual([]);
    const followers = [[socket.shopper, watch.shopper], [socket.partner, watch.partner], [socket.admin, watch.admin]] as const;
    for (const [s, id] of followers) {
      const event = await waitFor(() => received(s, id).find((e) => e.status === 'CONFIRMED'), { timeoutMs: 30_000, what: 'the CONFIRMED event' });
      expect(event).toEqual({ id: first.id, status: 'CONFIRMED', items: [{ name: 'Longjing', quantity: 2 }], total: { amount: 1_600 } });
    }

    // The other shopper's own order moves too: it hears of that one only, and the first shopper never of it.
    const next = await m.call(partner, action('confirmOrder'), { id: second.id });
    expect(next.errors ?? next.data!.confirmOrder.errors).toEqual([]);
    await waitFor(() => received(socket.other, watch.other).some((e) => e.status === 'CONFIRMED'), { timeoutMs: 30_000, what: 'the second order\'s CONFIRMED event' });
    expect(received(socket.other, watch.other).map((e) => e.id)).not.toContain(first.id);
    expect(new Set(received(socket.other, watch.other).map((e) => e.id))).toEqual(new Set([second.id]));
    for (const [s, id] of followers) expect(new Set(received(s, id).map((e) => e.id))).toEqual(new Set([first.id]));
    // The refused subscriptions got their error and nothing else.
    expect(socket.stranger.messages.filter((msg) => msg.type === 'next' && (msg.payload as Next<unknown>).data)).toEqual([]);
  });

  it('storeOrdersUpdated: the store\'s partner gets its store\'s new orders and no other store\'s; another partner and a customer are FORBIDDEN', async () => {
    const tea = await m.product({ priceAmount: 500 });
    await m.stock(m.store.a, tea, 5);
    await m.stock(m.store.b, tea, 5);
    const shopper = await m.shopper();
    const partnerA = viewer('PARTNER', m.org.partnerA);
    const partnerB = viewer('PARTNER', m.org.partnerB);

    const socket = { a: await socketOf(partnerA), b: await socketOf(partnerB), customer: await socketOf(shopper) };
    expect(await refusal(socket.b, STORE_ORDERS, { storeId: m.store.a })).toBe('FORBIDDEN');
    expect(await refusal(socket.customer, STORE_ORDERS, { storeId: m.store.a })).toBe('FORBIDDEN');
    // Partner B follows its own store: the witness that store B's order went through the live source.
    const watch = { a: await live(socket.a, STORE_ORDERS, { storeId: m.store.a }), b: await live(socket.b, STORE_ORDERS, { storeId: m.store.b }) };

    const inB = await placed(shopper, m.store.b, tea, 1);
    const inA = await placed(shopper, m.store.a, tea, 3);
    const seenByA = await waitFor(() => received(socket.a, watch.a).find((e) => e.id === inA.id && e.status === 'PLACED'), { timeoutMs: 30_000, what: 'store A\'s new order at partner A' });
    expect(seenByA).toEqual({ id: inA.id, status: 'PLACED', total: { amount: 1_500 } });
    await waitFor(() => received(socket.b, watch.b).some((e) => e.id === inB.id), { timeoutMs: 30_000, what: 'store B\'s new order at partner B' });
    expect(new Set(received(socket.a, watch.a).map((e) => e.id))).toEqual(new Set([inA.id]));
    expect(new Set(received(socket.b, watch.b).map((e) => e.id))).toEqual(new Set([inB.id]));
  });
});
