/**
 * Stock levels through the gateway (real PostgreSQL and Kafka): atomic adjustments under
 * concurrency, negative stock refused with nothing written, low-stock crossings, movements,
 * public availability and who may read a level.
 */
import { graphql, internalHeaders } from '@miw/testing';
import { ADJUST, ERRORS, outbox, startHarness, type Harness } from './support';

describe('inventory levels (gateway, real PostgreSQL and Kafka)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('stock');
  });
  afterAll(async () => {
    await h?.close();
  });

  const adjust = (who = h.world.as.admin, input: Record<string, unknown>) => h.call(who, ADJUST, { input });
  const movementCount = async (storeId: string, productId: string) =>
    Number(
      (
        await h.sg.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM inventory.inventory_movement m JOIN inventory.inventory_level l ON l.id = m.level_id WHERE l.store_id = $1 AND l.product_id = $2`,
          [storeId, productId],
        )
      ).rows[0]!.n,
    );

  it('applies 50 concurrent adjustments exactly: 30 succeed, 20 are refused, stock ends at 0', async () => {
    const { store, product } = h.world;
    const first = await adjust(undefined, { storeId: store.a, productId: product.rice, delta: 30, reason: 'RECEIVED' });
    expect(first.data!.adjustInventory).toMatchObject({ errors: [], level: { onHand: 30, available: 30 }, movement: { delta: 30, reason: 'RECEIVED' } });

    const results = await Promise.all(Array.from({ length: 50 }, () => adjust(undefined, { storeId: store.a, productId: product.rice, delta: -1, reason: 'SOLD' })));
    expect(results.every((r) => !r.errors)).toBe(true);
    const codes = results.map((r) => r.data!.adjustInventory.errors[0]?.code ?? 'ok');
    expect(codes.filter((c) => c === 'ok')).toHaveLength(30);
    expect(codes.filter((c) => c === 'INSUFFICIENT_STOCK')).toHaveLength(20);

    const level = await h.call(h.world.as.admin, `query($s: ID!, $p: ID!) { inventoryLevel(storeId: $s, productId: $p) { onHand reserved available } }`, { s: store.a, p: product.rice });
    expect(level.data!.inventoryLevel).toEqual({ onHand: 0, reserved: 0, available: 0 });
    expect(await movementCount(store.a, product.rice)).toBe(31);
  });

  it('refuses a change that would go negative or over-reserve, writing nothing', async () => {
    const { store, product } = h.world;
    await adjust(undefined, { storeId: store.a, productId: product.spare, delta: 2, reason: 'RECEIVED' });
    const before = await movementCount(store.a, product.spare);
    const eventsBefore = (await outbox(h, 'inventory.inventory_level.changed')).length;

    for (const input of [
      { delta: -3, reason: 'SOLD' },
      { delta: -3, reason: 'ADJUSTED' },
      { delta: 3, reason: 'RESERVED' },
      { delta: -1, reason: 'RELEASED' },
    ]) {
      const res = await adjust(undefined, { storeId: store.a, productId: product.spare, ...input });
      expect(res.data!.adjustInventory).toMatchObject({ level: null, movement: null, errors: [{ code: 'INSUFFICIENT_STOCK', field: 'input.delta' }] });
    }
    // A product never stocked here: nothing to take from.
    const none = await adjust(undefined, { storeId: store.b, productId: product.spare, delta: -1, reason: 'DAMAGED' });
    expect(none.data!.adjustInventory.errors[0].code).toBe('INSUFFICIENT_STOCK');

    expect(await movementCount(store.a, product.spare)).toBe(before);
    expect((await outbox(h, 'inventory.inventory_level.changed')).length).toBe(eventsBefore);
    const { rows } = await h.sg.pool.query(`SELECT on_hand, reserved FROM inventory.inventory_level WHERE store_id = $1 AND product_id = $2`, [store.a, product.spare]);
    expect(rows).toEqual([{ on_hand: 2, reserved: 0 }]);
  });

  it('holds the CHECK constraints whatever writes the row', async () => {
    const { store, product } = h.world;
    const violation = (sql: string) => h.sg.pool.query(sql, [store.a, product.spare]).then(() => 'ok', (e: { code?: string }) => e.code);
    expect(await violation(`UPDATE inventory.inventory_level SET on_hand = -1 WHERE store_id = $1 AND product_id = $2`)).toBe('23514');
    expect(await violation(`UPDATE inventory.inventory_level SET reserved = on_hand + 1 WHERE store_id = $1 AND product_id = $2`)).toBe('23514');
    expect(await violation(`INSERT INTO inventory.inventory_movement (id, level_id, delta, reason, correlation_id)
      SELECT gen_random_uuid(), id, 0, 'ADJUSTED', 'c' FROM inventory.inventory_level WHERE store_id = $1 AND product_id = $2`)).toBe('23514');
  });

  it('answers a delta that does not fit its reason, and malformed input, with clear errors', async () => {
    const { store, product } = h.world;
    const wrongSign = await adjust(undefined, { storeId: store.a, productId: product.tea, delta: -5, reason: 'RECEIVED' });
    expect(wrongSign.data!.adjustInventory.errors[0]).toMatchObject({ code: 'INVALID', field: 'input.delta' });
    const badId = await adjust(undefined, { storeId: 'not-a-uuid', productId: product.tea, delta: 5, reason: 'RECEIVED' });
    expect(badId.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const huge = await adjust(undefined, { storeId: store.a, productId: product.tea, delta: 1, reason: 'RECEIVED', note: 'x'.repeat(501) });
    expect(huge.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const unknownStore = await adjust(undefined, { storeId: product.tea, productId: product.tea, delta: 5, reason: 'RECEIVED' });
    expect(unknownStore.data!.adjustInventory.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'input.storeId' });
    // Region-locked: a CN store is not managed by the EU inventory.
    const otherRegion = await adjust(undefined, { storeId: store.cn, productId: product.tea, delta: 5, reason: 'RECEIVED' });
    expect(otherRegion.data!.adjustInventory.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'input.storeId' });
  });

  it('writes one low-stock event per crossing into low stock', async () => {
    const { store, product } = h.world;
    const { as } = h.world;
    await adjust(as.partnerB, { storeId: store.b, productId: product.tea, delta: 10, reason: 'RECEIVED' });
    const threshold = await h.call(as.partnerB, `mutation($input: SetLowStockThresholdInput!) { setLowStockThreshold(input: $input) { level { lowStockThreshold lowStock } ${ERRORS} } }`, {
      input: { storeId: store.b, productId: product.tea, lowStockThreshold: 5 },
    });
    expect(threshold.data!.setLowStockThreshold).toEqual({ level: { lowStockThreshold: 5, lowStock: false }, errors: [] });

    const steps: [number, string, boolean][] = [
      [-3, 'SOLD', false], // 7
      [-2, 'SOLD', true], // 5: crossing 1
      [-1, 'DAMAGED', true], // 4: still low
      [10, 'RECEIVED', false], // 14: recovered
      [4, 'RESERVED', false], // available 10
      [-10, 'ADJUSTED', true], // onHand 4, reserved 4, available 0: crossing 2
    ];
    for (const [delta, reason, low] of steps) {
      const res = await adjust(as.partnerB, { storeId: store.b, productId: product.tea, delta, reason });
      expect(res.data!.adjustInventory.errors).toEqual([]);
      expect(res.data!.adjustInventory.level.lowStock).toBe(low);
    }
    const levelId = (await h.sg.pool.query(`SELECT id FROM inventory.inventory_level WHERE store_id = $1 AND product_id = $2`, [store.b, product.tea])).rows[0].id as string;
    const crossings = await outbox(h, 'inventory.low_stock.crossed', levelId);
    expect(crossings.map((c) => [c.payload.onHand, c.payload.reserved, c.payload.available])).toEqual([
      [5, 0, 5],
      [4, 4, 0],
    ]);
    expect(crossings[0]!.payload.audience.organizationIds.sort()).toEqual([h.world.org.makerA, h.world.org.partnerB].sort());

    const changed = await outbox(h, 'inventory.inventory_level.changed', levelId);
    expect(changed).toHaveLength(8);
    expect(changed.at(-1)!.payload).toMatchObject({ id: levelId, onHand: 4, reserved: 4, available: 0, lowStock: true, lowStockThreshold: 5, movement: { delta: -10, reason: 'ADJUSTED' } });

    // Raising the threshold above the available stock is a crossing too (once).
    const cups = await adjust(as.partnerB, { storeId: store.b, productId: product.cups, delta: 8, reason: 'RECEIVED' });
    const cupsId = cups.data!.adjustInventory.level.id as string;
    for (const lowStockThreshold of [10, 12]) {
      await h.call(as.partnerB, `mutation($input: SetLowStockThresholdInput!) { setLowStockThreshold(input: $input) { ${ERRORS} } }`, { input: { storeId: store.b, productId: product.cups, lowStockThreshold } });
    }
    expect((await outbox(h, 'inventory.low_stock.crossed', cupsId)).map((c) => c.payload.lowStockThreshold)).toEqual([10]);
  });

  it('lists a level\'s movements newest first, paginated', async () => {
    const { store, product } = h.world;
    const q = `query($s: ID!, $p: ID!, $after: String) { inventoryLevel(storeId: $s, productId: $p) { movements(first: 4, after: $after) { edges { cursor node { delta reason } } pageInfo { hasNextPage endCursor } } } }`;
    const page1 = await h.call(h.world.as.partnerB, q, { s: store.b, p: product.tea });
    const m1 = page1.data!.inventoryLevel.movements;
    expect(m1.edges.map((e: { node: { delta: number } }) => e.node.delta)).toEqual([-10, 4, 10, -1]);
    expect(m1.pageInfo.hasNextPage).toBe(true);
    const page2 = await h.call(h.world.as.partnerB, q, { s: store.b, p: product.tea, after: m1.pageInfo.endCursor });
    expect(page2.data!.inventoryLevel.movements.edges.map((e: { node: { delta: number } }) => e.node.delta)).toEqual([-2, -3, 10]);
    expect(page2.data!.inventoryLevel.movements.pageInfo.hasNextPage).toBe(false);
    const forged = await h.call(h.world.as.partnerB, q, { s: store.b, p: product.tea, after: 'bm9wZQ' });
    expect(forged.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('shows a level only to admins, the partner running the store and the product\'s maker', async () => {
    const { store, product, as } = h.world;
    const q = `query($s: ID!, $p: ID!) { inventoryLevel(storeId: $s, productId: $p) { onHand } }`;
    const code = async (who: (typeof as)[keyof typeof as] | null) => {
      const res = await h.call(who, q, { s: store.b, p: product.tea });
      return res.errors?.[0]?.extensions?.code ?? 'ok';
    };
    expect(await code(as.admin)).toBe('ok');
    expect(await code(as.partnerB)).toBe('ok');
    expect(await code(as.makerA)).toBe('ok');
    expect(await code(as.partnerA)).toBe('FORBIDDEN');
    expect(await code(as.makerB)).toBe('FORBIDDEN');
    expect(await code(as.carrierA)).toBe('FORBIDDEN');
    expect(await code(as.shopper)).toBe('FORBIDDEN');
    expect(await code(null)).toBe('UNAUTHENTICATED');
    // A partner may not move another partner's stock.
    const res = await adjust(as.partnerA, { storeId: store.b, productId: product.tea, delta: 1, reason: 'RECEIVED' });
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('gives anyone Product.availability: the sum of available stock of the region', async () => {
    const { product, store } = h.world;
    await adjust(undefined, { storeId: store.a, productId: product.tea, delta: 5, reason: 'RECEIVED' });
    const res = await graphql<{ _entities: { availability: number }[] }>(
      h.sg.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { availability } } }`,
      { r: [product.tea, product.rice, product.spare, product.cups].map((id) => ({ __typename: 'Product', id })) },
      await internalHeaders(null),
    );
    expect(res.errors).toBeUndefined();
    // tea: store A 5 + store B 0 available; rice 0; spare 2; cups 8 (store B).
    expect(res.data!._entities.map((e) => e.availability)).toEqual([5, 0, 2, 8]);
  });
});
