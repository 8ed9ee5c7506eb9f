/**
 * Browsing the catalog against real PostgreSQL: filters, typo-tolerant search, category
 * descendants, prices, stable pages for every order, totalCount, limits; stores near a point (its
 * plan is checked to use the coordinate index). Plans of product browsing are checked at a
 * realistic size in browse-at-scale.test.ts.
 */
import type { PoolClient } from 'pg';
import type { Prisma } from '../src/data/db';
import { storesNearSql } from '../src/data/stores';
import { haversineKm } from '../src/domain/geo';
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import { ADMIN, mutate, startCatalog, storeInput, user, type CatalogHarness } from './helpers';

const ORG = randomUUID();

const PAGE = `query($filter: ProductFilter, $orderBy: ProductOrderBy, $first: Int, $after: String) {
  products(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { sku name price { amount } createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Node {
  sku: string;
  name: string;
  price: { amount: number };
  createdAt: string;
}
interface Page {
  products: { totalCount: number; edges: { cursor: string; node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('catalog browsing (real PostgreSQL)', () => {
  let h: CatalogHarness;
  const cat: Record<string, string> = {};
  const FILLERS = 24;

  beforeAll(async () => {
    h = await startCatalog('catalogbrowse');
    const category = async (slug: string, parent?: string) => {
      cat[slug] = (await mutate(h, 'createCategory', { name: slug, slug, ...(parent ? { parentId: cat[parent] } : {}) })).category.id;
    };
    await category('electronics');
    await category('audio', 'electronics');
    await category('headphones', 'audio');
    await category('kitchen');
    const maker = (await mutate(h, 'createManufacturer', { name: 'Maker' })).manufacturer.id as string;
    const product = async (sku: string, name: string, amount: number, categoryId: string | undefined, description = '', status = 'ACTIVE') => {
      const res = await mutate(h, 'createProduct', { sku, name, description, price: { amount, currency: 'EUR' }, categoryId, manufacturerId: maker, status });
      if (res.errors.length) throw new Error(JSON.stringify(res.errors));
    };
    await product('HP-1', 'Wireless headphones Aurora', 12900, cat.headphones, 'Noise cancelling over-ear headphones.');
    await product('SPK-1', 'Bluetooth speaker', 5900, cat.audio, 'Portable speaker.');
    await product('TV-1', 'Television 55 inch', 49900, cat.electronics);
    await product('ESP-1', 'Espresso machine', 29900, cat.kitchen, 'Pump machine with steam wand.');
    await product('JUG-1', 'Milk jug', 1500, cat.kitchen, 'Stainless steel, perfect for espresso drinks.');
    await product('GRD-1', 'Coffee grinder', 8900, cat.kitchen, 'Conical burrs.', 'DRAFT');
    // Fillers with repeated prices and names: ties that only the id breaks.
    for (let i = 0; i < FILLERS; i++) await product(`FILL-${String(i).padStart(2, '0')}`, `Filler item ${i % 3}`, 1000 + (i % 4) * 100, undefined, 'filler');
  });
  afterAll(() => h?.close());

  const page = async (variables: Record<string, unknown>) => (await h.ok<Page>(PAGE, variables)).products;
  const skus = (p: Page['products']) => p.edges.map((e) => e.node.sku);

  /** Walks every page; returns the nodes in order and the totalCount of the first page. */
  async function walk(variables: Record<string, unknown>, first: number) {
    const nodes: Node[] = [];
    let after: string | null = null;
    let total = -1;
    for (let guard = 0; guard < 100; guard++) {
      const p: Page['products'] = await page({ ...variables, first, after });
      if (total < 0) total = p.totalCount;
      nodes.push(...p.edges.map((e) => e.node));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    return { nodes, total };
  }

  it('finds a product despite a typo in its name (trigram), and by description words (full text)', async () => {
    expect(skus(await page({ filter: { search: 'headphnes' } }))).toEqual(['HP-1']);
    expect(skus(await page({ filter: { search: 'wireles aurora' } }))).toEqual(['HP-1']);
    expect(skus(await page({ filter: { search: 'portable' } }))).toEqual(['SPK-1']);
    expect((await page({ filter: { search: 'zzzqqq' } })).totalCount).toBe(0);
    // Query syntax and quotes are plain text to the search, never SQL or a tsquery error.
    for (const search of [`'; DROP TABLE catalog.product; --`, '!!! & | <-> :*', '"unterminated']) expect((await page({ filter: { search } })).totalCount).toBeGreaterThanOrEqual(0);
  });

  it('ranks name matches above description matches with orderBy RELEVANCE', async () => {
    const p = await page({ filter: { search: 'espresso' }, orderBy: 'RELEVANCE' });
    expect(skus(p)).toEqual(['ESP-1', 'JUG-1']);
    expect(p.totalCount).toBe(2);
  });

  it('filters by category including descendants, manufacturer-independent status, and price range', async () => {
    const electronics = await page({ filter: { categoryId: cat.electronics }, orderBy: 'PRICE_ASC' });
    expect(skus(electronics)).toEqual(['SPK-1', 'HP-1', 'TV-1']);
    expect(electronics.totalCount).toBe(3);
    expect(skus(await page({ filter: { categoryId: cat.audio }, orderBy: 'NAME_ASC' }))).toEqual(['SPK-1', 'HP-1']);
    expect(skus(await page({ filter: { categoryId: cat.headphones } }))).toEqual(['HP-1']);
    expect(skus(await page({ filter: { categoryId: cat.kitchen, status: 'DRAFT' } }))).toEqual(['GRD-1']);

    const range = await page({ filter: { priceMin: 5900, priceMax: 29900 }, orderBy: 'PRICE_DESC' });
    expect(skus(range)).toEqual(['ESP-1', 'HP-1', 'GRD-1', 'SPK-1']);
    expect(range.totalCount).toBe(4);
    expect((await page({ filter: { priceMax: 1000 } })).totalCount).toBe(FILLERS / 4);
    expect((await page({ filter: { currency: 'CNY' } })).totalCount).toBe(0);
  });

  it.each(['CREATED_AT_ASC', 'CREATED_AT_DESC', 'PRICE_ASC', 'PRICE_DESC', 'NAME_ASC'])('walks every page in %s order: no duplicates, none missing, in order', async (orderBy) => {
    const all = await walk({ orderBy }, 100);
    const { nodes, total } = await walk({ orderBy }, 4);
    expect(total).toBe(FILLERS + 6);
    expect(nodes.map((n) => n.sku)).toEqual(all.nodes.map((n) => n.sku));
    expect(new Set(nodes.map((n) => n.sku)).size).toBe(total);
    const key = (n: Node) => (orderBy.startsWith('PRICE') ? n.price.amount : orderBy.startsWith('NAME') ? n.name : Date.parse(n.createdAt));
    const keys = nodes.map(key);
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(keys).toEqual(orderBy.endsWith('DESC') ? sorted.reverse() : sorted);
  });

  it('walks every page of a RELEVANCE search (offset cursor) without duplicates', async () => {
    const { nodes, total } = await walk({ filter: { search: 'filler' }, orderBy: 'RELEVANCE' }, 5);
    expect(total).toBe(FILLERS);
    expect(new Set(nodes.map((n) => n.sku)).size).toBe(FILLERS);
  });

  it('refuses bad list arguments with BAD_USER_INPUT', async () => {
    const code = async (variables: Record<string, unknown>) => (await h.gql(PAGE, variables)).errors?.[0]?.extensions?.code;
    expect(await code({ first: 101 })).toBe('BAD_USER_INPUT');
    expect(await code({ first: -1 })).toBe('BAD_USER_INPUT');
    expect((await page({ first: 100 })).edges).toHaveLength(FILLERS + 6);
    expect(await code({ orderBy: 'RELEVANCE' })).toBe('BAD_USER_INPUT');
    expect(await code({ filter: { categoryId: 'x' } })).toBe('BAD_USER_INPUT');
    expect(await code({ filter: { priceMin: 10, priceMax: 5 } })).toBe('BAD_USER_INPUT');
    expect(await code({ filter: { search: 'x'.repeat(201) } })).toBe('BAD_USER_INPUT');
    expect(await code({ filter: { currency: 'XXX' } })).toBe('BAD_USER_INPUT');
    const priceCursor = (await page({ orderBy: 'PRICE_ASC', first: 1 })).pageInfo.endCursor;
    expect(await code({ orderBy: 'NAME_ASC', after: priceCursor })).toBe('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify(['product.PRICE_ASC', "1; DROP TABLE x", '00000000-0000-4000-8000-000000000000'])).toString('base64url');
    expect(await code({ orderBy: 'PRICE_ASC', after: forged })).toBe('BAD_USER_INPUT');
  });

  describe('stores near a point', () => {
    const BERLIN = { lat: 52.52, lng: 13.405 };
    beforeAll(async () => {
      for (const [code, lat, lng, region] of [
        ['EU-BER-01', 52.52, 13.405, 'EU'],
        ['EU-POT-01', 52.39, 13.06, 'EU'],
        ['EU-HAM-01', 53.55, 9.99, 'EU'],
        ['EU-MUC-01', 48.14, 11.58, 'EU'],
        ['CN-SHA-01', 31.23, 121.47, 'CN'],
        ['CN-SHA-02', 31.3, 121.5, 'CN'],
        ['EU-FJI-01', -16.8, -179.9, 'EU'],
      ] as const) {
        const res = await mutate(h, 'createStore', storeInput(code, lat, lng, region));
        if (res.errors.length) throw new Error(JSON.stringify(res.errors));
      }
    });
    const near = async (variables: Record<string, unknown>) =>
      (await h.ok<{ stores: { code: string; distanceKm: number | null }[] }>(`query($region: Region, $near: GeoNearInput) { stores(region: $region, near: $near) { code distanceKm } }`, variables)).stores;

    it('lists stores within the radius, nearest first, with their haversine distance', async () => {
      const stores = await near({ near: { ...BERLIN, radiusKm: 300 } });
      expect(stores.map((s) => s.code)).toEqual(['EU-BER-01', 'EU-POT-01', 'EU-HAM-01']);
      expect(stores[0]!.distanceKm).toBeCloseTo(0, 5);
      expect(stores[2]!.distanceKm).toBeCloseTo(haversineKm(BERLIN, { lat: 53.55, lng: 9.99 }), 3);
      expect((await near({ near: { ...BERLIN, radiusKm: 500 } })).map((s) => s.code)).not.toContain('EU-MUC-01');
      expect((await near({ region: 'CN', near: { lat: 31.23, lng: 121.47, radiusKm: 50 } })).map((s) => s.code)).toEqual(['CN-SHA-01', 'CN-SHA-02']);
      expect(await near({ region: 'EU', near: { lat: 31.23, lng: 121.47, radiusKm: 50 } })).toEqual([]);
      // Across the antimeridian: the bounding box wraps.
      expect((await near({ near: { lat: -17, lng: 179.9, radiusKm: 100 } })).map((s) => s.code)).toEqual(['EU-FJI-01']);
      // Without `near`, no distance.
      expect((await near({ region: 'CN' })).map((s) => s.distanceKm)).toEqual([null, null]);
    });

    it('refuses out-of-range points and radii with BAD_USER_INPUT', async () => {
      for (const n of [
        { ...BERLIN, radiusKm: 501 },
        { ...BERLIN, radiusKm: 0 },
        { lat: 91, lng: 0, radiusKm: 1 },
        { lat: 0, lng: -181, radiusKm: 1 },
      ]) {
        expect((await h.gql(`query($near: GeoNearInput) { stores(near: $near) { code } }`, { near: n })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
      expect((await h.gql(`{ stores(first: 101) { code } }`)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('query plans', () => {
    let client: PoolClient;
    beforeAll(async () => {
      client = await h.eu.pool.connect();
      // Tiny test tables always favour a sequential scan; forbid it to see that the indexes apply.
      await client.query('SET enable_seqscan = off');
    });
    afterAll(() => client?.release(true));
    const plan = async (sql: Prisma.Sql) => (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql.text}`, sql.values as unknown[])).rows.map((r) => r['QUERY PLAN']).join('\n');

    it('prefilters stores on (latitude, longitude)', async () => {
      expect(await plan(storesNearSql({ lat: 52.52, lng: 13.4 }, 100, undefined, 100))).toContain('store_latitude_longitude_idx');
    });
  });

  it('shows drafts and archived products to admins and their manufacturer only', async () => {
    const { manufacturer } = await mutate(h, 'createManufacturer', { name: 'Drafting maker', organizationId: ORG });
    const draft = (await mutate(h, 'createProduct', { sku: 'VIS-1', name: 'Unreleased kettle', price: { amount: 100, currency: 'EUR' }, manufacturerId: manufacturer.id, status: 'DRAFT' })).product.id as string;
    const sees = async (viewer: UserViewer | null) => {
      const list = (await h.ok<Page>(PAGE, { filter: { search: 'Unreleased kettle' } }, viewer)).products;
      const one = (await h.ok<{ product: { sku: string } | null }>(`query($id: ID!) { product(id: $id) { sku } }`, { id: draft }, viewer)).product;
      return [skus(list).includes('VIS-1'), one?.sku === 'VIS-1'];
    };
    expect(await sees(null)).toEqual([false, false]);
    expect(await sees(user('CUSTOMER'))).toEqual([false, false]);
    expect(await sees(user('MANUFACTURER', randomUUID()))).toEqual([false, false]);
    expect(await sees(user('MANUFACTURER', ORG))).toEqual([true, true]);
    expect(await sees(ADMIN)).toEqual([true, true]);
  });

  it('lists manufacturers page by page, searches their names literally, and hides deleted ones', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await mutate(h, 'createManufacturer', { name: `Listing Co ${i}` })).manufacturer.id as string);
    const literal = (await mutate(h, 'createManufacturer', { name: 'Per%cent_Works' })).manufacturer.id as string;
    const gone = (await mutate(h, 'createManufacturer', { name: 'Listing Co gone' })).manufacturer.id as string;
    expect((await mutate(h, 'deleteManufacturer', { id: gone })).errors).toEqual([]);

    type List = { manufacturers: { edges: { cursor: string; node: { id: string; name: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } } };
    const LIST = `query($search: String, $first: Int, $after: String) { manufacturers(search: $search, first: $first, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { manufacturers }: List = await h.ok<List>(LIST, { search: '  listing CO ', first: 2, after }, null); // anyone may list
      seen.push(...manufacturers.edges.map((e) => e.node.id));
      expect(manufacturers.pageInfo.hasPreviousPage).toBe(after !== null);
      after = manufacturers.pageInfo.endCursor;
      if (!manufacturers.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(ids); // oldest first, each once, the deleted one never

    // % and _ are plain characters of the name, not wildcards.
    const wild = await h.ok<List>(LIST, { search: '%' });
    expect(wild.manufacturers.edges.map((e) => e.node.id)).toEqual([literal]);
    expect((await h.ok<List>(LIST, { search: 'Per_cent' })).manufacturers.edges).toEqual([]);

    const one = `query($id: ID!) { manufacturer(id: $id) { name } }`;
    expect((await h.ok<{ manufacturer: { name: string } | null }>(one, { id: ids[0] }, null)).manufacturer).toEqual({ name: 'Listing Co 1' });
    expect((await h.ok<{ manufacturer: unknown }>(one, { id: gone })).manufacturer).toBeNull();

    const code = async (variables: Record<string, unknown>) => (await h.gql(LIST, variables)).errors?.[0]?.extensions?.code;
    expect(await code({ first: 101 })).toBe('BAD_USER_INPUT');
    expect(await code({ after: 'not-a-cursor' })).toBe('BAD_USER_INPUT');
    expect(await code({ search: 'x'.repeat(201) })).toBe('BAD_USER_INPUT');
    expect((await h.gql(one, { id: 'nope' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
