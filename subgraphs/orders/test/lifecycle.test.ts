/**
 * The order lifecycle through the gateway: the store's steps, fulfilment selling the reservation,
 * cancellation releasing it, refunds, the test-card provider's signed webhooks (bad signatures,
 * replays), invalid transitions, and who sees which orders.
 */
import { randomUUID } from 'node:crypto';
import { readTestInfra, waitFor } from '@miw/testing';
import { signTestCardWebhook, TEST_CARD_SIGNATURE_HEADER } from '../src/payments/test-card';
import { action, buy, CANCEL, ERRORS, ORDER, startMarket, viewer, type Market } from './market';

jest.setTimeout(120_000);

describe('order lifecycle', () => {
  let m: Market;
  const partnerA = () => viewer('PARTNER', m.org.partnerA);
  const statusOf = async (id: string) => (await m.orders.pool.query<{ status: string }>(`SELECT status FROM orders."order" WHERE id = $1`, [id])).rows[0]?.status;

  beforeAll(async () => {
    m = await startMarket('lifecycle');
  });
  afterAll(async () => {
    await m?.close();
  });

  async function placed(quantity = 2, paymentMethod: Record<string, unknown> = { provider: 'MANUAL' }) {
    const who = await m.shopper();
    const tea = await m.product({ priceAmount: 800 });
    await m.stock(m.store.a, tea, 10);
    const res = await buy(m, who, m.store.a, [[tea, quantity]], randomUUID(), paymentMethod);
    expect(res.errors).toBeUndefined();
    return { who, tea, order: res.data!.checkout.order as { id: string; status: string } };
  }

  it('confirms, marks ready and fulfils: the reservation becomes a sale (one SOLD movement)', async () => {
    const { tea, order } = await placed(3);
    const partner = partnerA();
    for (const [step, status] of [['confirmOrder', 'CONFIRMED'], ['markOrderReady', 'READY_FOR_PICKUP'], ['fulfillOrder', 'FULFILLED']] as const) {
      const res = await m.call(partner, action(step), { id: order.id });
      expect(res.data![step]).toMatchObject({ errors: [], order: { status } });
    }
    expect(await m.level(m.store.a, tea)).toEqual({
      onHand: 7,
      reserved: 0,
      movements: [{ reason: 'RECEIVED', delta: 10 }, { reason: 'RESERVED', delta: 3 }, { reason: 'SOLD', delta: -3 }],
    });
    const payment = await m.call(partner, `query($id: ID!) { order(id: $id) { payment { status } } }`, { id: order.id });
    expect(payment.data!.order.payment.status).toBe('CAPTURED');
  });

  it('ships instead of pickup; invalid transitions name the current status', async () => {
    const { order } = await placed();
    const partner = partnerA();
    const early = await m.call(partner, action('fulfillOrder'), { id: order.id });
    expect(early.data!.fulfillOrder).toMatchObject({ order: null, errors: [{ code: 'INVALID_TRANSITION', currentStatus: 'PLACED' }] });
    await m.call(partner, action('confirmOrder'), { id: order.id });
    const shipped = await m.call(partner, action('shipOrder'), { id: order.id });
    expect(shipped.data!.shipOrder.order.status).toBe('SHIPPED');
    const twice = await m.call(partner, action('markOrderReady'), { id: order.id });
    expect(twice.data!.markOrderReady.errors).toMatchObject([{ code: 'INVALID_TRANSITION', currentStatus: 'SHIPPED' }]);
    const done = await m.call(partner, action('fulfillOrder'), { id: order.id });
    expect(done.data!.fulfillOrder.order.status).toBe('FULFILLED');
    const late = await m.call(viewer('ADMIN'), CANCEL, { id: order.id, reason: 'too late' });
    expect(late.data!.cancelOrder.errors).toMatchObject([{ code: 'INVALID_TRANSITION', currentStatus: 'FULFILLED' }]);
  });

  it('cancels: the shopper before confirmation; the reservation is released (one RELEASED movement)', async () => {
    const { who, tea, order } = await placed(4);
    const res = await m.call(who, CANCEL, { id: order.id, reason: 'changed my mind' });
    expect(res.data!.cancelOrder).toMatchObject({ errors: [], order: { status: 'CANCELLED', cancelReason: 'SHOPPER', payment: { status: 'VOIDED' } } });
    expect(await m.level(m.store.a, tea)).toMatchObject({ onHand: 10, reserved: 0, movements: [{ reason: 'RECEIVED' }, { reason: 'RESERVED', delta: 4 }, { reason: 'RELEASED', delta: -4 }] });
    const again = await m.call(who, CANCEL, { id: order.id });
    expect(again.data!.cancelOrder.errors).toMatchObject([{ code: 'INVALID_TRANSITION', currentStatus: 'CANCELLED' }]);
  });

  it('lets the shopper not cancel after confirmation, the partner still can; shoppers never run the store\'s steps', async () => {
    const { who, order } = await placed();
    const ownConfirm = await m.call(who, action('confirmOrder'), { id: order.id });
    expect(ownConfirm.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await m.call(partnerA(), action('confirmOrder'), { id: order.id });
    const late = await m.call(who, CANCEL, { id: order.id });
    expect(late.data!.cancelOrder.errors).toMatchObject([{ code: 'INVALID_TRANSITION', currentStatus: 'CONFIRMED' }]);
    const byPartner = await m.call(partnerA(), CANCEL, { id: order.id, reason: 'out of stock after all' });
    expect(byPartner.data!.cancelOrder.order).toMatchObject({ status: 'CANCELLED', cancelReason: 'PARTNER' });
  });

  it('hides orders from other shoppers and other stores\' partners; manufacturers see their lines without the customer', async () => {
    const { order } = await placed();
    const stranger = await m.shopper();
    expect((await m.call(stranger, `query($id: ID!) { order(id: $id) { id } }`, { id: order.id })).data!.order).toBeNull();
    const otherPartner = viewer('PARTNER', m.org.partnerB);
    expect((await m.call(otherPartner, `query($id: ID!) { order(id: $id) { id } }`, { id: order.id })).data!.order).toBeNull();
    const steal = await m.call(otherPartner, action('confirmOrder'), { id: order.id });
    expect(steal.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const storeList = await m.call(otherPartner, `query($s: ID!) { storeOrders(storeId: $s) { totalCount } }`, { s: m.store.a });
    expect(storeList.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const maker = viewer('MANUFACTURER', m.org.makerA);
    const demand = await m.call(maker, `query($id: ID!) { order(id: $id) { id customer { id } shippingAddress { city } payment { status } items { quantity } } }`, { id: order.id });
    expect(demand.data!.order).toEqual({ id: order.id, customer: null, shippingAddress: null, payment: null, items: [{ quantity: 2 }] });
    const makerCancels = await m.call(maker, CANCEL, { id: order.id });
    expect(makerCancels.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const demandList = await m.call(maker, `query { demandOrders(first: 100) { totalCount edges { node { id customer { id } } } } }`);
    expect(demandList.data!.demandOrders.edges).toEqual(expect.arrayContaining([{ node: { id: order.id, customer: null } }]));
  });

  it('lists a store\'s orders for its partner and the region\'s for admins, filtered by status and customer email', async () => {
    const who = await m.shopper(`filter-${randomUUID().slice(0, 8)}@example.com`);
    const tea = await m.product();
    await m.stock(m.store.b, tea, 3);
    const res = await buy(m, who, m.store.b, [[tea, 1]]);
    const id = res.data!.checkout.order.id;
    const partnerB = viewer('PARTNER', m.org.partnerB);
    const store = await m.call(partnerB, `query($s: ID!) { storeOrders(storeId: $s, status: PLACED) { totalCount edges { node { id } } } }`, { s: m.store.b });
    expect(store.data!.storeOrders.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
    const email = (await m.orders.pool.query<{ email: string }>(`SELECT email FROM orders.user_projection WHERE id = $1`, [who.userId])).rows[0]!.email;
    const admin = await m.call(viewer('ADMIN'), `query($f: OrdersFilter) { orders(filter: $f) { totalCount edges { node { id customer { id } } } } }`, { f: { customerEmail: email.toUpperCase() } });
    expect(admin.data!.orders).toEqual({ totalCount: 1, edges: [{ node: { id, customer: { id: who.userId } } }] });
    const none = await m.call(viewer('ADMIN'), `query($f: OrdersFilter) { orders(filter: $f) { totalCount } }`, { f: { storeId: m.store.b, status: 'REFUNDED' } });
    expect(none.data!.orders.totalCount).toBe(0);
    const mine = await m.call(who, `query { myOrders(status: PLACED) { totalCount edges { node { id } } } }`);
    expect(mine.data!.myOrders).toEqual({ totalCount: 1, edges: [{ node: { id } }] });
  });

  describe('the test-card provider (asynchronous, through signed webhooks)', () => {
    const webhookUrl = () => `${new URL(m.gateway.url).origin}/webhooks/payments/test-card`;
    const secret = () => readTestInfra().secrets.TEST_CARD_WEBHOOK_SECRET;
    const post = (body: string, signature: string) => fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', [TEST_CARD_SIGNATURE_HEADER]: signature }, body });

    it('confirms an approved card by webhook: PENDING_PAYMENT, then PLACED', async () => {
      const { order } = await placed(1, { provider: 'TEST_CARD', token: '4242 4242 4242 4242' });
      expect(order.status).toBe('PENDING_PAYMENT');
      await waitFor(async () => (await statusOf(order.id)) === 'PLACED', { what: 'the test-card webhook to place the order' });
    });

    it('cancels a declined card and releases the stock', async () => {
      const { tea, order } = await placed(2, { provider: 'TEST_CARD', token: '4000000000000002' });
      await waitFor(async () => (await statusOf(order.id)) === 'CANCELLED', { what: 'the decline webhook' });
      // The release follows the cancellation's commit.
      await waitFor(async () => (await m.level(m.store.a, tea)).reserved === 0, { what: 'the declined order\'s stock to be released' });
      const read = await m.call(viewer('ADMIN'), `query($id: ID!) { order(id: $id) { cancelReason payment { status declineReason } } }`, { id: order.id });
      expect(read.data!.order).toEqual({ cancelReason: 'PAYMENT_DECLINED', payment: { status: 'DECLINED', declineReason: 'card declined' } });
    });

    it('refuses an invalid card number at once, releasing the stock', async () => {
      const who = await m.shopper();
      const tea = await m.product();
      await m.stock(m.store.a, tea, 2);
      const res = await buy(m, who, m.store.a, [[tea, 1]], randomUUID(), { provider: 'TEST_CARD', token: '4242 4242 4242 4241' });
      expect(res.data!.checkout).toMatchObject({ order: { status: 'CANCELLED', cancelReason: 'PAYMENT_DECLINED' }, errors: [{ code: 'PAYMENT_DECLINED' }] });
      expect((await m.level(m.store.a, tea)).reserved).toBe(0);
    });

    it('refunds a captured card payment when a confirmed order is cancelled', async () => {
      const { order } = await placed(1, { provider: 'TEST_CARD', token: '4242424242424242' });
      await waitFor(async () => (await statusOf(order.id)) === 'PLACED', { what: 'the approval webhook' });
      const confirmed = await m.call(partnerA(), `mutation($id: ID!) { confirmOrder(input: { orderId: $id }) { order { payment { status } } ${ERRORS} } }`, { id: order.id });
      expect(confirmed.data!.confirmOrder.order.payment.status).toBe('CAPTURED');
      const cancelled = await m.call(partnerA(), CANCEL, { id: order.id, reason: 'damaged' });
      expect(cancelled.data!.cancelOrder.order).toMatchObject({ status: 'REFUNDED', cancelReason: 'PARTNER', payment: { status: 'REFUNDED' } });
    });

    it('answers 401 to a bad signature and changes nothing; applies a replayed delivery once', async () => {
      const { order } = await placed(1, { provider: 'TEST_CARD', token: '4242424242424242' });
      await waitFor(async () => (await statusOf(order.id)) === 'PLACED', { what: 'the approval webhook' });
      const { rows } = await m.orders.pool.query<{ provider_ref: string }>(`SELECT provider_ref FROM orders.payment WHERE order_id = $1`, [order.id]);
      const providerRef = rows[0]!.provider_ref;
      const declined = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'payment.declined', providerRef, reason: 'forged' });
      const forged = await post(declined, signTestCardWebhook('x'.repeat(40), declined));
      expect(forged.status).toBe(401);
      const unsigned = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: declined });
      expect(unsigned.status).toBe(401);
      expect(await statusOf(order.id)).toBe('PLACED');
      // A second approval of the same payment, delivered twice: the order was placed once.
      const approval = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'payment.authorized', providerRef });
      for (let i = 0; i < 2; i++) expect((await post(approval, signTestCardWebhook(secret(), approval))).status).toBe(200);
      const events = await m.orders.pool.query(`SELECT type FROM orders.outbox WHERE key = $1 AND type = 'orders.order.placed'`, [order.id]);
      expect(events.rows).toHaveLength(1);
      const unknownProvider = await fetch(`${new URL(m.gateway.url).origin}/webhooks/payments/paypal`, { method: 'POST', body: '{}' });
      expect(unknownProvider.status).toBe(404);
    });
  });

  it('snapshots the order in checkout input: address and note are checked as payload errors', async () => {
    const who = await m.shopper();
    const tea = await m.product();
    await m.stock(m.store.a, tea, 1);
    const bad = await buy(m, who, m.store.a, [[tea, 1]], randomUUID());
    expect(bad.data!.checkout.errors).toEqual([]);
    const who2 = await m.shopper();
    await m.stock(m.store.a, tea, 1);
    const added = await m.call(who2, `mutation($i: AddToCartInput!) { addToCart(input: $i) { cart { id } } }`, { i: { storeId: m.store.a, productId: tea, quantity: 1 } });
    const res = await m.call(who2, `mutation($input: CheckoutInput!) { checkout(input: $input) { ${ORDER} ${ERRORS} } }`, {
      input: { cartId: added.data!.addToCart.cart.id, idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' }, shippingAddress: { name: 'Sam', line1: '', city: 'Berlin', country: 'Germany' } },
    });
    expect(res.data!.checkout.errors).toMatchObject([
      { code: 'INVALID', field: 'input.shippingAddress.line1' },
      { code: 'INVALID', field: 'input.shippingAddress.country' },
    ]);
    expect((await m.level(m.store.a, tea)).reserved).toBe(1);
  });
});
