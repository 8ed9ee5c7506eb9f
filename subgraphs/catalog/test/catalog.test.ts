import { randomUUID } from 'node:crypto';
import { createApp } from '@miw/subgraph-catalog';
import type { RunningSubgraph } from '@miw/service-kit';
import type { UserViewer } from '@miw/auth';
import { createTestDatabase, graphql, internalHeaders, sqlCounter, startTestSubgraph, type TestDatabase, expectConstantStatements } from '@miw/testing';

const user = (role: UserViewer['role'], organizationId: string | null = null): UserViewer => ({ kind: 'user', userId: randomUUID(), role, organizationId, region: 'eu', scopes: [] });
const ADMIN = user('ADMIN');

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateProductInput!) {
    createProduct(input: $input) {
      product { id sku name description price { amount currency } attributes status originRegion createdAt updatedAt }
      errors { code field message }
    }
  }
`;

describe('catalog subgraph (real PostgreSQL)', () => {
  let db: TestDatabase;
  let eu: RunningSubgraph;
  let cn: RunningSubgraph;
  let cnDb: TestDatabase;
  const sql = sqlCounter();

  beforeAll(async () => {
    [db, cnDb] = await Promise.all([createTestDatabase('catalog'), createTestDatabase('catalogcn')]);
    eu = await startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp, onQuery: sql.onQuery });
    cn = await startTestSubgraph({ domain: 'catalog', databaseUrl: cnDb.url, region: 'cn', createApp, env: { MASTER_REGION_ENDPOINT: 'http://eu.example/graphql' } });
  });
  afterAll(async () => {
    await eu?.close();
    await cn?.close();
    await db?.drop();
    await cnDb?.drop();
  });

  const create = async (input: Record<string, unknown>, viewer: UserViewer | null = ADMIN) =>
    graphql<{ createProduct: { product: Record<string, unknown> | null; errors: { code: string; field: string }[] } }>(eu.url, CREATE, { input }, await internalHeaders(viewer));

  it('creates a product, writes its event to the outbox, and reads it back', async () => {
    const res = await create({ sku: 'tea-100', name: 'Oolong', price: { amount: 1599, currency: 'EUR' }, attributes: { grams: 100 }, status: 'ACTIVE' });
    expect(res.errors).toBeUndefined();
    const product = res.data!.createProduct.product!;
    expect(product).toMatchObject({ sku: 'TEA-100', name: 'Oolong', description: '', price: { amount: 1599, currency: 'EUR' }, attributes: { grams: 100 }, status: 'ACTIVE', originRegion: 'EU' });

    const read = await graphql<{ product: { sku: string } }>(eu.url, `query($id: ID!) { product(id: $id) { sku } }`, { id: product.id });
    expect(read.data!.product.sku).toBe('TEA-100');

    const { rows } = await eu.pool.query(`SELECT type, key, envelope FROM catalog.outbox WHERE key = $1`, [product.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].type).toBe('catalog.product.created');
    expect(rows[0].envelope.payload).toMatchObject({ id: product.id, sku: 'TEA-100', priceAmount: 1599 });
  });

  it('answers invalid input and a taken SKU with typed payload errors, writing nothing', async () => {
    const invalid = await create({ sku: '!', name: '', price: { amount: -5, currency: 'ZZZ' } });
    expect(invalid.data!.createProduct.product).toBeNull();
    expect(invalid.data!.createProduct.errors.map((e) => e.field).sort()).toEqual(['input.name', 'input.price.amount', 'input.price.currency', 'input.sku']);

    await create({ sku: 'DUP-1', name: 'First', price: { amount: 1, currency: 'EUR' } });
    const outboxBefore = (await eu.pool.query('SELECT count(*)::int n FROM catalog.outbox')).rows[0].n;
    const dup = await create({ sku: 'dup-1', name: 'Second', price: { amount: 1, currency: 'EUR' } });
    expect(dup.data!.createProduct.errors).toEqual([{ code: 'SKU_TAKEN', field: 'input.sku', message: expect.any(String) }]);
    expect((await eu.pool.query('SELECT count(*)::int n FROM catalog.outbox')).rows[0].n).toBe(outboxBefore);

    const missing = await create({ sku: 'REF-1', name: 'x', price: { amount: 1, currency: 'EUR' }, manufacturerId: randomUUID() });
    expect(missing.data!.createProduct.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'input.manufacturerId' });
  });

  it('answers malformed requests with GraphQL errors carrying extensions.code', async () => {
    const badId = await graphql(eu.url, `{ product(id: "1; DROP TABLE x") { id } }`);
    expect(badId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await graphql(eu.url, `{ products(first: 1000) { totalCount } }`);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await graphql(eu.url, `{ products(after: "not-a-cursor") { totalCount } }`);
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badJson = await create({ sku: 'J-1', name: 'x', price: { amount: 1, currency: 'EUR' }, attributes: [1, 2] });
    expect(badJson.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const huge = await fetch(eu.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(2_000_000) }) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const notJson = await fetch(eu.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(notJson.status).toBe(400);
  });

  it('pages through products with opaque cursors', async () => {
    for (let i = 0; i < 5; i++) await create({ sku: `PAGE-${i}`, name: `p${i}`, price: { amount: i, currency: 'EUR' }, status: 'ACTIVE' });
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let guard = 0; guard < 20; guard++) {
      const page: Awaited<ReturnType<typeof graphql<{ products: { totalCount: number; edges: { node: { sku: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>>> = await graphql(
        eu.url,
        `query($after: String) { products(first: 3, after: $after) { totalCount edges { node { sku } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const { products } = page.data!;
      total = products.totalCount;
      seen.push(...products.edges.map((e) => e.node.sku));
      if (!products.pageInfo.hasNextPage) break;
      after = products.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual(expect.arrayContaining(['PAGE-0', 'PAGE-4']));
  });

  it('resolves entity references in batches: SQL statements do not grow with the number of references', async () => {
    const manufacturers = [randomUUID(), randomUUID()];
    const categoryId = randomUUID();
    for (const id of manufacturers) await eu.pool.query(`INSERT INTO catalog.manufacturer (id, name, origin_region, updated_at) VALUES ($1, 'M', 'eu', now())`, [id]);
    await eu.pool.query(`INSERT INTO catalog.category (id, name, slug, origin_region, updated_at) VALUES ($1, 'C', 'c-batch', 'eu', now())`, [categoryId]);
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await create({ sku: `BATCH-${i}`, name: `b${i}`, price: { amount: 100 + i, currency: 'EUR' }, manufacturerId: manufacturers[i % 2], categoryId });
      ids.push(res.data!.createProduct.product!.id as string);
    }
    const statementsFor = async (n: number) => {
      const res = await graphql<{ _entities: ({ sku: string; price: { amount: number }; manufacturer: { name: string } | null; category: { name: string } | null } | null)[] }>(
        eu.url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { sku price { amount } manufacturer { name } category { name } } } }`,
        { r: ids.slice(0, n).map((id) => ({ __typename: 'Product', id })) },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toHaveLength(n);
      expect(res.data!._entities.every((e) => e !== null && e.manufacturer?.name === 'M' && e.category?.name === 'C')).toBe(true);
    };
    await expectConstantStatements(sql, statementsFor);
  });

  it('refuses writes in CN with REGION_READ_ONLY naming the EU endpoint', async () => {
    const res = await graphql(cn.url, CREATE, { input: { sku: 'CN-1', name: 'x', price: { amount: 1, currency: 'CNY' } } }, await internalHeaders(ADMIN));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'REGION_READ_ONLY', region: 'cn', writableEndpoint: 'http://eu.example/graphql' });
    expect((await cn.pool.query('SELECT count(*)::int n FROM catalog.product')).rows[0].n).toBe(0);
  });

  it('lets admins and manufacturers (for their own manufacturer only) create products', async () => {
    const org = randomUUID();
    const mine = randomUUID();
    const theirs = randomUUID();
    await eu.pool.query(`INSERT INTO catalog.manufacturer (id, name, organization_id, origin_region, updated_at) VALUES ($1, 'Mine', $2, 'eu', now()), ($3, 'Theirs', $4, 'eu', now())`, [mine, org, theirs, randomUUID()]);
    const input = (sku: string, manufacturerId?: string) => ({ sku, name: 'x', price: { amount: 1, currency: 'EUR' }, ...(manufacturerId ? { manufacturerId } : {}) });

    expect((await create(input('ROLE-1'), null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const role of ['PARTNER', 'LOGISTICS', 'CUSTOMER'] as const) expect((await create(input(`ROLE-${role}`), user(role, org))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await create(input('ROLE-2', theirs), user('MANUFACTURER', org))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await create(input('ROLE-3'), user('MANUFACTURER', org))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ok = await create(input('ROLE-4', mine), user('MANUFACTURER', org));
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.createProduct.product).toMatchObject({ sku: 'ROLE-4' });
    expect((await eu.pool.query(`SELECT count(*)::int n FROM catalog.product WHERE sku LIKE 'ROLE-%'`)).rows[0].n).toBe(1);
  });

  it('rejects requests that do not come from the gateway', async () => {
    for (const headers of [{ 'x-miw-internal': '' }, { 'x-miw-internal': 'forged.token.value' }]) {
      const res = await graphql(eu.url, `{ products { totalCount } }`, undefined, headers);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const entities = await graphql(eu.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { sku } } }`, { r: [{ __typename: 'Product', id: randomUUID() }] }, headers);
      expect(entities.status).toBe(401);
    }
  });

  it('reports readiness of PostgreSQL and Kafka', async () => {
    const res = await fetch(eu.url.replace('/graphql', '/readyz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { postgres: 'ok', kafka: 'ok' } });
  });
});
