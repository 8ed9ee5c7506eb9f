/**
 * Carts and checkout through the gateway, against real PostgreSQL and Kafka: prices and
 * availability in the cart, limits, the region lock, all-or-nothing reservations, price changes,
 * idempotency, and concurrent checkouts that never oversell.
 */
import { randomUUID } from 'node:crypto';
import { orderEvents, parseEnvelope } from '@miw/contracts';
import { ADD, buy, CART, CHECKOUT, ERRORS, startMarket, viewer, type Market } from './market';

jest.setTimeout(120_000);

describe('carts and checkout', () => {
  let m: Market;

  beforeAll(async () => {
    m = await startMarket('checkout');
  });
  afterAll(async () => {
    await m?.close();
  });

  it('shows current prices, line totals and the store\'s availability; refuses bad quantities', async () => {
    const who = await m.shopper();
    const [tea, cup] = await m.products(2, { priceAmount: 1_299 });
    await m.stock(m.store.a, tea!, 7);
    const first = await m.call(who, ADD, { input: { storeId: m.store.a, productId: tea, quantity: 2 } });
    expect(first.errors).toBeUndefined();
    expect(first.data!.addToCart.errors).toEqual([]);
    const second = await m.call(who, ADD, { input: { storeId: m.store.a, productId: cup, quantity: 1 } });
    expect(second.data!.addToCart.cart).toMatchObject({
      status: 'OPEN',
      itemCount: 3,
      total: { amount: 3 * 1_299, currency: 'EUR' },
      blocked: false,
      items: [
        { product: { id: tea }, quantity: 2, unitPrice: { amount: 1_299 }, lineTotal: { amount: 2_598 }, unavailableReason: null, stock: { available: 7 } },
        { product: { id: cup }, quantity: 1, stock: { available: 0 } },
      ],
    });
    for (const quantity of [0, 1_000, -1]) {
      const bad = await m.call(who, ADD, { input: { storeId: m.store.a, productId: tea, quantity } });
      expect(bad.data!.addToCart.errors).toMatchObject([{ code: 'INVALID', field: 'input.quantity' }]);
    }
    const over = await m.call(who, ADD, { input: { storeId: m.store.a, productId: tea, quantity: 998 } });
    expect(over.data!.addToCart.errors).toMatchObject([{ code: 'INVALID', field: 'input.quantity' }]);
    const carts = await m.call(who, `query { myCarts { id itemCount } }`);
    expect(carts.data!.myCarts).toEqual([{ id: first.data!.addToCart.cart.id, itemCount: 3 }]);
  });

  it('answers WRONG_REGION with the other gateway for a store of the other region, NOT_FOUND for an unknown store', async () => {
    const who = await m.shopper();
    const tea = await m.product();
    const wrong = await m.call(who, ADD, { input: { storeId: m.store.cn, productId: tea, quantity: 1 } });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'WRONG_REGION', region: 'cn' });
    const unknown = await m.call(who, ADD, { input: { storeId: randomUUID(), productId: tea, quantity: 1 } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const notOne = await m.call(who, ADD, { input: { storeId: 'nope', productId: tea, quantity: 1 } });
    expect(notOne.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.storeId' });
  });

  it('flags archived products, which block checkout; refuses to add them', async () => {
    const who = await m.shopper();
    const tea = await m.product();
    await m.stock(m.store.a, tea, 5);
    const added = await m.call(who, ADD, { input: { storeId: m.store.a, productId: tea, quantity: 1 } });
    await m.publish('Product', { id: tea, status: 'ARCHIVED', updatedAt: new Date().toISOString() });
    const cart = await m.call(who, `query($s: ID!) { myCart(storeId: $s) { blocked items { unavailableReason } } }`, { s: m.store.a });
    expect(cart.data!.myCart).toEqual({ blocked: true, items: [{ unavailableReason: 'ARCHIVED' }] });
    const refused = await m.call(who, CHECKOUT, { input: { cartId: added.data!.addToCart.cart.id, idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } } });
    expect(refused.data!.checkout).toMatchObject({ order: null, errors: [{ code: 'CART_BLOCKED' }] });
    const again = await m.call(who, ADD, { input: { storeId: m.store.a, productId: tea, quantity: 1 } });
    expect(again.data!.addToCart.errors).toMatchObject([{ code: 'PRODUCT_UNAVAILABLE', field: 'input.productId' }]);
    expect((await m.level(m.store.a, tea)).reserved).toBe(0);
  });

  it('checks out: reserves every line, snapshots prices, closes the cart and writes the order event', async () => {
    const who = await m.shopper('sam@example.com');
    const [tea, cup] = await m.products(2, { priceAmount: 1_000 });
    await m.stock(m.store.a, tea!, 10);
    await m.stock(m.store.a, cup!, 3);
    const res = await buy(m, who, m.store.a, [[tea!, 4], [cup!, 3]]);
    expect(res.errors).toBeUndefined();
    const { order, errors } = res.data!.checkout;
    expect(errors).toEqual([]);
    expect(order).toMatchObject({ status: 'PLACED', total: { amount: 7_000, currency: 'EUR' }, payment: { provider: 'MANUAL', status: 'AUTHORIZED' }, store: { id: m.store.a } });
    expect(await m.level(m.store.a, tea!)).toMatchObject({ onHand: 10, reserved: 4, movements: [{ reason: 'RECEIVED', delta: 10 }, { reason: 'RESERVED', delta: 4 }] });
    expect(await m.level(m.store.a, cup!)).toMatchObject({ onHand: 3, reserved: 3 });
    // A later price change does not touch the order.
    await m.publish('Product', { id: tea!, priceAmount: 5_000, updatedAt: new Date().toISOString() });
    const read = await m.call(who, `query($id: ID!) { order(id: $id) { total { amount } items { unitPrice { amount } } } }`, { id: order.id });
    expect(read.data!.order.total.amount).toBe(7_000);
    const carts = await m.call(who, `query($s: ID!) { myCart(storeId: $s) { id } }`, { s: m.store.a });
    expect(carts.data!.myCart).toBeNull();
    const { rows } = await m.orders.pool.query<{ type: string; envelope: unknown }>(`SELECT type, envelope FROM orders.outbox WHERE key = $1 ORDER BY id`, [order.id]);
    // Paid at once: one `placed` event announces the new order.
    expect(rows.map((r) => r.type)).toEqual(['orders.order.placed']);
    const placed = orderEvents.parse(parseEnvelope(JSON.stringify(rows[0]!.envelope))).payload;
    expect(placed).toMatchObject({ status: 'PLACED', previousStatus: null, customerEmail: 'sam@example.com', totalAmount: 7_000, audience: { userIds: [who.userId], organizationIds: expect.arrayContaining([m.org.partnerA, m.org.makerA]) } });
  });

  it('reserves all or nothing: OUT_OF_STOCK names the short lines with what is available, and reserves nothing', async () => {
    const who = await m.shopper();
    const [plenty, short] = await m.products(2);
    await m.stock(m.store.a, plenty!, 50);
    await m.stock(m.store.a, short!, 2);
    const res = await buy(m, who, m.store.a, [[plenty!, 5], [short!, 3]]);
    expect(res.data!.checkout).toMatchObject({ order: null, errors: [{ code: 'OUT_OF_STOCK', lines: [{ product: { id: short }, requested: 3, available: 2 }] }] });
    expect(await m.level(m.store.a, plenty!)).toMatchObject({ reserved: 0, movements: [{ reason: 'RECEIVED' }] });
    expect(await m.level(m.store.a, short!)).toMatchObject({ reserved: 0, movements: [{ reason: 'RECEIVED' }] });
  });

  it('refuses a price changed since the cart was shown with PRICE_CHANGED; checking out again accepts it', async () => {
    const who = await m.shopper();
    const tea = await m.product({ priceAmount: 1_000 });
    await m.stock(m.store.a, tea, 5);
    const added = await m.call(who, ADD, { input: { storeId: m.store.a, productId: tea, quantity: 2 } });
    const cartId = added.data!.addToCart.cart.id;
    await m.publish('Product', { id: tea, priceAmount: 1_200, updatedAt: new Date().toISOString() });
    const key = randomUUID();
    const changed = await m.call(who, CHECKOUT, { input: { cartId, idempotencyKey: key, paymentMethod: { provider: 'MANUAL' } } });
    expect(changed.data!.checkout).toMatchObject({
      order: null,
      errors: [{ code: 'PRICE_CHANGED', lines: [{ product: { id: tea }, requested: 2, previousUnitPrice: { amount: 1_000 }, unitPrice: { amount: 1_200 } }], newTotal: { amount: 2_400, currency: 'EUR' } }],
    });
    expect((await m.level(m.store.a, tea)).reserved).toBe(0);
    const accepted = await m.call(who, CHECKOUT, { input: { cartId, idempotencyKey: key, paymentMethod: { provider: 'MANUAL' } } });
    expect(accepted.data!.checkout).toMatchObject({ errors: [], order: { status: 'PLACED', total: { amount: 2_400 } } });
  });

  it('answers the same order for the same idempotency key, also sent twice at once: one order, one reservation', async () => {
    const who = await m.shopper();
    const tea = await m.product();
    await m.stock(m.store.a, tea, 5);
    const added = await m.call(who, ADD, { input: { storeId: m.store.a, productId: tea, quantity: 2 } });
    const input = { cartId: added.data!.addToCart.cart.id, idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } };
    const [a, b] = await Promise.all([m.call(who, CHECKOUT, { input }), m.call(who, CHECKOUT, { input })]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data!.checkout.order.id).toBe(b.data!.checkout.order.id);
    const later = await m.call(who, CHECKOUT, { input });
    expect(later.data!.checkout.order.id).toBe(a.data!.checkout.order.id);
    expect(await m.level(m.store.a, tea)).toMatchObject({ reserved: 2, movements: [{ reason: 'RECEIVED' }, { reason: 'RESERVED', delta: 2 }] });
    const { rows } = await m.orders.pool.query(`SELECT id FROM orders."order" WHERE user_id = $1`, [who.userId]);
    expect(rows).toHaveLength(1);
    // The key belongs to that cart: another cart with it is refused.
    const other = await m.product();
    await m.stock(m.store.b, other, 1);
    const otherCart = await m.call(who, ADD, { input: { storeId: m.store.b, productId: other, quantity: 1 } });
    const reused = await m.call(who, CHECKOUT, { input: { ...input, cartId: otherCart.data!.addToCart.cart.id } });
    expect(reused.data!.checkout.errors).toMatchObject([{ code: 'IDEMPOTENCY_KEY_REUSED', field: 'input.idempotencyKey' }]);
  });

  it('sells the last unit once: 50 shoppers at the same moment, one order and 49 OUT_OF_STOCK', async () => {
    const tea = await m.product();
    await m.stock(m.store.a, tea, 1);
    const shoppers = Array.from({ length: 50 }, () => viewer('CUSTOMER'));
    const carts = await Promise.all(shoppers.map(async (who) => (await m.call(who, ADD, { input: { storeId: m.store.a, productId: tea, quantity: 1 } })).data!.addToCart.cart.id as string));
    const answers = await Promise.all(shoppers.map((who, i) => m.call(who, CHECKOUT, { input: { cartId: carts[i], idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } } })));
    expect(answers.filter((a) => a.errors)).toEqual([]);
    const placed = answers.filter((a) => a.data!.checkout.order);
    const outOfStock = answers.filter((a) => a.data!.checkout.errors[0]?.code === 'OUT_OF_STOCK');
    expect(placed).toHaveLength(1);
    expect(outOfStock).toHaveLength(49);
    expect(await m.level(m.store.a, tea)).toEqual({ onHand: 1, reserved: 1, movements: [{ reason: 'RECEIVED', delta: 1 }, { reason: 'RESERVED', delta: 1 }] });
  });

  it('never sells more than the stock: 200 checkouts at once over 20 products, then every order fulfilled', async () => {
    const products = await m.products(20);
    for (const p of products) await m.stock(m.store.a, p, 5);
    const partner = viewer('PARTNER', m.org.partnerA);
    const shoppers = Array.from({ length: 200 }, (_, i) => ({ who: viewer('CUSTOMER'), product: products[i % 20]! }));
    const carts: string[] = [];
    for (let i = 0; i < shoppers.length; i += 25) {
      const batch = shoppers.slice(i, i + 25);
      carts.push(...(await Promise.all(batch.map(async ({ who, product }) => (await m.call(who, ADD, { input: { storeId: m.store.a, productId: product, quantity: 1 } })).data!.addToCart.cart.id as string))));
    }
    const answers = await Promise.all(shoppers.map(({ who }, i) => m.call(who, CHECKOUT, { input: { cartId: carts[i], idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } } })));
    expect(answers.filter((a) => a.errors)).toEqual([]);
    const orders = answers.flatMap((a) => (a.data!.checkout.order ? [a.data!.checkout.order.id as string] : []));
    expect(orders).toHaveLength(100);
    for (const id of orders) {
      for (const step of ['confirmOrder', 'markOrderReady', 'fulfillOrder']) {
        const res = await m.call(partner, `mutation($id: ID!) { ${step}(input: { orderId: $id }) { order { status } ${ERRORS} } }`, { id });
        expect(res.errors ?? res.data?.[step]?.errors).toEqual([]);
      }
    }
    for (const p of products) {
      const level = await m.level(m.store.a, p);
      expect(level).toMatchObject({ onHand: 0, reserved: 0 });
      expect(level.movements.filter((mv) => mv.reason === 'SOLD')).toHaveLength(5);
    }
  });

  it('keeps carts per shopper: another shopper cannot see or change them', async () => {
    const who = await m.shopper();
    const other = await m.shopper();
    const tea = await m.product();
    const added = await m.call(who, ADD, { input: { storeId: m.store.a, productId: tea, quantity: 1 } });
    const cartId = added.data!.addToCart.cart.id;
    const stolen = await m.call(other, `mutation($c: ID!) { clearCart(input: { cartId: $c }) { ${CART} ${ERRORS} } }`, { c: cartId });
    expect(stolen.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const checkout = await m.call(other, CHECKOUT, { input: { cartId, idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } } });
    expect(checkout.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const cleared = await m.call(who, `mutation($c: ID!) { clearCart(input: { cartId: $c }) { ${CART} ${ERRORS} } }`, { c: cartId });
    expect(cleared.data!.clearCart.cart).toMatchObject({ itemCount: 0, total: null, items: [] });
    const empty = await m.call(who, CHECKOUT, { input: { cartId, idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } } });
    expect(empty.data!.checkout.errors).toMatchObject([{ code: 'CART_EMPTY' }]);
  });
});
