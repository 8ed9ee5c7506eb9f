/**
 * Browsing at a realistic size (20,000 products loaded in bulk, then ANALYZEd, on real
 * PostgreSQL): what keeps the shopper's paths cheap stays true. The category count comes from
 * the counts the triggers keep and stays exact through every kind of write; the category page,
 * the count and the search run on the indexes made for them; a shopper's category page costs a
 * fixed list of statements and no transaction; search keeps typo tolerance and puts the exact
 * name first, with its work capped.
 */
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Prisma } from '../src/data/db';
import { productCountSql, productPageSql, SEARCH_CANDIDATES, searchQuery } from '../src/data/products';
import { ADMIN, mutate, startCatalog, type CatalogHarness } from './helpers';

const PRODUCTS = 20_000;
const ADJECTIVES = ['Organic', 'Handmade', 'Premium', 'Rustic', 'Modern', 'Vintage', 'Smoked', 'Golden'];
const MATERIALS = ['Bamboo', 'Porcelain', 'Walnut', 'Jasmine', 'Copper', 'Linen', 'Ceramic', 'Oolong', 'Marble', 'Cedar'];
const NOUNS = ['Teapot', 'Bowl', 'Tea', 'Basket', 'Lantern', 'Scarf', 'Tray', 'Candle', 'Spoon', 'Notebook', 'Kettle', 'Vase'];

