/**
 * The reconciler keeps "every reservation ends as a sale or a release" through crashes, against
 * real PostgreSQL, Kafka and inventory. A checkout process killed between reserving and creating
 * its order leaves exactly two traces: its STARTED idempotency claim and the ACTIVE reservation
 * under the order id it chose. The tests leave those traces as such a process would (the claim
 * row, then the reservation through inventory's real internal route) and let the reconciler of a
 * running orders service find them (crash.test.ts kills a real orders process at that point).
 * Unpaid orders expire after the (shortened) TTL.
 */
import { randomUUID } from 'node:crypto';
import { readTestInfra, testLogger, waitFor } from '@miw/testing';
import { createReservationsClient } from '../src/clients/reservations';
import { ADD, buy, CHECKOUT, startMarket, type Market } from './market';

jest.setTimeout(120_000);

describe('reconciler', () => {
  let m: Market;
  let reservations: ReturnType<typeof createReservationsClient>;
  const statusOf = async (id: string) => (await m.orders.pool.query<{ status: string; cancel_reason: string | null }>(`SELECT status, cancel_reason FROM orders."order" WHERE id = $1`, [id])).rows[0];

  beforeAll(async () => {
    m = await startMarket('reconciler', {
      // A short TTL and grace, a fast reconciler, and a card simulator that answers too late.
      ordersEnv: { CHECKOUT_TTL_MS: '1500', RESERVATION_GRACE_MS: '500', RECONCILE_INTERVAL_MS: '200', TEST_CARD_DELAY_MS: '60000' },
    });
    reservations = createReservationsClient({ baseUrl: new URL(m.inventory.url).origin, internalSecret: readTestInfra().internalSecret, logger: testLogger('reservations') });
  });
  afterAll(async () => {
    await m?.close();
  });

  it('releases the reservation of a checkout killed between reserving and creating its order, and abandons its key', async () => {
    const who = await m.shopper();
    const tea = await m.product();
    await m.stock(m.store.a, tea, 5);
    const added = await m.call(who, ADD, { input: { storeId: m.store.a, productId: tea, quantity: 2 } });
    const cartId = added.data!.addToCart.cart.id;
    const orderId = randomUUID();
    const key = randomUUID();
    // What the checkout had done when it was killed: claimed its key, then reserved.
    await m.orders.pool.query(`INSERT INTO orders.checkout (user_id, idempotency_key, order_id, cart_id, state, updated_at) VALUES ($1, $2, $3, $4, 'STARTED', now())`, [who.userId, key, orderId, cartId]);
    const reserved = await reservations.reserve({ reservationId: orderId, storeId: m.store.a, lines: [{ productId: tea, quantity: 2 }], correlationId: 'killed-checkout' });
    expect(reserved.outcome).toBe('RESERVED');
    expect((await m.level(m.store.a, tea)).reserved).toBe(2);

    await waitFor(async () => (await m.level(m.store.a, tea)).reserved === 0, { timeoutMs: 15_000, what: 'the reconciler to release the reservation' });
    expect((await m.level(m.store.a, tea)).movements.map((mv) => mv.reason)).toEqual(['RECEIVED', 'RESERVED', 'RELEASED']);
    const claim = await m.orders.pool.query(`SELECT state FROM orders.checkout WHERE order_id = $1`, [orderId]);
    expect(claim.rows).toEqual([{ state: 'ABANDONED' }]);
    expect(await statusOf(orderId)).toBeUndefined();
    // Retrying with the dead checkout's key is refused clearly; a new key checks out (the cart is still open).
    const retry = await m.call(who, CHECKOUT, { input: { cartId, idempotencyKey: key, paymentMethod: { provider: 'MANUAL' } } });
    expect(retry.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const fresh = await m.call(who, CHECKOUT, { input: { cartId, idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } } });
    expect(fresh.data!.checkout).toMatchObject({ errors: [], order: { status: 'PLACED' } });
  });

  it('releases a reservation no order and no checkout knows of', async () => {
    const tea = await m.product();
    await m.stock(m.store.a, tea, 3);
    const orphan = await reservations.reserve({ reservationId: randomUUID(), storeId: m.store.a, lines: [{ productId: tea, quantity: 3 }], correlationId: 'orphan' });
    expect(orphan.outcome).toBe('RESERVED');
    await waitFor(async () => (await m.level(m.store.a, tea)).reserved === 0, { timeoutMs: 15_000, what: 'the orphaned reservation to be released' });
  });

  it('expires an order not paid within the TTL: cancelled as EXPIRED, stock released, event written', async () => {
    const who = await m.shopper();
    const tea = await m.product();
    await m.stock(m.store.a, tea, 4);
    const res = await buy(m, who, m.store.a, [[tea, 4]], randomUUID(), { provider: 'TEST_CARD', token: '4242424242424242' });
    const order = res.data!.checkout.order;
    expect(order.status).toBe('PENDING_PAYMENT');
    expect((await m.level(m.store.a, tea)).reserved).toBe(4);
    await waitFor(async () => (await statusOf(order.id))?.status === 'CANCELLED', { timeoutMs: 15_000, what: 'the order to expire' });
    expect(await statusOf(order.id)).toEqual({ status: 'CANCELLED', cancel_reason: 'EXPIRED' });
    await waitFor(async () => (await m.level(m.store.a, tea)).reserved === 0, { what: 'the expired order\'s stock to be released' });
    expect(await m.level(m.store.a, tea)).toMatchObject({ reserved: 0, movements: [{ reason: 'RECEIVED' }, { reason: 'RESERVED' }, { reason: 'RELEASED' }] });
    const events = await m.orders.pool.query(`SELECT type FROM orders.outbox WHERE key = $1 ORDER BY id`, [order.id]);
    expect(events.rows.map((r: { type: string }) => r.type)).toEqual(['orders.order.created', 'orders.order.cancelled']);
    // The authorization still pending at the card simulator is voided right after the cancellation commits.
    await waitFor(async () => (await m.orders.pool.query(`SELECT status FROM orders.payment WHERE order_id = $1`, [order.id])).rows[0]?.status === 'VOIDED', { what: 'the payment to be voided' });
  });

  it('leaves paid orders and running checkouts alone', async () => {
    const who = await m.shopper();
    const tea = await m.product();
    await m.stock(m.store.a, tea, 2);
    const res = await buy(m, who, m.store.a, [[tea, 2]]);
    const order = res.data!.checkout.order;
    expect(order.status).toBe('PLACED');
    // Several reconciler passes later the placed order still holds its stock.
    const passes = Date.now() + 2_000;
    await waitFor(() => Date.now() > passes, { timeoutMs: 5_000, what: 'a few reconciler passes' });
    expect((await statusOf(order.id))?.status).toBe('PLACED');
    expect((await m.level(m.store.a, tea)).reserved).toBe(2);
  });
});
