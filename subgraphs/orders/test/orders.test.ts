import { randomUUID } from 'node:crypto';
import { createApp } from '@miw/subgraph-orders';
import type { DomainDeps, RequestInfo, RunningSubgraph } from '@miw/service-kit';
import { createTestDatabase, graphql, sqlCounter, startTestSubgraph, type TestDatabase, expectConstantStatements } from '@miw/testing';

const ENTITIES = /* GraphQL */ `
  query($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Order { id status total { amount currency } items { product { id } sku name quantity unitPrice { amount currency } } store { id } createdAt updatedAt }
      ... on Cart { id cartStatus: status items { product { id } quantity } store { id } updatedAt }
    }
  }
`;

type Entity = Record<string, unknown> | null;
type OrdersPage = { myOrders: { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } } };

describe('orders subgraph (real PostgreSQL)', () => {
  let db: TestDatabase;
  let orders: RunningSubgraph;
  let signedIn: RunningSubgraph;
  const sql = sqlCounter();

  const shopper = randomUUID();
  const someoneElse = randomUUID();
  const store = randomUUID();
  const tea = randomUUID();
  const cup = randomUUID();
  /** The shopper's orders, oldest first. */
  const shopperOrders = [randomUUID(), randomUUID(), randomUUID()];
  const otherOrder = randomUUID();
  const openCart = randomUUID();
  const oldCart = randomUUID();

  /** The app as it will run once authentication exists: every request signed in as `userId`. */
  const signedInAs =
    (userId: string) =>
    (deps: DomainDeps) => {
      const app = createApp(deps);
      return { ...app, context: async (info: RequestInfo) => ({ ...(await app.context(info)), viewer: { kind: 'user' as const, userId, role: 'CUSTOMER' as const, organizationId: null, region: 'eu' as const, scopes: [] } }) };
    };

  const insertOrder = (id: string, userId: string, createdAt: string, status = 'PLACED') =>
    orders.pool.query(
      `INSERT INTO orders."order" (id, user_id, store_id, status, total_amount, currency, payment_provider, reservation_state, expires_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4::orders."OrderStatus", 3797, 'EUR', 'manual', CASE WHEN $4::text = 'FULFILLED' THEN 'SOLD'::orders."ReservationState" ELSE 'HELD' END, $5, $5, $5)`,
      [id, userId, store, status, createdAt],
    );
  const insertOrderItems = (orderId: string) =>
    orders.pool.query(
      `INSERT INTO orders.order_item (order_id, product_id, sku, name, quantity, unit_price_amount) VALUES ($1, $2, 'TEA-100', 'Oolong', 2, 1599), ($1, $3, 'CUP-1', 'Cup', 1, 599)`,
      [orderId, tea, cup],
    );

  beforeAll(async () => {
    db = await createTestDatabase('orders');
    orders = await startTestSubgraph({ domain: 'orders', databaseUrl: db.url, createApp });
    signedIn = await startTestSubgraph({ domain: 'orders', databaseUrl: db.url, createApp: signedInAs(shopper), onQuery: sql.onQuery });
    await orders.pool.query(`INSERT INTO orders.catalog_store (id, region, updated_at) VALUES ($1, 'eu', now())`, [store]);

    for (const [i, id] of shopperOrders.entries()) {
      await insertOrder(id, shopper, `2026-11-0${i + 1}T10:00:00Z`, i === 0 ? 'FULFILLED' : 'PLACED');
      await insertOrderItems(id);
    }
    await insertOrder(otherOrder, someoneElse, '2026-11-05T10:00:00Z');
    await orders.pool.query(
      `INSERT INTO orders.cart (id, user_id, store_id, status, currency, updated_at) VALUES ($1, $3, $4, 'OPEN', 'EUR', now()), ($2, $3, $4, 'CHECKED_OUT', 'EUR', now() + interval '1 hour')`,
      [openCart, oldCart, shopper, store],
    );
    await orders.pool.query(
      `INSERT INTO orders.cart_item (cart_id, product_id, quantity, seen_unit_price_amount, added_at) VALUES ($1, $2, 3, 100, now()), ($1, $3, 1, 100, now() + interval '1 second')`,
      [openCart, tea, cup],
    );
  });
  afterAll(async () => {
    await orders?.close();
    await signedIn?.close();
    await db?.drop();
  });

  /** References resolved for the signed-in shopper (orders are resolved only for whoever may see them). */
  const entities = (representations: { __typename: string; id: string }[]) => graphql<{ _entities: Entity[] }>(signedIn.url, ENTITIES, { r: representations });

  it('resolves orders and carts by reference, with their lines', async () => {
    const res = await entities([
      { __typename: 'Order', id: shopperOrders[0]! },
      { __typename: 'Cart', id: openCart },
      { __typename: 'Cart', id: oldCart },
    ]);
    expect(res.errors).toBeUndefined();
    const [order, cart, old] = res.data!._entities;
    expect(order).toEqual({
      id: shopperOrders[0],
      status: 'FULFILLED',
      total: { amount: 3797, currency: 'EUR' },
      items: [
        { product: { id: cup }, sku: 'CUP-1', name: 'Cup', quantity: 1, unitPrice: { amount: 599, currency: 'EUR' } },
        { product: { id: tea }, sku: 'TEA-100', name: 'Oolong', quantity: 2, unitPrice: { amount: 1599, currency: 'EUR' } },
      ],
      store: { id: store },
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
    });
    expect(cart).toMatchObject({ id: openCart, cartStatus: 'OPEN', items: [{ product: { id: tea }, quantity: 3 }, { product: { id: cup }, quantity: 1 }], store: { id: store } });
    expect(old).toMatchObject({ id: oldCart, cartStatus: 'CHECKED_OUT', items: [] });
  });

  it('resolves unknown, malformed and hidden ids to null', async () => {
    const strangersCart = randomUUID();
    await orders.pool.query(`INSERT INTO orders.cart (id, user_id, store_id, status, currency, updated_at) VALUES ($1, $2, $3, 'OPEN', 'EUR', now())`, [strangersCart, someoneElse, store]);
    const res = await entities([
      { __typename: 'Order', id: randomUUID() },
      { __typename: 'Order', id: 'not-a-uuid' },
      { __typename: 'Cart', id: randomUUID() },
      { __typename: 'Cart', id: "'; DELETE FROM orders.cart; --" },
      { __typename: 'Order', id: shopperOrders[1]!.toUpperCase() },
      { __typename: 'Order', id: otherOrder },
      { __typename: 'Cart', id: strangersCart },
    ]);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.slice(0, 4)).toEqual([null, null, null, null]);
    expect(res.data!._entities[4]).toMatchObject({ id: shopperOrders[1] });
    // Another shopper's order and cart are not resolved for this one.
    expect(res.data!._entities.slice(5)).toEqual([null, null]);
  });

  it('resolves references and their lines in batches: SQL statements do not grow with the number of references', async () => {
    const ids = Array.from({ length: 100 }, () => randomUUID());
    await orders.pool.query(
      `INSERT INTO orders."order" (id, user_id, store_id, total_amount, currency, payment_provider, expires_at, created_at, updated_at) SELECT id, $2, $3, 3797, 'EUR', 'manual', now(), '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z' FROM unnest($1::uuid[]) AS t(id)`,
      [ids, shopper, store],
    );
    await orders.pool.query(
      `INSERT INTO orders.order_item (order_id, product_id, sku, name, quantity, unit_price_amount)
       SELECT id, p.product_id, p.sku, p.sku, 1, 100 FROM unnest($1::uuid[]) AS t(id) CROSS JOIN (VALUES ($2::uuid, 'A'), ($3::uuid, 'B')) AS p(product_id, sku)`,
      [ids, tea, cup],
    );
    const cartIds = Array.from({ length: 100 }, () => randomUUID());
    await orders.pool.query(
      `INSERT INTO orders.cart (id, user_id, store_id, status, currency, updated_at) SELECT id, $2, $3, 'CHECKED_OUT', 'EUR', now() FROM unnest($1::uuid[]) AS t(id)`,
      [cartIds, shopper, store],
    );
    await orders.pool.query(`INSERT INTO orders.cart_item (cart_id, product_id, quantity, seen_unit_price_amount) SELECT id, $2, 1, 100 FROM unnest($1::uuid[]) AS t(id)`, [cartIds, tea]);
    const statementsFor = async (n: number) => {
      const res = await entities([...ids.slice(0, n).map((id) => ({ __typename: 'Order', id })), ...cartIds.slice(0, n).map((id) => ({ __typename: 'Cart', id }))]);
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toHaveLength(2 * n);
      expect(res.data!._entities.slice(0, n).every((e) => e !== null && (e.items as unknown[]).length === 2)).toBe(true);
      expect(res.data!._entities.slice(n).every((e) => e !== null && (e.items as unknown[]).length === 1)).toBe(true);
    };
    await expectConstantStatements(sql, statementsFor);
  });

  it('refuses myOrders and myCart to anonymous callers', async () => {
    for (const query of [`{ myOrders { edges { node { id } } } }`, `{ myCart(storeId: "${store}") { id } }`]) {
      const res = await graphql(orders.url, query);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it("pages through the viewer's orders newest first, and finds the viewer's open cart", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Awaited<ReturnType<typeof graphql<OrdersPage>>> = await graphql<OrdersPage>(
        signedIn.url,
        `query($after: String) { myOrders(first: 2, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
        { after },
      );
      expect(page.errors).toBeUndefined();
      const { edges, pageInfo } = page.data!.myOrders;
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...edges.map((e) => e.node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen.filter((id) => (shopperOrders as string[]).includes(id))).toEqual([...shopperOrders].reverse());

    const cart = await graphql<{ myCart: unknown }>(signedIn.url, `{ myCart(storeId: "${store}") { id status items { product { id } quantity } } }`);
    expect(cart.errors).toBeUndefined();
    expect(cart.data!.myCart).toEqual({ id: openCart, status: 'OPEN', items: [{ product: { id: tea }, quantity: 3 }, { product: { id: cup }, quantity: 1 }] });
  });

  it('answers malformed requests with errors carrying extensions.code, signed in or not', async () => {
    for (const url of [signedIn.url]) {
      const tooMany = await graphql(url, `{ myOrders(first: 1000) { edges { cursor } } }`);
      expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const negative = await graphql(url, `{ myOrders(first: -1) { edges { cursor } } }`);
      expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const badCursor = await graphql(url, `{ myOrders(after: "not-a-cursor") { edges { cursor } } }`);
      expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const syntax = await graphql(orders.url, `{ myCart(storeId: "x") { id `);
    expect(syntax.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const notJson = await fetch(orders.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });

  it('reports readiness of PostgreSQL and Kafka', async () => {
    const res = await fetch(orders.url.replace('/graphql', '/readyz'));
    expect({ status: res.status, body: await res.json() }).toMatchObject({ status: 200, body: { status: 'ready', checks: { postgres: 'ok', kafka: 'ok' } } });
  });
});
