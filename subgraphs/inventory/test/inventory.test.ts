import { randomUUID } from 'node:crypto';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-inventory';
import type { UserViewer } from '@miw/auth';
import { createTestDatabase, expectConstantStatements, graphql, internalHeaders, sqlCounter, startTestSubgraph, testTopicPrefix, type TestDatabase } from '@miw/testing';

const as = (role: UserViewer['role'], organizationId: string | null = null): UserViewer => ({ kind: 'user', userId: randomUUID(), role, organizationId, region: 'eu', scopes: [] });
const ADMIN = as('ADMIN');

describe('inventory subgraph (real PostgreSQL)', () => {
  let db: TestDatabase;
  let sg: RunningSubgraph;
  const sql = sqlCounter();
  const stores = [randomUUID(), randomUUID()];
  const products = Array.from({ length: 100 }, () => randomUUID());

  beforeAll(async () => {
    db = await createTestDatabase('inventory');
    // Own topic prefix: the catalog projection must not consume (and count statements for) other runs' events.
    sg = await startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp, onQuery: sql.onQuery, topicPrefix: testTopicPrefix('inv') });
    await sg.pool.query(
      `INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, low_stock_threshold, updated_at)
       SELECT gen_random_uuid(), s, p, 10, 3, 7, now() FROM unnest($1::uuid[]) s, unnest($2::uuid[]) p`,
      [stores, products],
    );
  });
  afterAll(async () => {
    await sg?.close();
    await db?.drop();
  });

  const levelsOf = async (ids: string[]) =>
    graphql<{ _entities: { id: string; inventoryLevels: { onHand: number; reserved: number; available: number; lowStock: boolean; store: { id: string } }[] }[] }>(
      sg.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id inventoryLevels { onHand reserved available lowStock store { id } } } } }`,
      { r: ids.map((id) => ({ __typename: 'Product', id })) },
      await internalHeaders(ADMIN),
    );

  it('contributes Product.inventoryLevels with derived availability', async () => {
    const res = await levelsOf([products[0]!, randomUUID(), 'not-a-uuid']);
    expect(res.errors).toBeUndefined();
    const [known, unknown, malformed] = res.data!._entities;
    expect(known!.inventoryLevels).toHaveLength(2);
    expect(known!.inventoryLevels[0]).toMatchObject({ onHand: 10, reserved: 3, available: 7, lowStock: true });
    expect(known!.inventoryLevels.map((l) => l.store.id).sort()).toEqual([...stores].sort());
    expect(unknown!.inventoryLevels).toEqual([]);
    expect(malformed!.inventoryLevels).toEqual([]);
  });

  it('batches: SQL statements do not grow with the number of products', async () => {
    await expectConstantStatements(sql, async (n) => {
      const res = await levelsOf(products.slice(0, n));
      expect(res.data!._entities.every((e) => e.inventoryLevels.length === 2)).toBe(true);
    });
  });

  it('batches Product.availability (public): SQL statements do not grow with the number of products', async () => {
    await expectConstantStatements(sql, async (n) => {
      const res = await graphql<{ _entities: { availability: number }[] }>(
        sg.url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { availability } } }`,
        { r: products.slice(0, n).map((id) => ({ __typename: 'Product', id })) },
        await internalHeaders(null),
      );
      expect(res.data!._entities.every((e) => e.availability === 14)).toBe(true);
    });
  });

  it('batches supply-chain lists: shipments with items, tracking and requests cost the same SQL for 1, 10 or 100', async () => {
    await sg.pool.query(
      `WITH r AS (
         INSERT INTO inventory.stock_request (id, store_id, status, updated_at) SELECT gen_random_uuid(), $1, 'SHIPPED', now() FROM generate_series(1, 100) RETURNING id
       ), ri AS (
         INSERT INTO inventory.stock_request_item (id, stock_request_id, product_id, requested_quantity, approved_quantity) SELECT gen_random_uuid(), r.id, p, 5, 5 FROM r, unnest($2::uuid[]) p
       ), s AS (
         INSERT INTO inventory.shipment (id, stock_request_id, store_id, status, updated_at) SELECT gen_random_uuid(), r.id, $1, 'PICKED_UP', now() FROM r RETURNING id
       ), si AS (
         INSERT INTO inventory.shipment_item (id, shipment_id, product_id, quantity) SELECT gen_random_uuid(), s.id, p, 5 FROM s, unnest($2::uuid[]) p
       )
       INSERT INTO inventory.tracking_event (id, shipment_id, idempotency_key, status, occurred_at) SELECT gen_random_uuid(), s.id, 'k', 'PICKED_UP', now() FROM s`,
      [stores[0], products.slice(0, 2)],
    );
    const headers = await internalHeaders(ADMIN);
    await expectConstantStatements(sql, async (n) => {
      const res = await graphql<{ shipments: { edges: { node: { items: unknown[]; stockRequest: { shipments: unknown[] } } }[] } }>(
        sg.url,
        `query($n: Int) { shipments(first: $n) { edges { node { id items { quantity product { id } } trackingEvents { status } stockRequest { id items { requestedQuantity } shipments { id } } } } } }`,
        { n },
        headers,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.shipments.edges).toHaveLength(n);
      expect(res.data!.shipments.edges.every((e) => e.node.items.length === 2 && e.node.stockRequest.shipments.length === 1)).toBe(true);
    });
  });

  it('contributes Store.inventoryLevels', async () => {
    const res = await graphql<{ _entities: { inventoryLevels: unknown[] }[] }>(
      sg.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { inventoryLevels { onHand } } } }`,
      { r: [{ __typename: 'Store', id: stores[0] }] },
      await internalHeaders(ADMIN),
    );
    expect(res.data!._entities[0]!.inventoryLevels).toHaveLength(100);
  });

  it('shows stock to admins, the partner running the store and the product\'s manufacturer only', async () => {
    const partnerOrg = randomUUID();
    const makerOrg = randomUUID();
    const storeLevels = async (viewer: UserViewer | null, owner: string | null) =>
      graphql(sg.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { inventoryLevels { onHand } } } }`, { r: [{ __typename: 'Store', id: stores[0], partnerOrganization: owner ? { id: owner } : null }] }, await internalHeaders(viewer));
    const productLevels = async (viewer: UserViewer | null, maker: string | null) =>
      graphql(sg.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { inventoryLevels { onHand } } } }`, {
        r: [{ __typename: 'Product', id: products[0], manufacturer: maker ? { organization: { id: maker } } : null }],
      }, await internalHeaders(viewer));
    const code = (res: Awaited<ReturnType<typeof graphql>>) => res.errors?.[0]?.extensions?.code ?? 'ok';

    expect(code(await storeLevels(as('PARTNER', partnerOrg), partnerOrg))).toBe('ok');
    expect(code(await storeLevels(as('PARTNER', randomUUID()), partnerOrg))).toBe('FORBIDDEN');
    expect(code(await storeLevels(as('PARTNER', partnerOrg), null))).toBe('FORBIDDEN');
    for (const viewer of [as('CUSTOMER'), as('LOGISTICS', partnerOrg), as('MANUFACTURER', partnerOrg), null]) expect(code(await storeLevels(viewer, partnerOrg))).toBe('FORBIDDEN');

    expect(code(await productLevels(as('MANUFACTURER', makerOrg), makerOrg))).toBe('ok');
    expect(code(await productLevels(as('MANUFACTURER', randomUUID()), makerOrg))).toBe('FORBIDDEN');
    for (const viewer of [as('PARTNER', makerOrg), as('CUSTOMER'), null]) expect(code(await productLevels(viewer, makerOrg))).toBe('FORBIDDEN');
    expect(code(await productLevels(ADMIN, null))).toBe('ok');
  });

  it('answers /readyz once its Kafka consumers joined their groups', async () => {
    const res = await fetch(sg.url.replace('/graphql', '/readyz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { postgres: 'ok', kafka: 'ok', consumers: 'ok' } });
  });
});
