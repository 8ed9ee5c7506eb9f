/**
 * Row-level security of orders' tenant tables (prisma/orders/sql/*_rls.sql): the data layer is
 * called WITHOUT the services' filters (whose order, which store), inside a viewer's database
 * scope, on a pool like the service's, and the database itself returns nothing of anyone else.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createPool, runInDbScope, SYSTEM_SCOPE, type DbScope } from '@miw/db';
import { createTestDatabase, type TestDatabase } from '@miw/testing';
import { findCartItems, findCarts } from '../src/data/carts';
import { createOrdersDb, type OrdersDb } from '../src/data/db';
import { findOrderItems, findOrders, listOrders } from '../src/data/orders';

const user = { ann: randomUUID(), bob: randomUUID() };
const org = { partnerA: randomUUID(), partnerB: randomUUID(), makerA: randomUUID() };
const store = { a: randomUUID(), b: randomUUID() };
const cart = { ann: randomUUID(), bob: randomUUID() };
const order = { ann: randomUUID(), bob: randomUUID() };

const scope = (role: string, userId: string = randomUUID(), organizationId: string | null = null): DbScope => ({ userId, organizationId, role });
const as = {
  ann: scope('CUSTOMER', user.ann),
  partnerA: scope('PARTNER', randomUUID(), org.partnerA),
  makerA: scope('MANUFACTURER', randomUUID(), org.makerA),
  admin: scope('ADMIN'),
};

describe('orders row-level security', () => {
  let db: TestDatabase;
  let owner: pg.Pool;
  let service: pg.Pool;
  let prisma: OrdersDb;

  beforeAll(async () => {
    db = await createTestDatabase('ordrls');
    owner = createPool({ url: db.url, max: 2 });
    service = createPool({ url: db.url, max: 3, role: 'miw_orders', scoped: true });
    prisma = createOrdersDb(service);
    // Ann buys in store A (partner A; one line made by maker A), Bob in store B (partner B).
    await owner.query(`INSERT INTO orders.cart (id, user_id, store_id, updated_at) VALUES ($1, $2, $3, now()), ($4, $5, $6, now())`, [cart.ann, user.ann, store.a, cart.bob, user.bob, store.b]);
    await owner.query(
      `INSERT INTO orders.cart_item (cart_id, product_id, quantity, seen_unit_price_amount) VALUES ($1, gen_random_uuid(), 1, 100), ($2, gen_random_uuid(), 2, 100)`,
      [cart.ann, cart.bob],
    );
    await owner.query(
      `INSERT INTO orders."order" (id, user_id, store_id, partner_organization_id, total_amount, currency, payment_provider, expires_at, updated_at)
       VALUES ($1, $2, $3, $4, 100, 'EUR', 'manual', now() + interval '1 hour', now()), ($5, $6, $7, $8, 200, 'EUR', 'manual', now() + interval '1 hour', now())`,
      [order.ann, user.ann, store.a, org.partnerA, order.bob, user.bob, store.b, org.partnerB],
    );
    await owner.query(
      `INSERT INTO orders.order_item (order_id, product_id, sku, name, quantity, unit_price_amount, manufacturer_organization_id)
       VALUES ($1, gen_random_uuid(), 'TEA', 'Tea', 1, 100, $2), ($3, gen_random_uuid(), 'RICE', 'Rice', 2, 100, NULL)`,
      [order.ann, org.makerA, order.bob],
    );
    await owner.query(`INSERT INTO orders.payment (id, order_id, provider, amount, currency, updated_at) VALUES (gen_random_uuid(), $1, 'manual', 100, 'EUR', now()), (gen_random_uuid(), $2, 'manual', 200, 'EUR', now())`, [
      order.ann,
      order.bob,
    ]);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await service?.end();
    await owner?.end();
    await db?.drop();
  });

  it('runs the service as its own role, which owns no table and is no superuser', async () => {
    const { rows } = await runInDbScope(SYSTEM_SCOPE, () => service.query<{ user: string }>('SELECT current_user AS user'));
    expect(rows[0]!.user).toBe('miw_orders');
    const role = await owner.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'miw_orders'`);
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    expect((await owner.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'orders' AND tableowner = 'miw_orders'`)).rowCount).toBe(0);
  });

  it('shows a shopper only their own carts, orders and payments when the filter is left out', async () => {
    await runInDbScope(as.ann, async () => {
      expect((await findCarts(prisma, [cart.ann, cart.bob])).map((c) => c.id)).toEqual([cart.ann]);
      expect((await findCartItems(prisma, [cart.ann, cart.bob])).map((i) => i.cartId)).toEqual([cart.ann]);
      expect((await listOrders(prisma, {}, 100)).map((o) => o.id)).toEqual([order.ann]);
      expect((await findOrderItems(prisma, [order.ann, order.bob])).map((i) => i.orderId)).toEqual([order.ann]);
      expect((await prisma.payment.findMany()).map((p) => p.orderId)).toEqual([order.ann]);
    });
  });

  it('shows a partner the orders of its stores and a manufacturer the orders with its lines, no carts', async () => {
    await runInDbScope(as.partnerA, async () => {
      expect((await listOrders(prisma, {}, 100)).map((o) => o.id)).toEqual([order.ann]);
      expect(await findCarts(prisma, [cart.ann, cart.bob])).toEqual([]);
    });
    await runInDbScope(as.makerA, async () => {
      expect((await findOrders(prisma, [order.ann, order.bob])).map((o) => o.id)).toEqual([order.ann]);
      expect(await prisma.payment.count()).toBe(1);
    });
  });

  it('lets admins and the system see every row, and nobody without a scope', async () => {
    for (const who of [as.admin, SYSTEM_SCOPE]) {
      await runInDbScope(who, async () => {
        expect(await listOrders(prisma, {}, 100)).toHaveLength(2);
        expect(await findCarts(prisma, [cart.ann, cart.bob])).toHaveLength(2);
      });
    }
    expect(await listOrders(prisma, {}, 100)).toEqual([]);
    expect(await findCarts(prisma, [cart.ann, cart.bob])).toEqual([]);
    expect(await prisma.payment.count()).toBe(0);
  });

  it('refuses to change or write another shopper\'s rows', async () => {
    await runInDbScope(as.ann, async () => {
      expect(await prisma.order.updateMany({ data: { note: 'mine' } })).toEqual({ count: 1 });
      await expect(service.query(`INSERT INTO orders.cart (id, user_id, store_id, updated_at) VALUES ($1, $2, $3, now())`, [randomUUID(), user.bob, store.a])).rejects.toThrow(/row-level security/);
    });
    const { rows } = await owner.query<{ id: string; note: string | null }>(`SELECT id, note FROM orders."order" WHERE note IS NOT NULL`);
    expect(rows).toEqual([{ id: order.ann, note: 'mine' }]);
  });
});