const PAGE = `query($filter: ProductFilter, $orderBy: ProductOrderBy, $first: Int) {
  products(filter: $filter, orderBy: $orderBy, first: $first) {
    totalCount
    edges { node { id name price { amount currency } images manufacturer { name } category { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
interface Page {
  products: { totalCount: number; edges: { node: { id: string; name: string; price: { amount: number } } }[] };
}

describe('catalog browsing at 20,000 products (real PostgreSQL)', () => {
  let h: CatalogHarness;
  const statements: string[] = [];
  const roots: string[] = [];
  const leaves: string[] = [];
  let grandchild = '';

  beforeAll(async () => {
    h = await startCatalog('catalogscale', { onQuery: (sql) => void statements.push(sql) });
    const category = async (slug: string, parentId?: string) => (await mutate(h, 'createCategory', { name: slug, slug, ...(parentId ? { parentId } : {}) })).category.id as string;
    for (let r = 0; r < 2; r++) {
      roots.push(await category(`root-${r}`));
      for (let c = 0; c < 3; c++) leaves.push(await category(`leaf-${r}-${c}`, roots[r]));
    }
    grandchild = await category('grandchild', leaves[0]);
    const makers = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, id] of makers.entries()) await h.eu.pool.query(`INSERT INTO catalog.manufacturer (id, name, origin_region, updated_at) VALUES ($1, $2, 'eu', now())`, [id, `Maker ${i}`]);
    // The bulk path of a large load: one statement, the triggers keep counts and vocabulary.
    await h.eu.pool.query(
      `INSERT INTO catalog.product (id, sku, name, description, price_amount, currency, status, manufacturer_id, category_id, origin_region, updated_at, images)
       SELECT gen_random_uuid(), 'SCALE-' || g,
         ($1::text[])[1 + g % cardinality($1)] || ' ' || ($2::text[])[1 + (g / 7) % cardinality($2)] || ' ' || ($3::text[])[1 + (g / 11) % cardinality($3)],
         'Made in our workshop, item ' || g, 100 + (g * 7919) % 49900, 'EUR',
         (CASE WHEN g % 100 < 92 THEN 'ACTIVE' WHEN g % 100 < 97 THEN 'DRAFT' ELSE 'ARCHIVED' END)::catalog."ProductStatus",
         ($4::uuid[])[1 + g % 3], ($5::uuid[])[1 + (g / 3) % cardinality($5)], 'eu', now(), ARRAY['https://img.example/' || g || '.jpg']
       FROM generate_series(1, $6::int) g`,
      [ADJECTIVES, MATERIALS, NOUNS, makers, [...leaves, grandchild], PRODUCTS],
    );
    for (const table of ['product', 'category', 'category_product_count', 'search_term']) await h.eu.pool.query(`VACUUM ANALYZE catalog.${table}`);
  }, 120_000);
  afterAll(() => h?.close());

  const page = async (variables: Record<string, unknown>, viewer: Parameters<CatalogHarness['ok']>[2] = null) => (await h.ok<Page>(PAGE, variables, viewer)).products;

  /** Live ACTIVE products of a subtree, counted the slow way. */
  async function truth(categoryId: string): Promise<number> {
    const { rows } = await h.eu.pool.query<{ n: number }>(
      `WITH RECURSIVE sub(id) AS (SELECT id FROM catalog.category WHERE id = $1 AND deleted_at IS NULL
         UNION SELECT c.id FROM catalog.category c JOIN sub ON c.parent_id = sub.id WHERE c.deleted_at IS NULL)
       SELECT count(*)::int AS n FROM catalog.product WHERE category_id IN (SELECT id FROM sub) AND status = 'ACTIVE' AND deleted_at IS NULL`,
      [categoryId],
    );
    return rows[0]!.n;
  }

  it('answers a shopper category page with fixed statements, no transaction, and the kept count', async () => {
    const before = statements.length;
    const p = await page({ filter: { categoryId: roots[0] }, orderBy: 'PRICE_ASC', first: 20 });
    const ran = statements.slice(before);
    expect(p.totalCount).toBe(await truth(roots[0]!));
    expect(p.edges).toHaveLength(20);
    const prices = p.edges.map((e) => e.node.price.amount);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    // The page of ids, its rows, the count from the kept counts, the makers and the categories: one statement each.
    expect(ran.filter((s) => /^\s*(BEGIN|COMMIT|SET)\b/i.test(s))).toEqual([]);
    expect(ran).toHaveLength(5);
    const count = ran.find((s) => /count|sum\(/i.test(s))!;
    expect(count).toContain('category_product_count');
    expect(count).not.toMatch(/FROM "catalog"."product"/);
  });

  it('answers a relevance search with its totalCount in fixed statements, counting the matches in the page statement', async () => {
    const before = statements.length;
    const p = await page({ filter: { search: 'porcelian teapot' }, orderBy: 'RELEVANCE', first: 20 });
    const ran = statements.slice(before);
    const truth = (await h.eu.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.product WHERE name ILIKE '%porcelain teapot%' AND status = 'ACTIVE' AND deleted_at IS NULL`)).rows[0]!.n;
    expect(p.totalCount).toBe(truth);
    // The words' tsquery, the ranked page (with its count), its rows, the makers and the categories.
    expect(ran).toHaveLength(5);
    expect(ran.filter((s) => /count\(\*\)::int AS n/.test(s))).toEqual([]);
  });

  it('keeps the counts exact through creates, status changes, moves, deletes and tree moves', async () => {
    const created = await mutate(h, 'createProduct', { sku: 'SCALE-NEW', name: 'Copper Lantern Deluxe', price: { amount: 999, currency: 'EUR' }, categoryId: grandchild, status: 'ACTIVE' });
    const id = created.product.id as string;
    await mutate(h, 'updateProduct', { id, categoryId: leaves[4] });
    await mutate(h, 'archiveProduct', { id });
    const some = (await page({ filter: { categoryId: leaves[1] }, first: 3 }, ADMIN)).edges.map((e) => e.node.id);
    await mutate(h, 'updateProduct', { id: some[0], status: 'DRAFT' });
    await mutate(h, 'deleteProduct', { id: some[1] });
    await mutate(h, 'updateProduct', { id: some[2], categoryId: grandchild });
    // The grandchild (and its products) moves under the other root.
    await mutate(h, 'updateCategory', { id: grandchild, parentId: roots[1] });
    for (const categoryId of [...roots, ...leaves, grandchild]) {
      expect({ categoryId, n: (await page({ filter: { categoryId }, first: 0 })).totalCount }).toEqual({ categoryId, n: await truth(categoryId) });
    }
    const all = (await h.eu.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.product WHERE status = 'ACTIVE' AND deleted_at IS NULL`)).rows[0]!.n;
    expect((await page({ first: 0 })).totalCount).toBe(all);
  });

  it('finds misspelled words, ranks the exact name first, and requires every word', async () => {
    const exact = await page({ filter: { search: 'organic bamboo teapot' }, orderBy: 'RELEVANCE', first: 5 });
    expect(exact.edges[0]!.node.name).toBe('Organic Bamboo Teapot');
    const typo = await page({ filter: { search: 'porcelian teapto' }, orderBy: 'RELEVANCE', first: 20 });
    expect(typo.totalCount).toBeGreaterThan(0);
    for (const e of typo.edges) expect(e.node.name).toMatch(/Porcelain Teapot/);
    // A word of the description counts as found (not corrected to a name word).
    expect((await page({ filter: { search: 'workshop jasmine' }, orderBy: 'RELEVANCE', first: 1 })).totalCount).toBeGreaterThan(0);
    expect((await page({ filter: { search: 'qqqzzx' } })).totalCount).toBe(0);
  });

  it('ranks at most the capped candidates of a broad search, exact names included', async () => {
    const broad = await page({ filter: { search: 'item' }, orderBy: 'RELEVANCE', first: 100 });
    expect(broad.totalCount).toBeGreaterThan(SEARCH_CANDIDATES);
    expect(broad.edges).toHaveLength(100);
  });

  describe('query plans', () => {
    let client: PoolClient;
    beforeAll(async () => void (client = await h.eu.pool.connect()));
    afterAll(() => client?.release(true));
    const plan = async (sql: Prisma.Sql) => (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql.text}`, sql.values as unknown[])).rows.map((r) => r['QUERY PLAN']).join('\n');
    const shopper = { visibility: { organizationId: null } } as const;

    it('reads a category page per category from the (category_id, price_amount, id) index', async () => {
      const text = await plan(productPageSql({ ...shopper, categoryId: roots[0] }, 'PRICE_ASC', 21));
      expect(text).toContain('product_category_price_idx');
      expect(text).not.toMatch(/Seq Scan on product/);
    });

    it('counts a shopper category from the kept counts, never the products', async () => {
      expect(await plan(productCountSql({ ...shopper, categoryId: roots[0] }))).not.toMatch(/on product\b/);
    });

    it('corrects unknown words from the vocabulary, then searches on the full-text index', async () => {
      const tsquery = await searchQuery(h.eu.pool, 'porcelian teapot');
      expect(tsquery).toContain(`'porcelain'`);
      expect(tsquery).toContain(`'teapot'`);
      expect(await plan(productPageSql({ ...shopper, search: 'porcelian teapot', tsquery }, 'RELEVANCE', 21))).toContain('product_search_vector_idx');
      expect(await plan(productCountSql({ ...shopper, search: 'porcelian teapot', tsquery }))).toContain('product_search_vector_idx');
    });

    it('pages the whole catalog by price on the (price_amount, id) index', async () => {
      expect(await plan(productPageSql(shopper, 'PRICE_ASC', 21, { value: 1000, id: '00000000-0000-4000-8000-000000000000' }))).toContain('product_price_amount_id_idx');
    });
  });
});
