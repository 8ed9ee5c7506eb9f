/**
 * Stock reservations through inventory's internal routes (real PostgreSQL and Kafka): all or
 * nothing, exact under concurrency (multi-line reservations crossing each other's products
 * without deadlock), idempotent by id, sold and released with their movements and events,
 * tombstones, the reconciler's list, the internal-token guard and malformed input; a constant
 * number of SQL statements per call whatever its number of lines; and the public StoreStock
 * entity, N references in one SQL statement.
 */
import { randomUUID } from 'node:crypto';
import { INTERNAL_HEADER, signInternalToken } from '@miw/auth';
import { RESERVATION_ROUTES, reservationPath, type ReserveRequest } from '@miw/contracts';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-inventory';
import { upsertManufacturerFact, upsertProductFact, upsertStoreFact } from '@miw/subgraph-inventory/projection';
import { seedInventory } from '@miw/subgraph-inventory/seed';
import { createTestDatabase, expectConstantStatements, graphql, readTestInfra, sqlCounter, startTestSubgraph, testTopicPrefix, type TestDatabase } from '@miw/testing';

/** A product id that sorts before (`'0'`) or after (`'f'`) others: the order its level is locked in. */
const productIdStarting = (first: string) => `${first}${randomUUID().slice(1)}`;

describe('stock reservations (internal routes, real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let sg: RunningSubgraph;
  let base: string;
  const sql = sqlCounter();
  const partner = randomUUID();
  const makerA = randomUUID();
  const makerB = randomUUID();
  const store = randomUUID();
  const cnStore = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase('reservations');
    sg = await startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp, topicPrefix: testTopicPrefix('reservations'), onQuery: sql.onQuery });
    base = `http://127.0.0.1:${sg.port}`;
    const client = await sg.pool.connect();
    try {
      const updatedAt = new Date().toISOString();
      await upsertStoreFact(client, { id: store, region: 'eu', partnerOrganizationId: partner, deletedAt: null, updatedAt });
      await upsertStoreFact(client, { id: cnStore, region: 'cn', partnerOrganizationId: partner, deletedAt: null, updatedAt });
      const manufacturers = { a: randomUUID(), b: randomUUID() };
      await upsertManufacturerFact(client, { id: manufacturers.a, organizationId: makerA, deletedAt: null, updatedAt });
      await upsertManufacturerFact(client, { id: manufacturers.b, organizationId: makerB, deletedAt: null, updatedAt });
    } finally {
      client.release();
    }
  });
  afterAll(async () => {
    await sg?.close();
    await db?.drop();
  });

  /** A product of maker A (or B) with `onHand` units in the store (no level when undefined). */
  async function product(onHand?: number, { first = '', maker = 'a', threshold = 0 }: { first?: string; maker?: 'a' | 'b'; threshold?: number } = {}): Promise<string> {
    const id = first ? productIdStarting(first) : randomUUID();
    const client = await sg.pool.connect();
    try {
      const manufacturer = (await client.query<{ id: string }>(`SELECT id FROM inventory.catalog_manufacturer WHERE organization_id = $1`, [maker === 'a' ? makerA : makerB])).rows[0]!.id;
      await upsertProductFact(client, { id, manufacturerId: manufacturer, deletedAt: null, updatedAt: new Date().toISOString() });
    } finally {
      client.release();
    }
    if (onHand !== undefined) await seedInventory(sg.pool, { levels: [{ id: randomUUID(), storeId: store, productId: id, onHand, lowStockThreshold: threshold }] });
    return id;
  }

  const token = (correlationId = 'reservations-test') => signInternalToken(readTestInfra().internalSecret, null, correlationId);

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked by value
  async function call(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(headers ?? { [INTERNAL_HEADER]: await token() }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  }

  const reserve = (lines: { productId: string; quantity: number }[], reservationId: string = randomUUID(), storeId = store) =>
    call('POST', RESERVATION_ROUTES.collection, { reservationId, storeId, lines, correlationId: `checkout-${reservationId}` } satisfies ReserveRequest);
  const sell = (id: string) => call('POST', reservationPath('sell', id));
  const release = (id: string, reason = 'payment declined') => call('POST', reservationPath('release', id), { reason });

  async function level(productId: string): Promise<{ onHand: number; reserved: number } | undefined> {
    const { rows } = await sg.pool.query<{ onHand: number; reserved: number }>(
      `SELECT on_hand AS "onHand", reserved FROM inventory.inventory_level WHERE store_id = $1 AND product_id = $2`,
      [store, productId],
    );
    return rows[0];
  }

  /** Movements of the product's level in the store written by reservations (not the seeded opening stock). */
  async function movements(productId: string) {
    const { rows } = await sg.pool.query<{ delta: number; reason: string; actorId: string | null; correlationId: string; note: string }>(
      `SELECT m.delta, m.reason::text AS reason, m.actor_id AS "actorId", m.correlation_id AS "correlationId", m.note
         FROM inventory.inventory_movement m JOIN inventory.inventory_level l ON l.id = m.level_id
        WHERE l.store_id = $1 AND l.product_id = $2 AND m.correlation_id <> 'seed' ORDER BY m.created_at, m.id`,
      [store, productId],
    );
    return rows;
  }

  /** The fields a 400 answer names (zod issue paths, dotted). */
  function problems(answer: { status: number; body: { error?: string; issues?: { path: (string | number)[] }[] } }): string[] {
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid request');
    return (answer.body.issues ?? []).map((i) => i.path.join('.'));
  }

  const count = async (query: string, params: unknown[]) => Number((await sg.pool.query<{ n: string }>(query, params)).rows[0]!.n);
  const levelEvents = () => count(`SELECT count(*) AS n FROM inventory.outbox WHERE type = 'inventory.inventory_level.changed'`, []);

  it('reserves all lines or nothing: a short second line leaves the first untouched, and is named with what is available', async () => {
    const tea = await product(5, { first: '0' });
    const cups = await product(1, { first: 'f' });
    const eventsBefore = await levelEvents();
    const id = randomUUID();

    const refused = await reserve([{ productId: tea, quantity: 2 }, { productId: cups, quantity: 3 }], id);
    expect(refused).toEqual({ status: 200, body: { outcome: 'OUT_OF_STOCK', shortages: [{ productId: cups, requested: 3, available: 1 }] } });
    // Tea was reserved first (it sorts first), then rolled back with everything else.
    expect(await level(tea)).toEqual({ onHand: 5, reserved: 0 });
    expect(await level(cups)).toEqual({ onHand: 1, reserved: 0 });
    expect(await movements(tea)).toEqual([]);
    expect(await movements(cups)).toEqual([]);
    expect(await levelEvents()).toBe(eventsBefore);
    expect(await count(`SELECT count(*) AS n FROM inventory.reservation WHERE id = $1`, [id])).toBe(0);

    // A product the store never held is short by all of it.
    const none = await product();
    const missing = await reserve([{ productId: tea, quantity: 1 }, { productId: none, quantity: 2 }]);
    expect(missing.body).toEqual({ outcome: 'OUT_OF_STOCK', shortages: [{ productId: none, requested: 2, available: 0 }] });
  });

  it('gives the last unit to exactly one of 50 concurrent reservations', async () => {
    const rice = await product(1);
    const answers = await Promise.all(Array.from({ length: 50 }, () => reserve([{ productId: rice, quantity: 1 }])));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const outcomes = answers.map((a) => a.body.outcome as string);
    expect(outcomes.filter((o) => o === 'RESERVED')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'OUT_OF_STOCK')).toHaveLength(49);
    for (const a of answers.filter((x) => x.body.outcome === 'OUT_OF_STOCK')) expect(a.body.shortages).toEqual([{ productId: rice, requested: 1, available: 0 }]);
    expect(await level(rice)).toEqual({ onHand: 1, reserved: 1 });
    expect((await movements(rice)).map((m) => [m.reason, m.delta])).toEqual([['RESERVED', 1]]);
    const winner = answers.find((a) => a.body.outcome === 'RESERVED')!.body.reservation;
    expect(await count(`SELECT count(*) AS n FROM inventory.reservation_line WHERE product_id = $1`, [rice])).toBe(1);
    expect(winner).toMatchObject({ storeId: store, status: 'ACTIVE', lines: [{ productId: rice, quantity: 1 }] });
  });

  it('reserves once when the same id arrives several times at once, and answers every call with it', async () => {
    const spare = await product(10);
    const id = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => reserve([{ productId: spare, quantity: 2 }], id)));
    for (const a of answers) expect(a).toMatchObject({ status: 200, body: { outcome: 'RESERVED', reservation: { id, status: 'ACTIVE', lines: [{ productId: spare, quantity: 2 }] } } });
    expect(new Set(answers.map((a) => a.body.reservation.createdAt)).size).toBe(1);
    expect(await level(spare)).toEqual({ onHand: 10, reserved: 2 });
    expect(await movements(spare)).toEqual([{ delta: 2, reason: 'RESERVED', actorId: null, correlationId: `checkout-${id}`, note: `reservation ${id}` }]);
    expect(await count(`SELECT count(*) AS n FROM inventory.reservation WHERE id = $1`, [id])).toBe(1);
  });

  it('sells a reservation: onHand and reserved fall together, one SOLD movement per line, and selling again changes nothing', async () => {
    const tea = await product(10);
    const mugs = await product(5, { maker: 'b' });
    const id = randomUUID();
    const reserved = await reserve([{ productId: tea, quantity: 3 }, { productId: mugs, quantity: 2 }], id);
    expect(reserved.body.outcome).toBe('RESERVED');
    expect(await level(tea)).toEqual({ onHand: 10, reserved: 3 });

    const sold = await sell(id);
    expect(sold).toMatchObject({ status: 200, body: { reservation: { id, storeId: store, status: 'SOLD' } } });
    expect(sold.body.reservation.lines).toHaveLength(2);
    expect(await level(tea)).toEqual({ onHand: 7, reserved: 0 });
    expect(await level(mugs)).toEqual({ onHand: 3, reserved: 0 });
    expect((await movements(tea)).map((m) => [m.reason, m.delta, m.note])).toEqual([['RESERVED', 3, `reservation ${id}`], ['SOLD', -3, `reservation ${id}`]]);
    expect((await movements(mugs)).map((m) => [m.reason, m.delta])).toEqual([['RESERVED', 2], ['SOLD', -2]]);

    // Each level event names the store's partner and only its own product's maker.
    const { rows } = await sg.pool.query<{ productId: string; audience: string[] }>(
      `SELECT envelope->'payload'->>'productId' AS "productId", envelope->'payload'->'audience'->'organizationIds' AS audience
         FROM inventory.outbox WHERE type = 'inventory.inventory_level.changed' AND envelope->'payload'->'movement'->>'reason' = 'SOLD'
          AND envelope->'payload'->>'productId' = ANY($1)`,
      [[tea, mugs]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.productId, r.audience]))).toEqual({ [tea]: [makerA, partner].sort(), [mugs]: [makerB, partner].sort() });

    const again = await sell(id);
    expect(again).toEqual(sold);
    expect(await movements(tea)).toHaveLength(2);
    expect(await level(tea)).toEqual({ onHand: 7, reserved: 0 });

    const late = await release(id);
    expect(late).toMatchObject({ status: 409, body: { error: expect.stringContaining('SOLD'), reservation: { id, status: 'SOLD' } } });
    expect(await level(tea)).toEqual({ onHand: 7, reserved: 0 });
  });

  it('releases a reservation: reserved falls with one RELEASED movement, releasing again changes nothing, selling it is a conflict', async () => {
    const tea = await product(8);
    const id = randomUUID();
    await reserve([{ productId: tea, quantity: 4 }], id);
    const released = await release(id, 'checkout expired');
    expect(released).toMatchObject({ status: 200, body: { reservation: { id, status: 'RELEASED', lines: [{ productId: tea, quantity: 4 }] } } });
    expect(await level(tea)).toEqual({ onHand: 8, reserved: 0 });
    expect((await movements(tea)).map((m) => [m.reason, m.delta, m.actorId])).toEqual([['RESERVED', 4, null], ['RELEASED', -4, null]]);
    expect((await sg.pool.query(`SELECT release_reason FROM inventory.reservation WHERE id = $1`, [id])).rows).toEqual([{ release_reason: 'checkout expired' }]);

    expect(await release(id, 'again')).toEqual(released);
    expect(await movements(tea)).toHaveLength(2);

    const sold = await sell(id);
    expect(sold).toMatchObject({ status: 409, body: { error: expect.stringContaining('RELEASED'), reservation: { id, status: 'RELEASED' } } });
    expect(await level(tea)).toEqual({ onHand: 8, reserved: 0 });

    // Reserving a released id again answers CLOSED and holds nothing.
    const closed = await reserve([{ productId: tea, quantity: 1 }], id);
    expect(closed.body).toMatchObject({ outcome: 'CLOSED', reservation: { id, status: 'RELEASED' } });
    expect(await level(tea)).toEqual({ onHand: 8, reserved: 0 });
  });

  it('leaves a tombstone when releasing an id never reserved, so a reserve arriving later is CLOSED and reserves nothing', async () => {
    const tea = await product(3);
    const id = randomUUID();
    const tombstone = await release(id, 'reconciled: no order');
    expect(tombstone).toMatchObject({ status: 200, body: { reservation: { id, storeId: null, status: 'RELEASED', lines: [] } } });
    const late = await reserve([{ productId: tea, quantity: 1 }], id);
    expect(late).toMatchObject({ status: 200, body: { outcome: 'CLOSED', reservation: { id, status: 'RELEASED', lines: [] } } });
    expect(await level(tea)).toEqual({ onHand: 3, reserved: 0 });
    expect(await movements(tea)).toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM inventory.reservation_line WHERE reservation_id = $1`, [id])).toBe(0);

    expect(await sell(randomUUID())).toMatchObject({ status: 404, body: { error: expect.any(String) } });
  });

  it('lists the oldest ACTIVE reservations created before a time, for the reconciler', async () => {
    const tea = await product(20);
    const first = await reserve([{ productId: tea, quantity: 1 }]);
    const cutoff = new Date(Date.parse(first.body.reservation.createdAt) + 1);
    const later = await reserve([{ productId: tea, quantity: 1 }]);
    const finished = await reserve([{ productId: tea, quantity: 1 }]);
    await sell(finished.body.reservation.id);

    const list = (query: string) => call('GET', `${RESERVATION_ROUTES.collection}?${query}`);
    const before = await list(`status=ACTIVE&createdBefore=${cutoff.toISOString()}&limit=500`);
    expect(before.status).toBe(200);
    const ids = before.body.reservations.map((r: { id: string }) => r.id);
    expect(ids).toContain(first.body.reservation.id);
    expect(ids).not.toContain(later.body.reservation.id);
    expect(before.body.reservations.at(-1)).toEqual({ id: first.body.reservation.id, storeId: store, createdAt: first.body.reservation.createdAt });
    const times = before.body.reservations.map((r: { createdAt: string }) => r.createdAt);
    expect(times).toEqual([...times].sort());
    const { rows } = await sg.pool.query<{ status: string }>(`SELECT DISTINCT status::text AS status FROM inventory.reservation WHERE id = ANY($1::uuid[])`, [ids]);
    expect(rows).toEqual([{ status: 'ACTIVE' }]);

    const everything = await list(`createdBefore=${new Date(Date.now() + 60_000).toISOString()}&limit=500`);
    expect(everything.body.reservations.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([first.body.reservation.id, later.body.reservation.id]));
    expect(everything.body.reservations.map((r: { id: string }) => r.id)).not.toContain(finished.body.reservation.id);
    expect((await list(`createdBefore=${new Date(Date.now() + 60_000).toISOString()}&limit=1`)).body.reservations).toHaveLength(1);

    for (const [query, field] of [
      ['createdBefore=yesterday', 'createdBefore'],
      [`createdBefore=${cutoff.toISOString()}&limit=0`, 'limit'],
      [`createdBefore=${cutoff.toISOString()}&limit=501`, 'limit'],
      [`status=SOLD&createdBefore=${cutoff.toISOString()}`, 'status'],
    ]) {
      expect(problems(await list(query!))).toEqual([field]);
    }
  });

  it('answers only internal callers: 401 without a token, with a forged one or a garbled one', async () => {
    const tea = await product(2);
    const body = { reservationId: randomUUID(), storeId: store, lines: [{ productId: tea, quantity: 1 }], correlationId: 'c' };
    const forged = await signInternalToken('not-the-secret-of-this-run-at-all', null, 'c');
    const refused: Record<string, string>[] = [{}, { [INTERNAL_HEADER]: forged }, { [INTERNAL_HEADER]: 'garbage' }];
    for (const headers of refused) {
      expect(await call('POST', RESERVATION_ROUTES.collection, body, headers)).toEqual({ status: 401, body: { error: expect.stringContaining('internal') } });
      expect((await call('GET', `${RESERVATION_ROUTES.collection}?createdBefore=${new Date().toISOString()}`, undefined, headers)).status).toBe(401);
      expect((await call('POST', reservationPath('release', randomUUID()), { reason: 'x' }, headers)).status).toBe(401);
    }
    expect(await level(tea)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('answers malformed requests with 400 and the problems, an unknown store with 404', async () => {
    const tea = await product(2);
    const valid = { reservationId: randomUUID(), storeId: store, lines: [{ productId: tea, quantity: 1 }], correlationId: 'c' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, lines: [] }, 'lines'],
      [{ ...valid, lines: [{ productId: tea, quantity: 0 }] }, 'lines.0.quantity'],
      [{ ...valid, lines: [{ productId: tea, quantity: 1000 }] }, 'lines.0.quantity'],
      [{ ...valid, lines: [{ productId: tea, quantity: 1 }, { productId: tea.toUpperCase(), quantity: 2 }] }, 'lines'],
      [{ ...valid, reservationId: 'order-1' }, 'reservationId'],
      [{ ...valid, correlationId: 'x'.repeat(129) }, 'correlationId'],
      [{ ...valid, lines: Array.from({ length: 101 }, () => ({ productId: randomUUID(), quantity: 1 })) }, 'lines'],
      [{ ...valid, storeId: undefined }, 'storeId'],
    ];
    for (const [bad, field] of cases) expect(problems(await call('POST', RESERVATION_ROUTES.collection, bad))).toEqual([field]);
    expect(await call('POST', RESERVATION_ROUTES.collection, '{"reservationId":')).toEqual({ status: 400, body: { error: 'the body is not valid JSON' } });
    expect(await call('POST', RESERVATION_ROUTES.collection, { ...valid, note: 'x'.repeat(70_000) })).toEqual({ status: 413, body: { error: 'request body too large' } });
    expect(problems(await call('POST', reservationPath('sell', 'not-a-uuid')))).toEqual(['']);
    expect(problems(await call('POST', reservationPath('release', randomUUID()), { reason: ' ' }))).toEqual(['reason']);

    const unknown = await reserve([{ productId: tea, quantity: 1 }], randomUUID(), randomUUID());
    expect(unknown).toMatchObject({ status: 404, body: { error: expect.stringContaining('no store of the EU region') } });
    // Region-locked: a CN store is not this (EU) inventory's business.
    expect((await reserve([{ productId: tea, quantity: 1 }], randomUUID(), cnStore)).status).toBe(404);
    expect(await level(tea)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('writes one level event per line with its movement and audience, and a low-stock event for the line crossing its threshold', async () => {
    const tea = await product(10, { first: '0', threshold: 2 });
    const mugs = await product(10, { first: 'f', maker: 'b', threshold: 2 });
    const id = randomUUID();
    expect((await reserve([{ productId: mugs, quantity: 1 }, { productId: tea, quantity: 8 }], id)).body.outcome).toBe('RESERVED');

    const { rows } = await sg.pool.query<{ type: string; key: string; payload: Record<string, unknown> & { movement: Record<string, unknown> } }>(
      `SELECT type, key, envelope->'payload' AS payload FROM inventory.outbox
        WHERE envelope->'payload'->>'productId' = ANY($1) AND envelope->'payload'->'movement'->>'note' = $2 ORDER BY id`,
      [[tea, mugs], `reservation ${id}`],
    );
    // In lock order: tea (sorts first) and its crossing into low stock, then mugs.
    expect(rows.map((r) => [r.type, r.payload.productId])).toEqual([
      ['inventory.inventory_level.changed', tea],
      ['inventory.low_stock.crossed', tea],
      ['inventory.inventory_level.changed', mugs],
    ]);
    const levels = await sg.pool.query<{ id: string; productId: string; updatedAt: Date }>(
      `SELECT id, product_id AS "productId", updated_at AS "updatedAt" FROM inventory.inventory_level WHERE store_id = $1 AND product_id = ANY($2)`,
      [store, [tea, mugs]],
    );
    const levelOf = new Map(levels.rows.map((l) => [l.productId, l]));
    const [teaMovement] = await movements(tea);
    expect(rows[0]!.key).toBe(levelOf.get(tea)!.id);
    expect(rows[0]!.payload).toEqual({
      id: levelOf.get(tea)!.id,
      storeId: store,
      productId: tea,
      onHand: 10,
      reserved: 8,
      available: 2,
      lowStockThreshold: 2,
      lowStock: true,
      updatedAt: levelOf.get(tea)!.updatedAt.toISOString(),
      movement: { id: expect.any(String), delta: 8, reason: 'RESERVED', actorId: null, correlationId: teaMovement!.correlationId, note: `reservation ${id}`, shipmentId: null, createdAt: expect.any(String) },
      audience: { organizationIds: [makerA, partner].sort() },
    });
    expect(rows[1]!.payload).toEqual(rows[0]!.payload);
    expect(rows[2]!.payload).toMatchObject({ productId: mugs, onHand: 10, reserved: 1, available: 9, lowStock: false, movement: { delta: 1, reason: 'RESERVED' }, audience: { organizationIds: [makerB, partner].sort() } });
  });

  it('reserves, sells and releases in a constant number of SQL statements whatever the number of lines', async () => {
    const products = await Promise.all(Array.from({ length: 50 }, () => product(10)));
    const lines = (n: number) => products.slice(0, n).map((productId) => ({ productId, quantity: 1 }));
    const reserveOf = async (n: number) => {
      const answer = await reserve(lines(n));
      expect(answer.body.outcome).toBe('RESERVED');
      expect(answer.body.reservation.lines).toHaveLength(n);
      return answer.body.reservation.id as string;
    };
    const sizes = [1, 10, 50];
    const reserves = await expectConstantStatements(sql, reserveOf, sizes);
    // One statement reserves (reservation, lines, levels, movements), one writes the events.
    expect(reserves[0]).toBe(2);

    const toSell = await Promise.all(sizes.map((n) => reserveOf(n)));
    const sells = await expectConstantStatements(sql, async (n) => expect((await sell(toSell[sizes.indexOf(n)]!)).status).toBe(200), sizes);
    const toRelease = await Promise.all(sizes.map((n) => reserveOf(n)));
    const releases = await expectConstantStatements(sql, async (n) => expect((await release(toRelease[sizes.indexOf(n)]!)).status).toBe(200), sizes);
    // One statement closes the reservation and moves its stock, one writes the events.
    expect([sells[0], releases[0]]).toEqual([2, 2]);
    // The first product took part in every call: 3 x 3 reservations, 3 sold, 3 released.
    expect(await level(products[0]!)).toEqual({ onHand: 7, reserved: 3 });
    expect(await level(products[49]!)).toEqual({ onHand: 9, reserved: 1 });
  });

  it('keeps exact counters when multi-line reservations lock overlapping products listed in different orders (no deadlock)', async () => {
    const shelf = await Promise.all(Array.from({ length: 5 }, () => product(20)));
    // Reservation i wants 3 neighbouring products, listed forwards or backwards, 1-3 units each:
    // about 24 units wanted per product for 20 on the shelf, so some are refused.
    const requests = Array.from({ length: 20 }, (_, i) => {
      const picked = [0, 1, 2].map((k) => ({ productId: shelf[(i + k) % 5]!, quantity: 1 + ((i + k) % 3) }));
      return i % 2 ? picked.reverse() : picked;
    });
    const answers = await Promise.all(requests.map((lines) => reserve(lines)));
    expect(answers.map((a) => a.status)).toEqual(requests.map(() => 200));
    const reserved = answers.flatMap((a, i) => (a.body.outcome === 'RESERVED' ? [{ id: a.body.reservation.id as string, lines: requests[i]! }] : []));
    expect(reserved.length).toBeGreaterThan(0);
    for (const [i, a] of answers.entries()) {
      if (a.body.outcome === 'RESERVED') continue;
      expect(a.body.outcome).toBe('OUT_OF_STOCK');
      for (const s of a.body.shortages) expect(s.available).toBeLessThan(requests[i]!.find((l) => l.productId === s.productId)!.quantity);
    }
    const wanted = (productId: string, of: { lines: { productId: string; quantity: number }[] }[]) =>
      of.reduce((sum, r) => sum + (r.lines.find((l) => l.productId === productId)?.quantity ?? 0), 0);
    for (const productId of shelf) {
      expect(await level(productId)).toEqual({ onHand: 20, reserved: wanted(productId, reserved) });
      expect((await movements(productId)).map((m) => m.reason)).toEqual(reserved.filter((r) => r.lines.some((l) => l.productId === productId)).map(() => 'RESERVED'));
    }

    // Half are sold and half released, all at once: the counters land exactly.
    const sold = reserved.filter((_, i) => i % 2 === 0);
    const finished = await Promise.all(reserved.map((r, i) => (i % 2 === 0 ? sell(r.id) : release(r.id))));
    expect(finished.map((f) => f.status)).toEqual(reserved.map(() => 200));
    for (const productId of shelf) expect(await level(productId)).toEqual({ onHand: 20 - wanted(productId, sold), reserved: 0 });
  });

  it('ends RELEASED holding nothing when a release races the reserve of the same id, and sells once when sold twice at once', async () => {
    const tea = await product(100);
    const ids = Array.from({ length: 10 }, () => randomUUID());
    const raced = await Promise.all(ids.flatMap((id) => [reserve([{ productId: tea, quantity: 2 }], id), release(id, 'checkout expired')]));
    expect(raced.map((a) => a.status)).toEqual(raced.map(() => 200));
    const { rows } = await sg.pool.query<{ status: string }>(`SELECT status::text AS status FROM inventory.reservation WHERE id = ANY($1::uuid[])`, [ids]);
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'RELEASED'));
    expect(await level(tea)).toEqual({ onHand: 100, reserved: 0 });
    const reasons = (await movements(tea)).map((m) => m.reason);
    expect(reasons.filter((r) => r === 'RESERVED')).toHaveLength(reasons.filter((r) => r === 'RELEASED').length);

    const id = randomUUID();
    await reserve([{ productId: tea, quantity: 3 }], id);
    const sold = await Promise.all([sell(id), sell(id), sell(id)]);
    for (const answer of sold) expect(answer).toMatchObject({ status: 200, body: { reservation: { id, status: 'SOLD' } } });
    expect(await level(tea)).toEqual({ onHand: 97, reserved: 0 });
    expect((await movements(tea)).filter((m) => m.reason === 'SOLD')).toHaveLength(1);
  });

  it('resolves StoreStock for any number of keys in one SQL statement, to anyone', async () => {
    const stocked = await product(10);
    await reserve([{ productId: stocked, quantity: 3 }]);
    const unstocked = await product();
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on StoreStock { storeId productId available } } }`;
    const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'StoreStock', storeId: store, productId: i === 0 ? stocked : i === 1 ? unstocked : randomUUID() }));

    const two = await graphql<{ _entities: unknown[] }>(sg.url, query, { r: keys(2) });
    expect(two.errors).toBeUndefined();
    expect(two.data!._entities).toEqual([
      { storeId: store, productId: stocked, available: 7 },
      { storeId: store, productId: unstocked, available: 0 },
    ]);
    const counts = await expectConstantStatements(sql, async (n) => {
      const res = await graphql<{ _entities: unknown[] }>(sg.url, query, { r: keys(n) });
      expect(res.data!._entities).toHaveLength(n);
    });
    expect(counts[0]).toBe(1);
  });
});
